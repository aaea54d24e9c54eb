// The terminal report: one line per check, then each deviation with its evidence, then the verdict.
import { printable } from "@giosg-reporting/client";
import { READINGS_SECTION } from "@giosg-reporting/contract";
import { deviationLines } from "./deviation-text";
import type { CheckDeviation, ConformanceReport } from "./report";

const LABEL = { pass: "pass", deviation: "DEVIATION", skipped: "skipped" } as const;

/** How the header says where the interval came from. */
const INTERVAL_FROM = {
  option: "",
  "workflow-info": " (the workflow's dates, from its info/)",
  default: " (the 30 days before now: no --interval, and the workflow's info/ gave no dates)",
} as const;

/** The one-line verdict of a run: counts, and whether the server conforms (never said over skipped checks). */
export function summaryLine(report: ConformanceReport): string {
  const { summary } = report;
  const verdict =
    summary.deviation > 0
      ? "the server deviates from the contract"
      : summary.complete
        ? "the server conforms to the contract"
        : `no deviation in the checks made, but ${summary.skipped} could not be made: no verdict on those (see why each was skipped)`;
  return `${summary.pass} pass, ${summary.deviation} deviation, ${summary.skipped} skipped of ${summary.checks} checks (${summary.requests} requests): ${verdict}`;
}

const keyOf = (deviation: CheckDeviation) =>
  `${deviation.check}\n${deviation.message}\n${deviation.contradicts}`;

/** A check's deviations, the same one seen in several answers kept once with how many. */
function grouped(deviations: readonly CheckDeviation[]): [CheckDeviation, number][] {
  const groups = new Map<string, [CheckDeviation, number]>();
  for (const deviation of deviations) {
    const group = groups.get(keyOf(deviation));
    if (!group) {
      groups.set(keyOf(deviation), [deviation, 1]);
      continue;
    }
    const [first, answers] = group;
    // Rows the audit counted add up across answers.
    const counted = first.count !== undefined || deviation.count !== undefined;
    group[0] = counted ? { ...first, count: (first.count ?? 1) + (deviation.count ?? 1) } : first;
    group[1] = answers + 1;
  }
  return [...groups.values()];
}

/**
 * The terminal report of a run; with `quiet`, only its summary line. A deviation is shown with its
 * evidence once, where first seen; a later check that saw it again says so in one line.
 */
export function formatSummary(report: ConformanceReport, { quiet = false } = {}): string {
  if (quiet) return `${summaryLine(report)}\n`;
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const lines = [
    `${report.tool} ${report.version}: ${report.baseUrl}, organization ${report.organization}, workflow ${report.workflow}, step ${report.step}, ${report.interval.start}/${report.interval.end}${INTERVAL_FROM[report.intervalFrom]}`,
    "",
    ...report.checks.map(
      (check) =>
        `  ${LABEL[check.status].padEnd(9)}  ${check.id.padEnd(width)}  ${check.title}${check.reason ? ` (skipped: ${printable(check.reason)})` : ""}`,
    ),
  ];
  const deviating = report.checks.filter((check) => check.deviations.length > 0);
  if (deviating.length > 0) {
    lines.push("", `Deviations (readings: ${READINGS_SECTION}):`);
    const shown = new Map<string, string>();
    for (const check of deviating) {
      lines.push("", `  ${check.id}`);
      for (const [deviation, answers] of grouped(check.deviations)) {
        const where = shown.get(keyOf(deviation));
        const also = answers > 1 ? ` (in ${answers} answers)` : "";
        if (where !== undefined) {
          lines.push(
            `    ${deviation.check}: ${printable(deviation.message)}${also} (as in ${where})`,
          );
          continue;
        }
        shown.set(keyOf(deviation), check.id);
        const [first = "", ...evidence] = deviationLines(deviation, { maxJson: 240 });
        lines.push(`    ${first}${also}`, ...evidence.map((line) => `    ${line}`));
      }
    }
  }
  lines.push("", summaryLine(report));
  return `${lines.join("\n")}\n`;
}

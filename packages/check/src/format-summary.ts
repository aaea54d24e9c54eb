// The terminal report: one line per check, then each deviation with its evidence, then the verdict.
import { READINGS_SECTION } from "@giosg-reporting/contract";
import { deviationLines } from "./deviation-text";
import type { ConformanceReport } from "./report";

const LABEL = { pass: "pass", deviation: "DEVIATION", skipped: "skipped" } as const;

/** The one-line verdict of a run: counts, and whether the server conforms. */
export function summaryLine(report: ConformanceReport): string {
  const { summary } = report;
  const verdict = summary.conforms
    ? "the server conforms to the contract"
    : "the server deviates from the contract";
  return `${summary.pass} pass, ${summary.deviation} deviation, ${summary.skipped} skipped of ${summary.checks} checks (${summary.requests} requests): ${verdict}`;
}

/** The terminal report of a run; with `quiet`, only its summary line. */
export function formatSummary(report: ConformanceReport, { quiet = false } = {}): string {
  if (quiet) return `${summaryLine(report)}\n`;
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const lines = [
    `${report.tool} ${report.version}: ${report.baseUrl}, organization ${report.organization}, workflow ${report.workflow}, step ${report.step}, ${report.interval.start}/${report.interval.end}`,
    "",
    ...report.checks.map(
      (check) =>
        `  ${LABEL[check.status].padEnd(9)}  ${check.id.padEnd(width)}  ${check.title}${check.reason ? ` (skipped: ${check.reason})` : ""}`,
    ),
  ];
  const deviating = report.checks.filter((check) => check.deviations.length > 0);
  if (deviating.length > 0) {
    lines.push("", `Deviations (readings: ${READINGS_SECTION}):`);
    for (const check of deviating) {
      lines.push("", `  ${check.id}`);
      for (const deviation of check.deviations)
        lines.push(...deviationLines(deviation).map((line) => `    ${line}`));
    }
  }
  lines.push("", summaryLine(report));
  return `${lines.join("\n")}\n`;
}

// The run as JUnit XML: one testcase per check, a failure with its deviations, or skipped with its reason.
import { deviationLines } from "./deviation-text";
import type { ConformanceReport } from "./report";

// Characters XML 1.0 cannot hold at all, even escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text made safe for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** The report as JUnit XML: one testcase per check, `<failure>` for a deviation, `<skipped>` for a skip. */
export function toJUnit(report: ConformanceReport): string {
  const { summary } = report;
  const suite = `${report.tool} ${report.baseUrl}`;
  const cases = report.checks.map((check) => {
    const open = `    <testcase classname="${xmlEscape(report.tool)}" name="${xmlEscape(`${check.id}: ${check.title}`)}">`;
    if (check.status === "skipped")
      return `${open}\n      <skipped message="${xmlEscape(check.reason ?? "skipped")}"/>\n    </testcase>`;
    if (check.status === "deviation") {
      const text = check.deviations.flatMap((deviation) => deviationLines(deviation)).join("\n");
      const first = check.deviations[0];
      const message = `${check.deviations.length} deviation${check.deviations.length === 1 ? "" : "s"}${first ? `: ${first.message}` : ""}`;
      return `${open}\n      <failure type="deviation" message="${xmlEscape(message)}">${xmlEscape(text)}</failure>\n    </testcase>`;
    }
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(report.tool)}" tests="${summary.checks}" failures="${summary.deviation}" skipped="${summary.skipped}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${summary.checks}" failures="${summary.deviation}" skipped="${summary.skipped}" timestamp="${xmlEscape(report.startedAt)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

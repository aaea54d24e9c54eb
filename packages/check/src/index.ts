// @giosg-reporting/check: a conformance run of a server against the Workflow step source data API's contract.

export { formatSummary, summaryLine } from "./format-summary";
export { toJUnit } from "./junit";
export type { CheckOptions } from "./options";
export { REDACTED, redactor } from "./redact";
export type {
  CheckDeviation,
  CheckResult,
  CheckStatus,
  ConformanceReport,
  ReportSummary,
  RequestEvidence,
} from "./report";
export { exitCodeOf, runConformanceCheck, TOOL } from "./run";
export { CheckRunError, type CheckRunErrorKind } from "./run-error";

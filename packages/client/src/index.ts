// Re-exported from the contract, where the stub's recorder reads upstream answers with them too.
export {
  AnswerSplitError,
  AnswerSplitter,
  type AnswerSplitterOptions,
  type Check,
  compileCheck,
  type SplitFailure,
} from "@giosg-reporting/contract";
export { apiErrorOf } from "./answer";
export {
  type CallOptions,
  createClient,
  type RawClient,
  type ReportingClient,
  type RowFor,
  type StepSourceDataStream,
} from "./client";
export {
  isReportingApiError,
  ReportingApiError,
  type ReportingErrorInit,
  type ReportingErrorKind,
} from "./errors";
export { csvLines, ndjsonLines, toCsv, toNdjson } from "./export";
export type { ClientOptions, RetryOptions } from "./options";
export type { StepSourceDataQuery } from "./query";
export { retryAfterMs } from "./transport";

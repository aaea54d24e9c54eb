export { apiErrorOf } from "./answer";
export {
  AnswerSplitError,
  AnswerSplitter,
  type AnswerSplitterOptions,
  type SplitFailure,
} from "./answer-splitter";
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
export { type Check, compileCheck } from "./validation/compile-check";

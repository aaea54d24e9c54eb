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
  type DownloadOptions,
  type RawClient,
  type ReportingClient,
  type RowFor,
  type StepSourceDataStream,
} from "./client";
export type { StepSourceDataDownload } from "./download";
export {
  isReportingApiError,
  ReportingApiError,
  type ReportingErrorInit,
  type ReportingErrorKind,
} from "./errors";
export { csvLines, ndjsonLines, toCsv, toNdjson } from "./export";
export type { ClientOptions, RetryOptions } from "./options";
export type {
  SourceDataQuery,
  StepDownloadQuery,
  StepSourceDataQuery,
  WorkflowInfoQuery,
} from "./query";
export { retryAfterMs } from "./transport";

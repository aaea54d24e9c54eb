// Re-exported from the contract, where the stub's recorder reads upstream answers with them too.

// Every type the client's functions take or return, so that a partner needs only the client.
export type {
  AdvancedResponse,
  AdvancedRow,
  BasicResponse,
  BasicRow,
  CsvOptions,
  DownloadFormat,
  ErrorBodyOf,
  ErrorCode,
  ErrorStatus,
  FieldDescriptor,
  FieldError,
  FieldType,
  FilterInput,
  FilterProperty,
  InfoType,
  PathParamsInput,
  SourceDataRequestInput,
  SourceDataTarget,
  StepDataInput,
  StepDownloadRequestInput,
  StepSourceDataRequestInput,
  StepSourceDataResponse,
  StepSourceDataResponseFor,
  Target,
  WorkflowInfo,
  WorkflowPathParams,
} from "@giosg-reporting/contract";
export {
  AnswerSplitError,
  AnswerSplitter,
  type AnswerSplitterOptions,
  type Check,
  compileCheck,
  type SplitFailure,
} from "@giosg-reporting/contract";
export { apiErrorOf } from "./answer/answer";
export type { RowBatch } from "./answer/row-iterator";
export {
  type BatchOptions,
  type CallOptions,
  createClient,
  type DownloadOptions,
  type ReportingClient,
  type RowFor,
  type StepSourceDataBatches,
  type StepSourceDataStream,
} from "./client";
export type { StepSourceDataDownload } from "./download/download";
export {
  isReportingApiError,
  ReportingApiError,
  type ReportingErrorInit,
  type ReportingErrorKind,
} from "./errors";
export { csvLines, ndjsonLines, toCsv, toNdjson } from "./export";
export type { ClientOptions, RetryEvent, RetryOptions } from "./options";
export { printable } from "./printable";
export type { RawAnswer, RawClient, RawRequest } from "./raw";
export type {
  SourceDataQuery,
  StepDownloadQuery,
  StepSourceDataQuery,
  WorkflowInfoQuery,
} from "./request/query";
export { retryAfterMs } from "./transport/transport";

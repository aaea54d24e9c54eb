export {
  AnswerAudit,
  type AnswerAuditOptions,
  type AuditedAnswer,
  type AuditedQuery,
  auditAnswer,
  type Deviation,
} from "./answers/audit/answer-audit";
export { READINGS, READINGS_SECTION, type ReadingId } from "./answers/audit/readings";
export { type Check, compileCheck } from "./answers/compile-check";
export { instantParser } from "./answers/instants";
export {
  AnswerSplitError,
  AnswerSplitter,
  type AnswerSplitterOptions,
  type SplitFailure,
} from "./answers/reader/answer-splitter";
export { integerEnd } from "./answers/reader/number-bytes";
export { RowBytesCheck, rowBytesCheckOf } from "./answers/reader/row-bytes-check";
export { type NdjsonLines, ndjsonOf } from "./answers/reader/row-text";
export {
  API_BASE_URL,
  contract,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  STEP_SOURCE_DATA_PATH,
  type StepSourceDataContract,
  WORKFLOW_INFO_PATH,
  type WorkflowReportingContract,
} from "./api/contract";
export {
  DOWNLOAD_CONTENT_TYPES,
  DOWNLOAD_FORMATS,
  type DownloadFormat,
  downloadFileName,
  type StepDownloadRequest,
  type StepDownloadRequestInput,
  stepDownloadRequestSchema,
} from "./api/download";
export {
  type CatalogueEntry,
  type CatalogueErrorBody,
  ERROR_CATALOGUE,
  type ErrorDetailArgs,
  errorBody,
  exampleErrorBody,
} from "./api/errors/error-catalogue";
export {
  CATALOGUE_CODES,
  type CatalogueCode,
  ERROR_CODE_STATUSES,
  ERROR_CODES,
  ERROR_STATUSES,
  type ErrorCode,
  type ErrorStatus,
  RETRYABLE_ERROR_STATUSES,
  statusOf,
} from "./api/errors/error-codes";
export {
  type BadGatewayErrorBody,
  badGatewayErrorBodySchema,
  type ErrorBody,
  type ErrorBodyOf,
  errorBodySchema,
  errorBodySchemas,
  type FieldError,
  type ForbiddenErrorBody,
  fieldErrorSchema,
  forbiddenErrorBodySchema,
  type GatewayTimeoutErrorBody,
  gatewayTimeoutErrorBodySchema,
  type InternalErrorBody,
  internalErrorBodySchema,
  type MethodNotAllowedErrorBody,
  methodNotAllowedErrorBodySchema,
  type NotAcceptableErrorBody,
  type NotFoundErrorBody,
  notAcceptableErrorBodySchema,
  notFoundErrorBodySchema,
  type PayloadTooLargeErrorBody,
  payloadTooLargeErrorBodySchema,
  type ServiceUnavailableErrorBody,
  serviceUnavailableErrorBodySchema,
  type TooManyRequestsErrorBody,
  tooManyRequestsErrorBodySchema,
  type UnauthorizedErrorBody,
  type UnsupportedMediaTypeErrorBody,
  unauthorizedErrorBodySchema,
  unsupportedMediaTypeErrorBodySchema,
  type ValidationErrorBody,
  validationErrorBodySchema,
} from "./api/errors/errors";
export { formatIssuePath, toFieldErrors } from "./api/errors/field-errors";
export {
  type ContractRouteName,
  downloadNotAcceptableErrorBodySchema,
  pathValidationErrorBodySchema,
  ROUTE_ERROR_CODES,
  routeErrorBodySchemas,
  sourceDataNotFoundErrorBodySchema,
  stepNotFoundErrorBodySchema,
  workflowNotFoundErrorBodySchema,
} from "./api/errors/route-errors";
export {
  advancedRequestExample,
  advancedResponseExample,
  basicRequestExample,
  basicResponseExample,
  basicSourceDataResponseExample,
  downloadRequestExample,
  type ErrorExamples,
  EXAMPLE_INTERACTION_WORKFLOW_ID,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorExamples,
  invalidRequestExample,
  type RequestExample,
  sourceDataRequestExample,
  sourceDataResponseExample,
  workflowInfoExample,
} from "./api/examples";
export {
  FILTER_PROPERTIES,
  type FilterProperty,
  isFilterProperty,
} from "./api/filter-properties";
export {
  dateTimeWithOffsetSchema,
  positiveIntegerSchema,
  timestampSchema,
  uuidSchema,
} from "./api/primitives";
export {
  type Filter,
  type FilterInput,
  filterSchema,
  type Interval,
  intervalSchema,
  type PathParams,
  type PathParamsInput,
  pathParamsSchema,
  type StepData,
  type StepDataInput,
  type StepSourceDataRequest,
  type StepSourceDataRequestInput,
  stepDataSchema,
  stepSourceDataRequestSchema,
  type Target,
  targetSchema,
  type WorkflowPathParams,
  workflowPathParamsSchema,
} from "./api/request";
export {
  type AdvancedResponse,
  advancedResponseSchema,
  type BasicResponse,
  basicResponseSchema,
  type StepSourceDataResponse,
  type StepSourceDataResponseFor,
  stepSourceDataResponseSchema,
} from "./api/response";
export {
  ADVANCED_COLUMN_NAMES,
  BASIC_COLUMN_NAMES,
  BASIC_COLUMN_SOURCES,
} from "./api/rows/column-names";
export {
  ADVANCED_COLUMNS,
  type AdvancedColumnName,
  BASIC_COLUMNS,
  type BasicColumnDefinition,
  type BasicColumnName,
  type ColumnDefinition,
  FIELD_TYPES,
  type FieldType,
} from "./api/rows/columns";
export {
  ACTION_ID_COLUMN,
  GOAL_CATEGORY,
  isGoalEvent,
  STEP_INDEX_COLUMN,
  STEP_NAME_COLUMN,
  stepIndexOf,
  WORKFLOW_COLUMN,
  WORKFLOW_SESSION_COLUMN,
} from "./api/rows/event-conventions";
export {
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  type FieldDescriptor,
  fieldDescriptorSchema,
  toFieldDescriptor,
} from "./api/rows/fields";
export {
  type AdvancedRow,
  advancedRowSchema,
  type BasicRow,
  basicRowSchema,
  toBasicRow,
} from "./api/rows/rows";
export {
  isOuterGoalEvent,
  type SourceDataRequest,
  type SourceDataRequestInput,
  type SourceDataTarget,
  sourceDataRequestSchema,
  sourceDataTargetSchema,
} from "./api/source-data";
export {
  INFO_TYPES,
  type InfoType,
  infoTypeOf,
  type WorkflowInfo,
  workflowInfoOf,
  workflowInfoSchema,
} from "./api/workflow-info";
export {
  type Organization,
  organizationSchema,
  usesStepData,
  WORKFLOW_TYPES,
  type Workflow,
  type WorkflowAction,
  type WorkflowCatalog,
  type WorkflowGoal,
  type WorkflowStep,
  type WorkflowType,
  workflowActionSchema,
  workflowCatalogSchema,
  workflowGoalSchema,
  workflowSchema,
  workflowStepSchema,
} from "./api/workflows";
export { type CsvOptions, csvCell, csvHeader, csvRecord, csvRow } from "./formats/csv";

export {
  AnswerAudit,
  type AnswerAuditOptions,
  type AuditedAnswer,
  type AuditedQuery,
  auditAnswer,
  type Deviation,
} from "./answer-audit";
export {
  AnswerSplitError,
  AnswerSplitter,
  type AnswerSplitterOptions,
  type SplitFailure,
} from "./answer-splitter";
export {
  ADVANCED_COLUMN_NAMES,
  BASIC_COLUMN_NAMES,
  BASIC_COLUMN_SOURCES,
} from "./column-names";
export {
  ADVANCED_COLUMNS,
  type AdvancedColumnName,
  BASIC_COLUMNS,
  type BasicColumnDefinition,
  type BasicColumnName,
  type ColumnDefinition,
  FIELD_TYPES,
  type FieldType,
} from "./columns";
export { type Check, compileCheck } from "./compile-check";
export {
  API_BASE_URL,
  contract,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  STEP_SOURCE_DATA_PATH,
  type StepSourceDataContract,
  WORKFLOW_INFO_PATH,
  type WorkflowReportingContract,
} from "./contract";
export { type CsvOptions, csvCell, csvHeader, csvRecord, csvRow } from "./csv";
export {
  DOWNLOAD_CONTENT_TYPES,
  DOWNLOAD_FORMATS,
  type DownloadFormat,
  downloadFileName,
  type StepDownloadRequest,
  type StepDownloadRequestInput,
  stepDownloadRequestSchema,
} from "./download";
export {
  type CatalogueEntry,
  type CatalogueErrorBody,
  ERROR_CATALOGUE,
  type ErrorDetailArgs,
  errorBody,
  exampleErrorBody,
} from "./error-catalogue";
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
} from "./error-codes";
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
} from "./errors";
export {
  ACTION_ID_COLUMN,
  GOAL_CATEGORY,
  isGoalEvent,
  STEP_INDEX_COLUMN,
  STEP_NAME_COLUMN,
  stepIndexOf,
  WORKFLOW_COLUMN,
  WORKFLOW_SESSION_COLUMN,
} from "./event-conventions";
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
} from "./examples";
export { formatIssuePath, toFieldErrors } from "./field-errors";
export {
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  type FieldDescriptor,
  fieldDescriptorSchema,
  toFieldDescriptor,
} from "./fields";
export {
  FILTER_PROPERTIES,
  type FilterProperty,
  isFilterProperty,
} from "./filter-properties";
export {
  dateTimeWithOffsetSchema,
  positiveIntegerSchema,
  timestampSchema,
  uuidSchema,
} from "./primitives";
export { READINGS, READINGS_SECTION, type ReadingId } from "./readings";
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
} from "./request";
export {
  type AdvancedResponse,
  advancedResponseSchema,
  type BasicResponse,
  basicResponseSchema,
  type StepSourceDataResponse,
  type StepSourceDataResponseFor,
  stepSourceDataResponseSchema,
} from "./response";
export {
  type ContractRouteName,
  downloadNotAcceptableErrorBodySchema,
  pathValidationErrorBodySchema,
  ROUTE_ERROR_CODES,
  routeErrorBodySchemas,
  sourceDataNotFoundErrorBodySchema,
  stepNotFoundErrorBodySchema,
  workflowNotFoundErrorBodySchema,
} from "./route-errors";
export {
  type AdvancedRow,
  advancedRowSchema,
  type BasicRow,
  basicRowSchema,
  toBasicRow,
} from "./rows";
export {
  isOuterGoalEvent,
  type SourceDataRequest,
  type SourceDataRequestInput,
  type SourceDataTarget,
  sourceDataRequestSchema,
  sourceDataTargetSchema,
} from "./source-data";
export {
  INFO_TYPES,
  type InfoType,
  infoTypeOf,
  type WorkflowInfo,
  workflowInfoOf,
  workflowInfoSchema,
} from "./workflow-info";
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
} from "./workflows";

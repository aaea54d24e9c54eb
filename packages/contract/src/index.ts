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
export {
  API_BASE_URL,
  contract,
  STEP_SOURCE_DATA_PATH,
  type StepSourceDataContract,
} from "./contract";
export { csvCell, csvHeader, csvRecord, csvRow } from "./csv";
export {
  ERROR_CODES,
  type ErrorBody,
  type ErrorCode,
  type ErrorStatus,
  errorBodySchema,
  type FieldError,
  type ForbiddenErrorBody,
  fieldErrorSchema,
  forbiddenErrorBodySchema,
  type InternalErrorBody,
  internalErrorBodySchema,
  type NotAcceptableErrorBody,
  type NotFoundErrorBody,
  notAcceptableErrorBodySchema,
  notFoundErrorBodySchema,
  type UnauthorizedErrorBody,
  unauthorizedErrorBodySchema,
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
  type ErrorExamples,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorExamples,
  invalidRequestExample,
  type RequestExample,
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
  unsupportedFilterDetail,
} from "./filter-properties";
export {
  dateTimeWithOffsetSchema,
  positiveIntegerSchema,
  timestampSchema,
  uuidSchema,
} from "./primitives";
export {
  type Filter,
  filterSchema,
  type Interval,
  intervalSchema,
  type PathParams,
  type PathParamsInput,
  pathParamsSchema,
  type StepData,
  type StepSourceDataRequest,
  type StepSourceDataRequestInput,
  stepDataSchema,
  stepSourceDataRequestSchema,
  type Target,
  targetSchema,
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
  ADVANCED_COLUMN_NAMES,
  type AdvancedRow,
  advancedRowSchema,
  BASIC_COLUMN_NAMES,
  type BasicRow,
  basicRowSchema,
  toBasicRow,
} from "./rows";

// The queries in the client's words (camelCase, `Date`s welcome), turned into each route's URL attributes and payload.
import {
  type DownloadFormat,
  type FilterInput,
  type PathParams,
  pathParamsSchema,
  type SourceDataRequest,
  type SourceDataTarget,
  type StepDataInput,
  type StepDownloadRequest,
  type StepSourceDataRequest,
  sourceDataRequestSchema,
  stepDownloadRequestSchema,
  stepSourceDataRequestSchema,
  type Target,
  toFieldErrors,
  type WorkflowPathParams,
  workflowPathParamsSchema,
} from "@giosg-reporting/contract";
import type { ZodIssue, z } from "zod/v3";
import { ReportingApiError } from "../errors";

/** A query of a whole workflow (`getWorkflowInfo`): the organization and the workflow. */
export interface WorkflowInfoQuery {
  /** The organization (UUID). */
  readonly organizationId: string;
  /** The workflow (UUID). */
  readonly workflowId: string;
}

/** What every query of rows says: filters, interval, limit and basic or advanced rows. */
interface RowsQuery<Basic extends boolean | undefined> extends WorkflowInfoQuery {
  /**
   * Filters: several AND together, the values of one OR together; `[]` for none. `property` is one
   * of the supported properties (`FILTER_PROPERTIES`); the API answers any other with 406.
   */
  readonly filters: readonly FilterInput[];
  /** The half-open interval `[start, end)`: ISO 8601 strings with an offset, or `Date`s. */
  readonly interval: { readonly start: string | Date; readonly end: string | Date };
  /** At most this many rows; all of them when left out. */
  readonly limit?: number;
  /** `true` for basic rows, `false` (default) for advanced rows. */
  readonly basic?: Basic;
}

/** A query in the client's words: camelCase options, `Date`s welcome in the interval. */
export interface StepSourceDataQuery<Basic extends boolean | undefined = boolean | undefined>
  extends RowsQuery<Basic> {
  /** The step: 1 is the first step after the source step. */
  readonly stepIndex: number;
  /** The chart's steps (`step_data`), for web navigation and interaction workflows. */
  readonly stepData?: readonly StepDataInput[];
  /** `default` (the step's events) or `triggered_goal` (the goals triggered at it). */
  readonly target?: Target;
}

/** A download's query: the step's query and the file's `format`, `csv` or `xlsx`. */
export interface StepDownloadQuery<
  Format extends DownloadFormat = DownloadFormat,
  Basic extends boolean | undefined = boolean | undefined,
> extends StepSourceDataQuery<Basic> {
  /** The file's format: `csv` (RFC 4180, UTF-8) or `xlsx` (one worksheet). */
  readonly format: Format;
}

/** A query of an interaction workflow's outer goal events (`getSourceData`): no step, its own `target`. */
export interface SourceDataQuery<Basic extends boolean | undefined = boolean | undefined>
  extends RowsQuery<Basic> {
  /** `affected_goal` (default: the goal events the workflow affected) or `affected_goal_total` (all of them). */
  readonly target?: SourceDataTarget;
}

const OPTION_NAMES: Record<string, string> = {
  organization_id: "organizationId",
  workflow_id: "workflowId",
  step_index: "stepIndex",
  step_data: "stepData",
};

function renamed(issue: ZodIssue): ZodIssue {
  const [first, ...rest] = issue.path;
  const name = typeof first === "string" ? OPTION_NAMES[first] : undefined;
  return name === undefined ? issue : { ...issue, path: [name, ...rest] };
}

const WORKFLOW_KEYS = ["organizationId", "workflowId"];
const ROWS_KEYS = [...WORKFLOW_KEYS, "filters", "interval", "limit", "target", "basic"];
const STEP_KEYS = new Set([...ROWS_KEYS, "stepIndex", "stepData"]);
const DOWNLOAD_KEYS = new Set([...STEP_KEYS, "format"]);
const SOURCE_DATA_KEYS = new Set(ROWS_KEYS);
const INFO_KEYS = new Set(WORKFLOW_KEYS);

const isoOf = (value: string | Date) =>
  value instanceof Date
    ? Number.isNaN(value.getTime())
      ? "Invalid Date"
      : value.toISOString()
    : value;

/** `{ [key]: value }`, or nothing when the option is left out (so the contract's default applies). */
const given = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });

type Candidate = Partial<StepDownloadQuery & SourceDataQuery> & Record<string, unknown>;

/** The payload's keys every query of rows shares, in the API's words. */
function rowsPayload(candidate: Candidate): Record<string, unknown> {
  const interval = candidate.interval;
  return {
    filters: candidate.filters,
    interval:
      interval && typeof interval === "object"
        ? { ...interval, start: isoOf(interval.start), end: isoOf(interval.end) }
        : interval,
    ...given("limit", candidate.limit),
    ...given("target", candidate.target),
    ...given("basic", candidate.basic),
  };
}

/**
 * Checks a query by the route's schemas: the URL attributes, the payload (if the route has one) and
 * the keys the query may have; throws an `invalid-request` error naming each failing option (in the
 * client's words) before anything is sent.
 */
function checked<Params, Body>(
  query: unknown,
  keys: ReadonlySet<string>,
  params: z.ZodType<Params, z.ZodTypeDef, unknown>,
  payload?: { schema: z.ZodType<Body, z.ZodTypeDef, unknown>; of: (c: Candidate) => unknown },
): { params: Params; body: Body } {
  if (typeof query !== "object" || query === null) {
    throw new ReportingApiError({
      kind: "invalid-request",
      message: "The query must be an object",
    });
  }
  const candidate = query as Candidate;
  const parsedParams = params.safeParse({
    organization_id: candidate.organizationId,
    workflow_id: candidate.workflowId,
    ...(keys.has("stepIndex") ? { step_index: candidate.stepIndex } : {}),
  });
  const parsedBody = payload?.schema.safeParse(payload.of(candidate));
  const unknownKeys = Object.keys(candidate).filter((key) => !keys.has(key));
  if (parsedParams.success && parsedBody?.success !== false && unknownKeys.length === 0)
    return { params: parsedParams.data, body: parsedBody?.data as Body };
  const issues = [...(parsedParams.error?.issues ?? []), ...(parsedBody?.error?.issues ?? [])].map(
    renamed,
  );
  if (unknownKeys.length > 0)
    issues.push({
      code: "unrecognized_keys",
      keys: unknownKeys,
      path: [],
      message: "Unknown keys",
    });
  const fieldErrors = toFieldErrors(issues);
  throw new ReportingApiError({
    kind: "invalid-request",
    message: `Invalid query: ${fieldErrors.map(({ path, message }) => `${path}: ${message}`).join("; ")}`,
    fieldErrors,
  });
}

/** The step's payload: the rows' keys and `step_data`. */
const stepPayload = (candidate: Candidate) => ({
  ...rowsPayload(candidate),
  ...given("step_data", candidate.stepData),
});

/**
 * Turns a query into the API's URL attributes and payload, checked by the contract; throws an
 * `invalid-request` error naming each failing option (in the client's words) before anything is sent.
 */
export function toApiRequest(query: StepSourceDataQuery): {
  params: PathParams;
  body: StepSourceDataRequest;
} {
  return checked(query, STEP_KEYS, pathParamsSchema, {
    schema: stepSourceDataRequestSchema,
    of: stepPayload,
  });
}

/** A download's URL attributes and payload (the step's and `format`), checked as {@link toApiRequest} does. */
export function toDownloadRequest(query: StepDownloadQuery): {
  params: PathParams;
  body: StepDownloadRequest;
} {
  return checked(query, DOWNLOAD_KEYS, pathParamsSchema, {
    schema: stepDownloadRequestSchema,
    of: (candidate) => ({ ...stepPayload(candidate), format: candidate.format }),
  });
}

/** The `source_data` URL attributes and payload, checked as {@link toApiRequest} does. */
export function toSourceDataRequest(query: SourceDataQuery): {
  params: WorkflowPathParams;
  body: SourceDataRequest;
} {
  return checked(query, SOURCE_DATA_KEYS, workflowPathParamsSchema, {
    schema: sourceDataRequestSchema,
    of: rowsPayload,
  });
}

/** The `info` URL attributes, checked as {@link toApiRequest} does. */
export function toWorkflowInfoRequest(query: WorkflowInfoQuery): { params: WorkflowPathParams } {
  return {
    params: checked<WorkflowPathParams, never>(query, INFO_KEYS, workflowPathParamsSchema).params,
  };
}

import {
  type FilterInput,
  type PathParams,
  pathParamsSchema,
  type StepDataInput,
  type StepSourceDataRequest,
  stepSourceDataRequestSchema,
  type Target,
  toFieldErrors,
} from "@giosg-reporting/contract";
import type { ZodIssue } from "zod";
import { ReportingApiError } from "./errors";

/** A query in the client's words: camelCase options, `Date`s welcome in the interval. */
export interface StepSourceDataQuery<Basic extends boolean | undefined = boolean | undefined> {
  /** The organization (UUID). */
  readonly organizationId: string;
  /** The workflow (UUID). */
  readonly workflowId: string;
  /** The step: 1 is the first step after the source step. */
  readonly stepIndex: number;
  /**
   * Filters: several AND together, the values of one OR together; `[]` for none. `property` is one
   * of the supported properties (`FILTER_PROPERTIES`); the API answers any other with 406.
   */
  readonly filters: readonly FilterInput[];
  /** The chart's steps (`step_data`), for web navigation and interaction workflows. */
  readonly stepData?: readonly StepDataInput[];
  /** The half-open interval `[start, end)`: ISO 8601 strings with an offset, or `Date`s. */
  readonly interval: { readonly start: string | Date; readonly end: string | Date };
  /** At most this many rows; all of them when left out. */
  readonly limit?: number;
  /** `default` (the step's events) or `triggered_goal` (the goals triggered at it). */
  readonly target?: Target;
  /** `true` for basic rows, `false` (default) for advanced rows. */
  readonly basic?: Basic;
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

const QUERY_KEYS = new Set([
  "organizationId",
  "workflowId",
  "stepIndex",
  "filters",
  "stepData",
  "interval",
  "limit",
  "target",
  "basic",
]);

const isoOf = (value: string | Date) =>
  value instanceof Date
    ? Number.isNaN(value.getTime())
      ? "Invalid Date"
      : value.toISOString()
    : value;

/**
 * Turns a query into the API's URL attributes and payload, checked by the contract; throws an
 * `invalid-request` error naming each failing option (in the client's words) before anything is sent.
 */
export function toApiRequest(query: StepSourceDataQuery): {
  params: PathParams;
  body: StepSourceDataRequest;
} {
  const candidate = query as Partial<StepSourceDataQuery> | null | undefined;
  if (typeof candidate !== "object" || candidate === null) {
    throw new ReportingApiError({
      kind: "invalid-request",
      message: "The query must be an object",
    });
  }
  const interval = candidate.interval;
  const params = pathParamsSchema.safeParse({
    organization_id: candidate.organizationId,
    workflow_id: candidate.workflowId,
    step_index: candidate.stepIndex,
  });
  const body = stepSourceDataRequestSchema.safeParse({
    filters: candidate.filters,
    ...(candidate.stepData === undefined ? {} : { step_data: candidate.stepData }),
    interval:
      interval && typeof interval === "object"
        ? { ...interval, start: isoOf(interval.start), end: isoOf(interval.end) }
        : interval,
    ...(candidate.limit === undefined ? {} : { limit: candidate.limit }),
    ...(candidate.target === undefined ? {} : { target: candidate.target }),
    ...(candidate.basic === undefined ? {} : { basic: candidate.basic }),
  });
  const unknownKeys = Object.keys(candidate).filter((key) => !QUERY_KEYS.has(key));
  if (params.success && body.success && unknownKeys.length === 0)
    return { params: params.data, body: body.data };
  const issues = [...(params.error?.issues ?? []), ...(body.error?.issues ?? [])].map(renamed);
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

// The recorder's reading of a request for rows (the step endpoint, `source_data`): what it asks, and what its answer will show.
import {
  type AuditedQuery,
  pathParamsSchema,
  sourceDataRequestSchema,
  stepSourceDataRequestSchema,
  workflowPathParamsSchema,
} from "@giosg-reporting/contract";
import type { RecordedView } from "./answer-recording";
import type { RecordedCatalog } from "./recorded-catalog";

/** A query of rows the contract accepts, as the recorder forwards, audits and records it. */
export interface RowsQuery {
  /** What its answer shows, for the recording. */
  readonly view: RecordedView;
  /** The payload as sent, to be sent again with `basic: false`. */
  readonly json: Record<string, unknown>;
  readonly basic: boolean;
  /** The query as the audit of an advanced answer takes it. */
  readonly audited: AuditedQuery;
  /** Notes in the catalogue what a 200 answer tells of the workflow. */
  readonly note: (catalog: RecordedCatalog) => void;
}

/** The JSON of a request body, or undefined when it is none. */
export function jsonOf(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === "object" && json !== null
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The step endpoint's query, when the contract accepts it. */
export function stepQueryOf(params: Record<string, string>, text: string): RowsQuery | undefined {
  const path = pathParamsSchema.safeParse(params);
  const json = jsonOf(text);
  const body = stepSourceDataRequestSchema.safeParse(json);
  if (!path.success || !body.success || !json) return undefined;
  const { filters, step_data, interval, limit, target, basic } = body.data;
  const { organization_id, workflow_id, step_index } = path.data;
  return {
    view: {
      workflowId: workflow_id,
      step: step_index,
      goals: target === "triggered_goal",
      from: Date.parse(interval.start),
      to: Date.parse(interval.end),
      whole: filters.length === 0 && step_data === undefined,
      limit: limit ?? Number.POSITIVE_INFINITY,
    },
    json,
    basic,
    audited: { params: path.data, body: { ...body.data, basic: false } },
    note: (catalog) => catalog.noteStep(organization_id, workflow_id, step_index),
  };
}

/** The `source_data` query, when the contract accepts it: its view is the organization's outer goal events. */
export function sourceDataQueryOf(
  params: Record<string, string>,
  text: string,
): RowsQuery | undefined {
  const path = workflowPathParamsSchema.safeParse(params);
  const json = jsonOf(text);
  const body = sourceDataRequestSchema.safeParse(json);
  if (!path.success || !body.success || !json) return undefined;
  const { filters, interval, limit, target, basic } = body.data;
  const { organization_id, workflow_id } = path.data;
  return {
    view: {
      workflowId: workflow_id,
      step: 0,
      goals: true,
      outerGoalsOf: organization_id,
      from: Date.parse(interval.start),
      to: Date.parse(interval.end),
      whole: filters.length === 0 && target === "affected_goal_total",
      limit: limit ?? Number.POSITIVE_INFINITY,
    },
    json,
    basic,
    audited: { params: path.data, body: { ...body.data, basic: false } },
    note: (catalog) => catalog.noteInteraction(organization_id, workflow_id),
  };
}

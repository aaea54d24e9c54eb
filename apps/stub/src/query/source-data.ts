// The `source_data` answer: an interaction workflow's outer goal events (or its organization's), filtered, limited, projected.
import {
  ADVANCED_FIELDS,
  type AdvancedRow,
  BASIC_FIELDS,
  errorBody,
  infoTypeOf,
  type SourceDataRequest,
  type WorkflowPathParams,
} from "@giosg-reporting/contract";
import type { EventSource } from "../data/event-source";
import { encodeRows } from "./encode";
import { compileFilters } from "./filters";
import type { Query, QueryOutcome } from "./outcome";
import { resolveWorkflow } from "./resolve";
import { lazily, project, select } from "./select";

/** A `source_data` query as the engine takes it: the parsed URL attributes and payload, and who asks. */
export interface SourceDataQuery {
  /** The URL attributes, parsed by the contract. */
  readonly params: WorkflowPathParams;
  /** The payload, parsed by the contract (defaults filled in). */
  readonly body: SourceDataRequest;
  /** The organizations the caller may read: all of them, or these ids. */
  readonly organizations: Query["organizations"];
  /** Optional: told how many rows the answer held once its JSON has been produced to the end. */
  readonly onRows?: Query["onRows"];
}

/**
 * Answers a `source_data` query: 404/403 for what the URL names, 404 `no_source_data` for a workflow
 * that is not an interaction workflow, 406 for an unsupported filter, else the outer goal events of
 * the workflow's organization in `[start, end)`: those whose `label` names the workflow
 * (`affected_goal`) or all of them (`affected_goal_total`), filtered, at most `limit`, basic or
 * advanced. Pure: no HTTP, rows lazy.
 */
export function runSourceDataQuery(source: EventSource, query: SourceDataQuery): QueryOutcome {
  const resolved = resolveWorkflow(source.catalog, query.params, query.organizations);
  if ("status" in resolved) return resolved;
  const { workflow } = resolved;
  if (workflow.type !== "interaction") {
    // In `info`'s words: the document's workflow types are `info`'s (`giosg-default`, not `voice-video`).
    return { status: 404, body: errorBody("no_source_data", infoTypeOf(workflow.type)) };
  }
  const keepFiltered = compileFilters(query.body.filters);
  if (typeof keepFiltered !== "function") return keepFiltered;
  const { interval, target, limit, basic } = query.body;
  const from = Date.parse(interval.start);
  const to = Date.parse(interval.end);
  const affectedOnly = target === "affected_goal";
  const keep = (row: AdvancedRow) =>
    (!affectedOnly || row.label === workflow.id) && keepFiltered(row);
  const advancedRows = (): Iterable<AdvancedRow> =>
    select(
      source.outerGoalEvents?.(workflow.organizationId, from, to) ?? [],
      keep,
      limit ?? Number.POSITIVE_INFINITY,
    );
  const { onRows } = query;
  const json = (rows: Iterable<object>) => lazily(() => encodeRows(rows, onRows));
  if (basic) {
    const rows = lazily(() => project(advancedRows()));
    return { status: 200, basic: true, fields: BASIC_FIELDS, rows, json: json(rows) };
  }
  const rows = lazily(advancedRows);
  return { status: 200, basic: false, fields: ADVANCED_FIELDS, rows, json: json(rows) };
}

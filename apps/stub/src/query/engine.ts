// The step endpoint's answer to a query: what the URL names, the step's events, the funnel, filters, limit, columns.
import {
  ADVANCED_FIELDS,
  type AdvancedRow,
  BASIC_FIELDS,
  isGoalEvent,
  usesStepData,
} from "@giosg-reporting/contract";
import type { EventSource } from "../data/event-source";
import { encodeRows } from "./encode";
import { compileFilters } from "./filters";
import { funnel } from "./funnel";
import type { Query, QueryOutcome } from "./outcome";
import { resolve } from "./resolve";
import { lazily, project, select } from "./select";

/**
 * Answers a query from a source, as the API does: 404/403 for what the URL names, 406 for an
 * unsupported filter, else the step's events in `[start, end)` (the goals triggered there with
 * `triggered_goal`), through the `step_data` funnel for web navigation and interaction workflows,
 * filtered, at most `limit`, as basic or advanced rows with their `fields`. Pure: no HTTP, rows lazy.
 */
export function runQuery(source: EventSource, query: Query): QueryOutcome {
  const resolved = resolve(source.catalog, query);
  if ("status" in resolved) return resolved;
  const keepFiltered = compileFilters(query.body.filters);
  if (typeof keepFiltered !== "function") return keepFiltered;

  const { workflow, step } = resolved;
  const { interval, target, step_data: stepData, limit, basic } = query.body;
  const from = Date.parse(interval.start);
  const to = Date.parse(interval.end);
  const goals = target === "triggered_goal";

  const max = limit ?? Number.POSITIVE_INFINITY;
  const funnelled = stepData !== undefined && usesStepData(workflow.type);
  const advancedRows = (): Iterable<AdvancedRow> =>
    funnelled && stepData
      ? select(
          funnel(source.events(workflow, from, to), stepData, step.index, target),
          keepFiltered,
          max,
        )
      : select(
          source.events(workflow, from, to, step.index),
          (row) => isGoalEvent(row) === goals && keepFiltered(row),
          max,
        );
  // A source that holds its rows writes the JSON of a step's rows itself; the funnel needs row objects.
  const { stepJson } = source;
  const { onRows } = query;
  function* fromSource(): Generator<Uint8Array> {
    let counted: number | null = null;
    yield* (stepJson as NonNullable<typeof stepJson>).call(source, {
      workflow,
      step: step.index,
      from,
      to,
      goals,
      filters: query.body.filters,
      limit: max,
      basic,
      ...(onRows ? { onRows: (rows: number) => (counted = rows) } : {}),
    });
    onRows?.(counted);
  }
  const json = (rows: Iterable<object>): Iterable<Uint8Array> =>
    lazily(() => (!funnelled && stepJson ? fromSource() : encodeRows(rows, onRows)));
  if (basic) {
    const rows = lazily(() => project(advancedRows()));
    return { status: 200, basic: true, fields: BASIC_FIELDS, rows, json: json(rows) };
  }
  const rows = lazily(advancedRows);
  return { status: 200, basic: false, fields: ADVANCED_FIELDS, rows, json: json(rows) };
}

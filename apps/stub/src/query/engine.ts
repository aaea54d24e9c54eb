import {
  ADVANCED_FIELDS,
  type AdvancedRow,
  BASIC_FIELDS,
  type BasicRow,
  isGoalEvent,
  toBasicRow,
} from "@giosg-reporting/contract";
import { usesStepData } from "@giosg-reporting/fixtures";
import type { EventSource } from "../data/event-source";
import { compileFilters, type RowPredicate } from "./filters";
import { funnel } from "./funnel";
import type { Query, QueryOutcome } from "./outcome";
import { resolve } from "./resolve";

function* select(
  rows: Iterable<AdvancedRow>,
  keep: RowPredicate,
  limit: number,
): Generator<AdvancedRow> {
  if (limit <= 0) return;
  let taken = 0;
  for (const row of rows) {
    if (!keep(row)) continue;
    yield row;
    taken += 1;
    if (taken === limit) return;
  }
}

/** Basic projections of rows held in memory, kept so that each row projects to one object. */
const projections = new WeakMap<AdvancedRow, BasicRow>();

function* project(rows: Iterable<AdvancedRow>, keep: boolean): Generator<BasicRow> {
  for (const row of rows) {
    if (!keep) {
      yield toBasicRow(row);
      continue;
    }
    let basic = projections.get(row);
    if (basic === undefined) {
      basic = toBasicRow(row);
      projections.set(row, basic);
    }
    yield basic;
  }
}

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

  let candidates: Iterable<AdvancedRow>;
  let keep: RowPredicate = keepFiltered;
  if (stepData !== undefined && usesStepData(workflow.type)) {
    candidates = funnel(source.events(workflow, from, to), stepData, step.index, target);
  } else {
    candidates = source.events(workflow, from, to, step.index);
    keep = (row) => isGoalEvent(row) === goals && keepFiltered(row);
  }
  const rows = select(candidates, keep, limit ?? Number.POSITIVE_INFINITY);
  const retainedRows = source.retainsRows;
  return basic
    ? {
        status: 200,
        basic: true,
        fields: BASIC_FIELDS,
        rows: project(rows, retainedRows),
        retainedRows,
      }
    : { status: 200, basic: false, fields: ADVANCED_FIELDS, rows, retainedRows };
}

// Events held in memory, column by column, indexed by workflow and step: answers slice their JSON text.
import type {
  AdvancedColumnName,
  AdvancedRow,
  Workflow,
  WorkflowCatalog,
} from "@giosg-reporting/contract";
import type { Dataset } from "@giosg-reporting/fixtures";
import type { EventSource, StepSelection } from "../event-source";
import { bytesOf } from "../json/bytes";
import { jsonRowPieces } from "../json/json-pieces";
import { DEFAULT_SEGMENT_CACHE_BYTES, type JsonSegment, JsonSegments } from "../json/json-segments";
import { MemoryTables, type TimeIndex } from "./memory-tables";
import type { RowTable } from "./row-table";

function firstAtOrAfter(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

const COMMA = bytesOf(",");

/** Options of a {@link MemorySource}. */
export interface MemorySourceOptions {
  /** The fixtures dataset the rows were generated from, when they were. */
  readonly dataset?: Dataset;
  /** Bytes of JSON text kept for reuse between answers (default 32 MiB). */
  readonly cacheBytes?: number;
}

/**
 * Events held in memory as a {@link RowTable}, indexed by workflow and by step (the step's own events
 * and its goal events apart) for interval queries. Rows are put in time order (stably) whatever order
 * they come in. Answers read the JSON text of a step's rows from a bounded cache of whole lists.
 */
export class MemorySource implements EventSource {
  readonly catalog: WorkflowCatalog;
  /** The fixtures dataset the rows were generated from, when they were. */
  readonly dataset?: Dataset;
  readonly #table: RowTable;
  readonly #byWorkflow: ReadonlyMap<string, TimeIndex>;
  /** By `workflow|step`, and `workflow|step|goals` / `workflow|step|events` for each half. */
  readonly #byStep: ReadonlyMap<string, TimeIndex>;
  readonly #outerGoals: ReadonlyMap<string, TimeIndex>;
  readonly #segments: JsonSegments;
  readonly #averageRowBytes: { advanced: number; basic: number };

  /**
   * Indexes `rows` of the workflows in `catalog` (rows of other workflows are kept out), or takes
   * tables already built from them.
   */
  constructor(
    catalog: WorkflowCatalog,
    rows: Iterable<AdvancedRow> | MemoryTables,
    { dataset, cacheBytes }: MemorySourceOptions = {},
  ) {
    this.catalog = catalog;
    if (dataset !== undefined) this.dataset = dataset;
    const tables = rows instanceof MemoryTables ? rows : MemoryTables.build(catalog, rows);
    this.#table = tables.table;
    this.#byWorkflow = tables.byWorkflow;
    this.#byStep = tables.byStep;
    this.#outerGoals = tables.outerGoals;
    this.#segments = new JsonSegments(this.#table, cacheBytes ?? DEFAULT_SEGMENT_CACHE_BYTES);
    this.#averageRowBytes = this.#measureRows();
  }

  /** The average JSON size of a row, from a sample: to judge whether a list's text is worth keeping. */
  #measureRows(): { advanced: number; basic: number } {
    const size = this.#table.size;
    const sample = Math.min(size, 256);
    let advanced = 0;
    let basic = 0;
    for (let i = 0; i < sample; i += 1) {
      const row = Math.floor((i * size) / sample);
      advanced += this.#table.jsonBytes(row, false) + 1;
      basic += this.#table.jsonBytes(row, true) + 1;
    }
    return sample === 0
      ? { advanced: 0, basic: 0 }
      : { advanced: advanced / sample, basic: basic / sample };
  }

  /** How many events it holds. */
  get size(): number {
    return this.#table.size;
  }

  /**
   * The times (epoch milliseconds) of the first and last event held, of one workflow when
   * `workflowId` is given (outer goal events aside); `undefined` when there is none.
   */
  timeSpan(workflowId?: string): { readonly first: number; readonly last: number } | undefined {
    const indexes =
      workflowId === undefined
        ? [...this.#byWorkflow.values()]
        : [this.#byWorkflow.get(workflowId)];
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const index of indexes) {
      const times = index?.times;
      if (times === undefined || times.length === 0) continue;
      first = Math.min(first, times[0] as number);
      last = Math.max(last, times[times.length - 1] as number);
    }
    return first <= last ? { first, last } : undefined;
  }

  /** The bytes of JSON text it keeps for reuse now. */
  get cachedBytes(): number {
    return this.#segments.bytes;
  }

  /** The workflow's events in `[from, to)`, of step `step` when given, as new row objects in time order. */
  *events(workflow: Workflow, from: number, to: number, step?: number): Generator<AdvancedRow> {
    const index =
      step === undefined
        ? this.#byWorkflow.get(workflow.id)
        : this.#byStep.get(`${workflow.id}|${step}`);
    yield* this.#rowsIn(index, from, to);
  }

  /** The organization's outer goal events in `[from, to)`, as new row objects in time order. */
  outerGoalEvents(organizationId: string, from: number, to: number): Generator<AdvancedRow> {
    return this.#rowsIn(this.#outerGoals.get(organizationId), from, to);
  }

  *#rowsIn(index: TimeIndex | undefined, from: number, to: number): Generator<AdvancedRow> {
    if (!index) return;
    const { rows, times } = index;
    for (let i = firstAtOrAfter(times, from); i < rows.length && (times[i] as number) < to; i += 1)
      yield this.#table.row(rows[i] as number);
  }

  /** The selected rows' JSON, sliced from the kept text of the step's list (or encoded from the columns). */
  *stepJson(selection: StepSelection): Generator<Uint8Array> {
    const { workflow, step, from, to, goals, filters, limit, basic, onRows } = selection;
    const key = `${workflow.id}|${step}|${goals ? "goals" : "events"}`;
    const index = this.#byStep.get(key);
    if (!index || limit <= 0) return onRows?.(0);
    const matchers = filters.map(({ property, values }) =>
      this.#table.matcher(property as AdvancedColumnName, values),
    );
    const keep =
      matchers.length === 0
        ? () => true
        : (row: number) => matchers.every((matches) => matches(row));
    const { rows, times } = index;
    const first = firstAtOrAfter(times, from);
    const end = Math.min(firstAtOrAfter(times, to), rows.length);
    // An empty interval selects nothing: no list's text is worth making for it.
    if (first >= end) return onRows?.(0);
    const average = basic ? this.#averageRowBytes.basic : this.#averageRowBytes.advanced;
    const segment = this.#segments.get(key, index.rows, basic, average);
    if (segment && matchers.length === 0) {
      // No filter: the rows selected are consecutive, one slice of the kept text.
      const last = Math.min(end, first + limit);
      yield segment.bytes.subarray(segment.starts[first], (segment.starts[last] as number) - 1);
      return onRows?.(last - first);
    }
    const taken = yield* segment
      ? this.#slices(segment, rows, first, end, keep, limit)
      : this.#encoded(rows, first, end, keep, limit, basic);
    onRows?.(taken);
  }

  /** The selected rows as slices of a kept segment (runs of consecutive rows are one slice); returns how many. */
  *#slices(
    { bytes, starts }: JsonSegment,
    rows: Uint32Array,
    first: number,
    end: number,
    keep: (row: number) => boolean,
    limit: number,
  ): Generator<Uint8Array, number> {
    let taken = 0;
    let runStart = -1;
    let sent = false;
    const flush = function* (runEnd: number) {
      if (runStart < 0) return;
      if (sent) yield COMMA;
      yield bytes.subarray(starts[runStart], (starts[runEnd] as number) - 1);
      sent = true;
      runStart = -1;
    };
    let i = first;
    for (; i < end && taken < limit; i += 1) {
      if (keep(rows[i] as number)) {
        if (runStart < 0) runStart = i;
        taken += 1;
      } else {
        yield* flush(i);
      }
    }
    yield* flush(i);
    return taken;
  }

  /** The selected rows encoded from the columns a piece at a time, for a list whose text is not kept; returns how many. */
  *#encoded(
    rows: Uint32Array,
    first: number,
    end: number,
    keep: (row: number) => boolean,
    limit: number,
    basic: boolean,
  ): Generator<Uint8Array, number> {
    let taken = 0;
    function* selected(): Generator<number> {
      for (let i = first; i < end && taken < limit; i += 1) {
        const row = rows[i] as number;
        if (!keep(row)) continue;
        taken += 1;
        yield row;
      }
    }
    yield* jsonRowPieces(this.#table, selected(), basic);
    return taken;
  }
}

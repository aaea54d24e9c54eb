// Events held in memory, column by column, indexed by workflow and step: answers slice their JSON text.
import {
  type AdvancedColumnName,
  type AdvancedRow,
  isGoalEvent,
  stepIndexOf,
} from "@giosg-reporting/contract";
import type { Dataset, Workflow, WorkflowCatalog } from "@giosg-reporting/fixtures";
import type { EventSource, StepSelection } from "./event-source";
import { jsonPieces } from "./json-pieces";
import { DEFAULT_SEGMENT_CACHE_BYTES, type JsonSegment, JsonSegments } from "./json-segments";
import { RowTable } from "./row-table";

/** Row numbers in time order, with their times for binary search. */
interface TimeIndex {
  readonly rows: Uint32Array;
  readonly times: Float64Array;
}

/** Collects a list of rows before it is frozen into a {@link TimeIndex}. */
class IndexBuilder {
  readonly rows: number[] = [];
  readonly times: number[] = [];
  add(row: number, at: number): void {
    this.rows.push(row);
    this.times.push(at);
  }
  build(): TimeIndex {
    return { rows: Uint32Array.from(this.rows), times: Float64Array.from(this.times) };
  }
}

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

const COMMA = Buffer.from(",");

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
  readonly #table = new RowTable();
  readonly #byWorkflow = new Map<string, TimeIndex>();
  /** By `workflow|step`, and `workflow|step|goals` / `workflow|step|events` for each half. */
  readonly #byStep = new Map<string, TimeIndex>();
  readonly #segments: JsonSegments;
  readonly #averageRowBytes: { advanced: number; basic: number };

  /** Indexes `rows` of the workflows in `catalog` (rows of other workflows are kept out). */
  constructor(
    catalog: WorkflowCatalog,
    rows: Iterable<AdvancedRow>,
    { dataset, cacheBytes }: MemorySourceOptions = {},
  ) {
    this.catalog = catalog;
    if (dataset !== undefined) this.dataset = dataset;
    this.#segments = new JsonSegments(this.#table, cacheBytes ?? DEFAULT_SEGMENT_CACHE_BYTES);
    // Each row's lists (workflow; step; step's events or goals), as an index into `listNames`, whose
    // entries are made the first time a combination comes.
    const listNames: (readonly [string, string?, string?])[] = [];
    const listOf = new Map<string, number>();
    let lists = new Uint16Array(1024);
    const known = new Set(catalog.workflows.map(({ id }) => id));
    for (const row of rows) {
      if (!known.has(row.label)) continue;
      const number = this.#table.add(row);
      if (number === lists.length) {
        const grown = new Uint16Array(lists.length * 2);
        grown.set(lists);
        lists = grown;
      }
      const step = stepIndexOf(row);
      const half = isGoalEvent(row) ? "goals" : "events";
      const combination = `${row.label}|${step}|${half}`;
      let list = listOf.get(combination);
      if (list === undefined) {
        list = listNames.length;
        listOf.set(combination, list);
        listNames.push(
          step === undefined
            ? [row.label]
            : [row.label, `${row.label}|${step}`, `${row.label}|${step}|${half}`],
        );
      }
      lists[number] = list;
    }
    this.#table.seal();
    const size = this.#table.size;
    // Rows come in time order from the fixtures: sort only when they do not.
    let order = Uint32Array.from({ length: size }, (_, row) => row);
    let sorted = true;
    for (let row = 1; row < size && sorted; row += 1)
      sorted = this.#table.time(row - 1) <= this.#table.time(row);
    if (!sorted) order = order.sort((a, b) => this.#table.time(a) - this.#table.time(b) || a - b);
    const builders = new Map<string, IndexBuilder>();
    for (const row of order) {
      const at = this.#table.time(row);
      for (const name of listNames[lists[row] as number] ?? []) {
        if (name === undefined) continue;
        let builder = builders.get(name);
        if (!builder) {
          builder = new IndexBuilder();
          builders.set(name, builder);
        }
        builder.add(row, at);
      }
    }
    for (const [key, list] of builders) {
      (key.includes("|") ? this.#byStep : this.#byWorkflow).set(key, list.build());
    }
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
      advanced += Buffer.byteLength(this.#table.json(row, false)) + 1;
      basic += Buffer.byteLength(this.#table.json(row, true)) + 1;
    }
    return sample === 0
      ? { advanced: 0, basic: 0 }
      : { advanced: advanced / sample, basic: basic / sample };
  }

  /** How many events it holds. */
  get size(): number {
    return this.#table.size;
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
    if (!index) return;
    const { rows, times } = index;
    for (let i = firstAtOrAfter(times, from); i < rows.length && (times[i] as number) < to; i += 1)
      yield this.#table.row(rows[i] as number);
  }

  /** The selected rows' JSON, sliced from the kept text of the step's list (or encoded from the columns). */
  *stepJson(selection: StepSelection): Generator<Uint8Array> {
    const { workflow, step, from, to, goals, filters, limit, basic } = selection;
    const key = `${workflow.id}|${step}|${goals ? "goals" : "events"}`;
    const index = this.#byStep.get(key);
    if (!index || limit <= 0) return;
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
    if (first >= end) return;
    const average = basic ? this.#averageRowBytes.basic : this.#averageRowBytes.advanced;
    const segment = this.#segments.get(key, index.rows, basic, average);
    yield* segment
      ? this.#slices(segment, rows, first, end, keep, limit)
      : this.#encoded(rows, first, end, keep, limit, basic);
  }

  /** The selected rows as slices of a kept segment: runs of consecutive rows are one slice. */
  *#slices(
    { bytes, starts }: JsonSegment,
    rows: Uint32Array,
    first: number,
    end: number,
    keep: (row: number) => boolean,
    limit: number,
  ): Generator<Uint8Array> {
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
  }

  /** The selected rows encoded from the columns a piece at a time, for a list whose text is not kept. */
  *#encoded(
    rows: Uint32Array,
    first: number,
    end: number,
    keep: (row: number) => boolean,
    limit: number,
    basic: boolean,
  ): Generator<Uint8Array> {
    const table = this.#table;
    function* texts(): Generator<string> {
      let taken = 0;
      for (let i = first; i < end && taken < limit; i += 1) {
        const row = rows[i] as number;
        if (!keep(row)) continue;
        taken += 1;
        yield table.json(row, basic);
      }
    }
    yield* jsonPieces(texts());
  }
}

// A unit's rows as they pass to the sink: each checked inside the unit's window and in time order, counted, and cut past the row bound.
import type { FieldDescriptor } from "@giosg-reporting/client";
import { instantParser } from "@giosg-reporting/contract";
import type { Window } from "../plan/windows";

/** A row the API should not have sent for the unit: outside its window, or before the row ahead of it. */
export class UnitRowError extends Error {
  override readonly name = "UnitRowError";
}

/** The unit's answer passed `maxWindowRows`: the window is split and each half exported instead. */
export class WindowTooLarge extends Error {
  override readonly name = "WindowTooLarge";
  /** The bound passed. */
  readonly maxWindowRows: number;

  constructor(maxWindowRows: number) {
    super(`the window's answer has more than maxWindowRows (${maxWindowRows}) rows`);
    this.maxWindowRows = maxWindowRows;
  }
}

/** The name of the first `datetime` field (`timestamp` in advanced rows), whose times a check reads; undefined when none. */
export const firstDatetimeField = (fields: readonly FieldDescriptor[]): string | undefined =>
  fields.find(({ type }) => type === "datetime")?.name;

/** The name of the rows' time: the first `datetime` field (`timestamp` in advanced rows). */
export function timeFieldOf(fields: readonly FieldDescriptor[]): string {
  const field = firstDatetimeField(fields);
  if (field === undefined)
    throw new UnitRowError(
      "the answer's fields have no datetime field to check the rows' window by",
    );
  return field;
}

/** What {@link rowsChecker} checks and counts. */
export interface RowGuard {
  readonly window: Window;
  readonly timeField: string;
  /** The most rows taken (0: no bound); one more throws {@link WindowTooLarge}. */
  readonly maxRows: number;
  /** Counts the rows as they pass. */
  readonly count: { rows: number };
}

/** The value of a row known only by its time (a batch without rows). */
const UNSEEN = Symbol("unseen");

/** Why the row at `index` is not in place (its time `time`, NaN when it is not an instant). */
function misplaced(guard: RowGuard, value: unknown, time: number, previous: number, index: number) {
  if (Number.isNaN(time))
    return new UnitRowError(
      `row ${index}'s ${guard.timeField} is not an instant${value === UNSEEN ? "" : `: ${JSON.stringify(value)}`}`,
    );
  if (time < guard.window.start.getTime() || time >= guard.window.end.getTime())
    return new UnitRowError(
      `row ${index}'s ${guard.timeField} ${value} is outside the unit's window ${guard.window.start.toISOString()}/${guard.window.end.toISOString()}: the API sent a row it was not asked for`,
    );
  return new UnitRowError(
    `row ${index}'s ${guard.timeField} ${value} is before the row ahead of it (${new Date(previous).toISOString()}): the API's rows are not in time order`,
  );
}

/**
 * The check of a unit's rows, a run at a time and in order: each row's time inside `[start, end)` of
 * the unit's window, and not before the row ahead of it (the API's rows are in time order), and the
 * row bound. A row that is not in place is a {@link UnitRowError}: a server that sends it would
 * otherwise make a silently wrong export. Each row checked is counted in `guard.count` (on a throw,
 * the rows before the one that failed); its time (ms) goes to `times[k]` when `times` is given.
 */
export function rowsChecker(guard: RowGuard): RowsCheck {
  const start = guard.window.start.getTime();
  const end = guard.window.end.getTime();
  const field = guard.timeField;
  const { maxRows, count } = guard;
  let previous = start;
  const parse = instantParser();
  /** Checks the row at `index` (its time `time`, its value `value` for the message) and counts it. */
  const place = (time: number, value: unknown, index: number) => {
    // NaN passes none of these.
    if (!(time >= start && time < end && time >= previous)) {
      count.rows = index;
      const shown = value === UNSEEN && !Number.isNaN(time) ? new Date(time).toISOString() : value;
      throw misplaced(guard, shown, time, previous, index);
    }
    if (maxRows > 0 && index >= maxRows) {
      count.rows = index;
      throw new WindowTooLarge(maxRows);
    }
    previous = time;
  };
  const check = (rows: readonly object[], times?: Float64Array) => {
    let index = count.rows;
    for (let k = 0; k < rows.length; k += 1) {
      const value = (rows[k] as Record<string, unknown>)[field];
      const time = typeof value === "string" ? parse(value) : Number.NaN;
      place(time, value, index);
      if (times !== undefined) times[k] = time;
      index += 1;
    }
    count.rows = index;
  };
  check.times = (times: Float64Array) => {
    let index = count.rows;
    for (let k = 0; k < times.length; k += 1) {
      const time = times[k] as number;
      place(time, UNSEEN, index);
      index += 1;
    }
    count.rows = index;
  };
  return check;
}

/** The check {@link rowsChecker} makes: of rows (their times read into `times`), or of times alone. */
export interface RowsCheck {
  (rows: readonly object[], times?: Float64Array): void;
  /** Checks rows known by their times alone (a batch without rows). */
  times(times: Float64Array): void;
}

/** A batch of a unit's rows, with their NDJSON (see the client's `RowBatch`). */
export interface RowBatch {
  /** The rows, in order (for a sink that says it reads none, built from `ndjson` only if read). */
  readonly rows: readonly object[];
  /** How many rows the batch holds. */
  readonly count: number;
  /** The same rows as NDJSON: each row's JSON text and a line feed. */
  readonly ndjson: Uint8Array;
  /**
   * Each row's time in ms since the epoch (its value of the answer's first `datetime` field), as the
   * export's check read it: a sink need not parse it again. Absent from batches the export did not check.
   */
  readonly times?: Float64Array;
}

/** A byte order mark is kept (JSON.parse refuses it), not dropped. */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text of NDJSON bytes as JSON.parse is to read it: each ill-formed sequence a U+FFFD, a byte order mark kept. */
export const ndjsonText = (bytes: Uint8Array): string => decoder.decode(bytes);

/** The rows of NDJSON bytes: each line parsed. */
function rowsOfNdjson(ndjson: Uint8Array): object[] {
  const lines = ndjsonText(ndjson).split("\n");
  lines.pop(); // after the last line feed
  return lines.map((line) => JSON.parse(line) as object);
}

/**
 * A batch whose rows the client did not build (the sink said it reads none): a sink that reads them
 * after all (a wrapper of it, say) gets them parsed from the batch's NDJSON, never an empty list.
 */
class RowsOnDemand implements RowBatch {
  #rows: readonly object[] | undefined;

  constructor(
    readonly count: number,
    readonly ndjson: Uint8Array,
    readonly times: Float64Array,
  ) {}

  get rows(): readonly object[] {
    this.#rows ??= rowsOfNdjson(this.ndjson);
    return this.#rows;
  }
}

/**
 * Yields the batches, each batch's rows checked by {@link rowsChecker} before it is handed on with
 * their times; `onEnd` is called once the reading is over: the batches ended, failed, or were left
 * (`return`).
 */
export async function* guardedBatches(
  batches: AsyncIterable<RowBatch>,
  guard: RowGuard,
  onEnd?: () => void,
): AsyncGenerator<RowBatch> {
  const check = rowsChecker(guard);
  try {
    for await (const batch of batches) {
      if (batch.times !== undefined && batch.rows.length < batch.count) {
        // A batch without rows (asked for with `rows: false`): the client read their times.
        check.times(batch.times);
        yield new RowsOnDemand(batch.count, batch.ndjson, batch.times);
        continue;
      }
      const times = new Float64Array(batch.rows.length);
      check(batch.rows, times);
      yield { rows: batch.rows, count: batch.rows.length, ndjson: batch.ndjson, times };
    }
  } finally {
    onEnd?.();
  }
}

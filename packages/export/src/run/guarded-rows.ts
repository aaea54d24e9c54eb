// A unit's rows as they pass to the sink: each checked inside the unit's window and in time order, counted, and cut past the row bound.
import type { FieldDescriptor } from "@giosg-reporting/client";
import type { Window } from "../plan/windows";
import { instantParser } from "./instants";

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

/** The name of the rows' time: the first `datetime` field (`timestamp` in advanced rows). */
export function timeFieldOf(fields: readonly FieldDescriptor[]): string {
  const field = fields.find(({ type }) => type === "datetime");
  if (!field)
    throw new UnitRowError(
      "the answer's fields have no datetime field to check the rows' window by",
    );
  return field.name;
}

/** What {@link rowChecker} checks and counts. */
export interface RowGuard {
  readonly window: Window;
  readonly timeField: string;
  /** The most rows taken (0: no bound); one more throws {@link WindowTooLarge}. */
  readonly maxRows: number;
  /** Counts the rows as they pass. */
  readonly count: { rows: number };
}

/**
 * The check of each row of a unit, in order: its time inside `[start, end)` of the unit's window, and
 * not before the row ahead of it (the API's rows are in time order), and the row bound. A row that is
 * not in place is a {@link UnitRowError}: a server that sends it would otherwise make a silently wrong
 * export. Each row checked is counted in `guard.count`.
 */
export function rowChecker(guard: RowGuard): (row: object) => void {
  const start = guard.window.start.getTime();
  const end = guard.window.end.getTime();
  let previous = start;
  const parse = instantParser();
  return (row) => {
    const value = (row as Record<string, unknown>)[guard.timeField];
    const time = typeof value === "string" ? parse(value) : Number.NaN;
    const index = guard.count.rows;
    if (Number.isNaN(time))
      throw new UnitRowError(
        `row ${index}'s ${guard.timeField} is not an instant: ${JSON.stringify(value)}`,
      );
    if (time < start || time >= end)
      throw new UnitRowError(
        `row ${index}'s ${guard.timeField} ${value} is outside the unit's window ${guard.window.start.toISOString()}/${guard.window.end.toISOString()}: the API sent a row it was not asked for`,
      );
    if (time < previous)
      throw new UnitRowError(
        `row ${index}'s ${guard.timeField} ${value} is before the row ahead of it (${new Date(previous).toISOString()}): the API's rows are not in time order`,
      );
    previous = time;
    if (guard.maxRows > 0 && index >= guard.maxRows) throw new WindowTooLarge(guard.maxRows);
    guard.count.rows = index + 1;
  };
}

/** A batch of a unit's rows, with their NDJSON (see the client's `RowBatch`). */
export interface RowBatch {
  /** The rows, in order. */
  readonly rows: readonly object[];
  /** The same rows as NDJSON: each row's JSON text and a line feed. */
  readonly ndjson: Uint8Array;
}

/**
 * Yields the batches, each batch's rows checked by {@link rowChecker} before it is handed on; `onEnd`
 * is called once the reading is over: the batches ended, failed, or were left (`return`).
 */
export async function* guardedBatches(
  batches: AsyncIterable<RowBatch>,
  guard: RowGuard,
  onEnd?: () => void,
): AsyncGenerator<RowBatch> {
  const check = rowChecker(guard);
  try {
    for await (const batch of batches) {
      for (const row of batch.rows) check(row);
      yield batch;
    }
  } finally {
    onEnd?.();
  }
}

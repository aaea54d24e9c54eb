// The last stages every answer's rows go through: the filters and `limit`, the basic projection, lazily.
import { type AdvancedRow, type BasicRow, toBasicRow } from "@giosg-reporting/contract";
import type { RowPredicate } from "./filters";

/** The rows `keep` accepts, at most `limit` of them, in order. */
export function* select(
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

/** The basic projection of advanced rows. */
export function* project(rows: Iterable<AdvancedRow>): Generator<BasicRow> {
  for (const row of rows) yield toBasicRow(row);
}

/** An iterable that runs `make` each time it is iterated: rows and their JSON are produced on demand. */
export function lazily<T>(make: () => Iterable<T>): Iterable<T> {
  return { [Symbol.iterator]: () => make()[Symbol.iterator]() };
}

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

/** An iterable of what `make` gives, made anew each time it is iterated. */
class Lazily<T> implements Iterable<T> {
  readonly #make: () => Iterable<T>;
  constructor(make: () => Iterable<T>) {
    this.#make = make;
  }
  [Symbol.iterator](): Iterator<T> {
    return this.#make()[Symbol.iterator]();
  }
}

/**
 * An iterable that runs `make` each time it is iterated: rows and their JSON are produced on demand.
 * (One class, not an object literal with a computed key and a closure for each: every answer makes two.)
 */
export function lazily<T>(make: () => Iterable<T>): Iterable<T> {
  return new Lazily(make);
}

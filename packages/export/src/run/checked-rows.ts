// A unit's rows as the export hands them to a sink: iterated, they are the row guard's; a sink that knows them may loop over the client's rows itself and check each with a plain call.
import { guardedRows, type RowGuard, rowTimeChecker } from "./guarded-rows";

/** Marks rows that carry their unchecked source and a sync check. */
const CHECKED = Symbol("checkedRows");

/** The parts of checked rows: the rows as the client hands them, and the check each must pass in order. */
export interface RowsAndCheck {
  /** The rows, unchecked. */
  readonly rows: AsyncIterable<object>;
  /** Checks the next row (throws as the row guard would) and returns its time in ms, or undefined when there is no check. */
  readonly check: ((row: object) => number) | undefined;
}

/** Rows that iterate as the row guard's, and also hand their parts to {@link rowsAndCheck}. */
interface CheckedRows extends AsyncIterable<object> {
  readonly [CHECKED]: () => RowsAndCheck;
}

/**
 * The rows, checked by `guard`: iterated, they are {@link guardedRows}'s (a generator per row); a sink
 * may instead take {@link rowsAndCheck} once and check each row with a plain call, which costs no
 * generator per row. Either way is taken once.
 */
export function checkedRows(rows: AsyncIterable<object>, guard: RowGuard): AsyncIterable<object> {
  const checked: CheckedRows = {
    [Symbol.asyncIterator]: () => guardedRows(rows, guard)[Symbol.asyncIterator](),
    [CHECKED]: () => ({ rows, check: rowTimeChecker(guard) }),
  };
  return checked;
}

/**
 * `rows` with each row passed to `observe` after its check: checked rows stay checked rows (their check
 * then observes), other rows are iterated through `observe`.
 */
export function observedRows(
  rows: AsyncIterable<object>,
  observe: () => void,
  iterate: (rows: AsyncIterable<object>) => AsyncIterable<object>,
): AsyncIterable<object> {
  const parts = (rows as Partial<CheckedRows>)[CHECKED];
  if (parts === undefined) return iterate(rows);
  const observed: CheckedRows = {
    [Symbol.asyncIterator]: () => iterate(rows)[Symbol.asyncIterator](),
    [CHECKED]: () => {
      const inner = parts();
      const check = inner.check;
      return {
        rows: inner.rows,
        check: (row) => {
          const time = check === undefined ? Number.NaN : check(row);
          observe();
          return time;
        },
      };
    },
  };
  return observed;
}

/** The unchecked rows and their check when `rows` came from {@link checkedRows}; else the rows as they are, with no check. */
export function rowsAndCheck(rows: AsyncIterable<object>): RowsAndCheck {
  const parts = (rows as Partial<CheckedRows>)[CHECKED];
  return parts === undefined ? { rows, check: undefined } : parts();
}

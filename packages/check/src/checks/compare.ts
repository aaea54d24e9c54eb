// Relations between answers: the same rows, a prefix, a sub-sequence; each says where they part.
import type { Deviation, ReadingId } from "@giosg-reporting/contract";
import type { Row } from "./recorder";

/** A row written with its keys sorted: equal for equal rows whatever their key order (the audit checks order). */
export function rowKey(row: unknown): string {
  return JSON.stringify(row, (_key, value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

const SUMMARY_KEYS = [
  "timestamp",
  "Date & Time",
  "action",
  "category",
  "dim1",
  "Workflow Session ID",
];

/** A few telling columns of a row, as evidence that stays short. */
export function summaryOf(row: unknown): unknown {
  if (typeof row !== "object" || row === null) return row;
  const record = row as Row;
  return Object.fromEntries(
    SUMMARY_KEYS.filter((key) => key in record).map((key) => [key, record[key]]),
  );
}

function differingKeys(a: unknown, b: unknown): string[] {
  const left = (typeof a === "object" && a !== null ? a : {}) as Row;
  const right = (typeof b === "object" && b !== null ? b : {}) as Row;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => rowKey(left[key]) !== rowKey(right[key]));
}

/** What a relation is called in a deviation. */
export interface Relation {
  /** The deviation's `check`, such as `limit.prefix`. */
  readonly check: string;
  readonly reading?: ReadingId;
  /** What the answer should be, such as `the first 5 rows of the window's answer`. */
  readonly what: string;
}

function parted(relation: Relation, at: number, expected: unknown, actual: unknown): Deviation {
  const keys =
    expected !== undefined && actual !== undefined ? differingKeys(expected, actual) : [];
  return {
    check: relation.check,
    ...(relation.reading ? { reading: relation.reading } : {}),
    message:
      expected === undefined
        ? `the answer has a row more than ${relation.what} at data[${at}]`
        : actual === undefined
          ? `the answer ends at data[${at}], before ${relation.what} does`
          : `data[${at}] is not the row of ${relation.what}${keys.length ? ` (it differs in ${keys.slice(0, 5).join(", ")})` : ""}`,
    at: `data[${at}]`,
    expected: summaryOf(expected),
    actual: summaryOf(actual),
  };
}

/** Whether `actual` holds exactly the rows `expected`, in order; a deviation at the first difference. */
export function sameRows(
  expected: readonly unknown[],
  actual: readonly unknown[],
  relation: Relation,
): Deviation | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i += 1) {
    if (i >= expected.length || i >= actual.length || rowKey(expected[i]) !== rowKey(actual[i])) {
      const deviation = parted(relation, i, expected[i], actual[i]);
      return {
        ...deviation,
        message: `${deviation.message} (${actual.length} rows, expected ${expected.length})`,
      };
    }
  }
  return undefined;
}

/** Whether `actual` is a sub-sequence of `whole` (its rows, in order, each from `whole`). */
export function subsequence(
  whole: readonly unknown[],
  actual: readonly unknown[],
  relation: Relation,
): Deviation | undefined {
  let next = 0;
  for (let i = 0; i < actual.length; i += 1) {
    const key = rowKey(actual[i]);
    while (next < whole.length && rowKey(whole[next]) !== key) next += 1;
    if (next >= whole.length)
      return {
        check: relation.check,
        ...(relation.reading ? { reading: relation.reading } : {}),
        message: `data[${i}] is not in ${relation.what} after the rows before it`,
        at: `data[${i}]`,
        actual: summaryOf(actual[i]),
      };
    next += 1;
  }
  return undefined;
}

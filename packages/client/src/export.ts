// Rows as CSV or NDJSON text, whole or as lines as they come; the CSV encoding is the contract's.
import {
  type CsvOptions,
  csvHeader,
  csvRow,
  type FieldDescriptor,
} from "@giosg-reporting/contract";
import { fieldsKeyedAs } from "./answer/fields";

/**
 * The columns to write: `fields` named as the first row is keyed, so that a header such as the
 * documentation's "Date & Time" over rows keyed `timestamp` names, and fills, `timestamp`.
 */
function columnsFor(fields: readonly FieldDescriptor[], first: object | undefined) {
  return first === undefined ? fields : fieldsKeyedAs(fields, (name) => Object.hasOwn(first, name));
}

/**
 * Rows as CSV (RFC 4180): a header of the `fields` names, then one record per row in that order, CRLF
 * line ends. A field named by a basic column's name over rows keyed by its advanced column (the
 * documentation's "Date & Time" over `timestamp`) is written under, and from, the rows' key. With
 * `neutralizeFormulas`, a text value a spreadsheet would run as a formula is prefixed with `'`.
 */
export function toCsv(
  fields: readonly FieldDescriptor[],
  rows: Iterable<object>,
  options?: CsvOptions,
): string {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next();
  const columns = columnsFor(fields, first.done ? undefined : first.value);
  let text = csvHeader(columns, options);
  if (first.done) return text;
  text += csvRow(columns, first.value, options);
  for (let next = iterator.next(); !next.done; next = iterator.next())
    text += csvRow(columns, next.value, options);
  return text;
}

/**
 * Rows as CSV lines as they come, for streamed rows: the header (once the first row has shown how
 * rows are keyed, as in {@link toCsv}), then one record per row.
 */
export async function* csvLines(
  fields: readonly FieldDescriptor[],
  rows: Iterable<object> | AsyncIterable<object>,
  options?: CsvOptions,
): AsyncGenerator<string, void, undefined> {
  let columns: readonly FieldDescriptor[] | undefined;
  for await (const row of rows) {
    if (columns === undefined) {
      columns = columnsFor(fields, row);
      yield csvHeader(columns, options);
    }
    yield csvRow(columns, row, options);
  }
  if (columns === undefined) yield csvHeader(fields, options);
}

/** Rows as NDJSON: one JSON object per line, each line ending in `\n`. */
export function toNdjson(rows: Iterable<object>): string {
  let text = "";
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return text;
}

/** Rows as NDJSON lines as they come, for streamed rows. */
export async function* ndjsonLines(
  rows: Iterable<object> | AsyncIterable<object>,
): AsyncGenerator<string, void, undefined> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}

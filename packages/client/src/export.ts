// Rows as CSV or NDJSON text, whole or as lines as they come; the CSV encoding is the contract's.
import { csvHeader, csvRow, type FieldDescriptor } from "@giosg-reporting/contract";

/** Rows as CSV (RFC 4180): a header of the `fields` names, then one record per row in that order, CRLF line ends. */
export function toCsv(fields: readonly FieldDescriptor[], rows: Iterable<object>): string {
  let text = csvHeader(fields);
  for (const row of rows) text += csvRow(fields, row);
  return text;
}

/** Rows as CSV lines as they come, for streamed rows: the header first, then one record per row. */
export async function* csvLines(
  fields: readonly FieldDescriptor[],
  rows: Iterable<object> | AsyncIterable<object>,
): AsyncGenerator<string, void, undefined> {
  yield csvHeader(fields);
  for await (const row of rows) yield csvRow(fields, row);
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

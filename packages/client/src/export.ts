import type { FieldDescriptor } from "@giosg-reporting/contract";

const NEEDS_QUOTES = /[",\r\n]/;

/** One value as a CSV cell (RFC 4180): `null` empty, arrays and objects as JSON, quoted when needed. */
function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, with its CRLF. */
function record(values: readonly unknown[]): string {
  return `${values.map(cell).join(",")}\r\n`;
}

/** Rows as CSV (RFC 4180): a header of the `fields` names, then one record per row in that order, CRLF line ends. */
export function toCsv(fields: readonly FieldDescriptor[], rows: Iterable<object>): string {
  let text = record(fields.map(({ name }) => name));
  for (const row of rows)
    text += record(fields.map(({ name }) => (row as Record<string, unknown>)[name]));
  return text;
}

/** Rows as CSV lines as they come, for streamed rows: the header first, then one record per row. */
export async function* csvLines(
  fields: readonly FieldDescriptor[],
  rows: Iterable<object> | AsyncIterable<object>,
): AsyncGenerator<string, void, undefined> {
  yield record(fields.map(({ name }) => name));
  for await (const row of rows)
    yield record(fields.map(({ name }) => (row as Record<string, unknown>)[name]));
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

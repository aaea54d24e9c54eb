// Rows as CSV (RFC 4180): the one encoder the kit's client and fixtures share.
import type { FieldDescriptor } from "./fields";

/** A column as CSV needs it: its name, the key of its values in rows. */
type CsvColumn = Pick<FieldDescriptor, "name">;

const NEEDS_QUOTES = /[",\r\n]/;

/** One value as a CSV cell (RFC 4180): `null` empty, arrays and objects as JSON, quoted when needed. */
export function csvCell(value: unknown): string {
  const text =
    typeof value === "string"
      ? value
      : value === null || value === undefined
        ? ""
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record of `values` as cells, with its CRLF. */
export function csvRecord(values: readonly unknown[]): string {
  let text = "";
  for (let index = 0; index < values.length; index += 1)
    text += index === 0 ? csvCell(values[index]) : `,${csvCell(values[index])}`;
  return `${text}\r\n`;
}

/** The CSV header record of `fields`: their names in order, with its CRLF. */
export function csvHeader(fields: readonly CsvColumn[]): string {
  return csvRecord(fields.map(({ name }) => name));
}

/** One row as a CSV record: its values in the order of `fields`, with its CRLF. */
export function csvRow(fields: readonly CsvColumn[], row: object): string {
  const values = row as Record<string, unknown>;
  let text = "";
  for (let index = 0; index < fields.length; index += 1) {
    const cell = csvCell(values[(fields[index] as CsvColumn).name]);
    text += index === 0 ? cell : `,${cell}`;
  }
  return `${text}\r\n`;
}

// Rows as CSV (RFC 4180): the one encoder the kit's client and fixtures share.
import type { FieldDescriptor } from "../api/rows/fields";

/** A column as CSV needs it: its name, the key of its values in rows. */
type CsvColumn = Pick<FieldDescriptor, "name">;

const NEEDS_QUOTES = /[",\r\n]/;

/** How cells are written. */
export interface CsvOptions {
  /**
   * Prefix with `'` a text value that a spreadsheet would read as a formula (one that starts with `=`,
   * `+`, `-`, `@`, a tab or a carriage return), as OWASP's guidance on CSV injection says (default
   * false: the values as the API sends them).
   */
  readonly neutralizeFormulas?: boolean;
}

/** What a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One value as a CSV cell (RFC 4180): `null` empty, arrays and objects as JSON, quoted when needed. */
export function csvCell(value: unknown, options?: CsvOptions): string {
  const text =
    typeof value === "string"
      ? value
      : value === null || value === undefined
        ? ""
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  const cell =
    options?.neutralizeFormulas === true && typeof value === "string" && FORMULA_START.test(text)
      ? `'${text}`
      : text;
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One CSV record of `values` as cells, with its CRLF. */
export function csvRecord(values: readonly unknown[], options?: CsvOptions): string {
  let text = "";
  for (let index = 0; index < values.length; index += 1)
    text += index === 0 ? csvCell(values[index], options) : `,${csvCell(values[index], options)}`;
  return `${text}\r\n`;
}

/** The CSV header record of `fields`: their names in order, with its CRLF. */
export function csvHeader(fields: readonly CsvColumn[], options?: CsvOptions): string {
  return csvRecord(
    fields.map(({ name }) => name),
    options,
  );
}

/** One row as a CSV record: its values in the order of `fields`, with its CRLF. */
export function csvRow(fields: readonly CsvColumn[], row: object, options?: CsvOptions): string {
  const values = row as Record<string, unknown>;
  let text = "";
  for (let index = 0; index < fields.length; index += 1) {
    const cell = csvCell(values[(fields[index] as CsvColumn).name], options);
    text += index === 0 ? cell : `,${cell}`;
  }
  return `${text}\r\n`;
}

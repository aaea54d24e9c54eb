// The PostgreSQL sink's former encoding, kept as the tests' reference: a unit's rows as COPY's CSV, the unit's columns then the row's in the table's order.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import copyStreams from "pg-copy-streams";
import type { ExportUnit } from "../../src/plan/units";
import {
  LIST_COLUMNS,
  quoteIdentifier,
  ROW_COLUMNS,
  TABLE_COLUMNS,
} from "../../src/sink/postgres/table";

/** How much CSV text a chunk gathers before it is handed to COPY: few messages, little memory. */
const CHUNK = 64 * 1024;

/** What makes a CSV field need quotes: COPY keeps any other text as it is, spaces included. */
const NEEDS_QUOTES = /[",\r\n]/;

/** A text as a CSV field: quoted, quotes doubled, when empty (else it would be NULL) or holding a quote, comma or line break. */
const quoted = (text: string) =>
  text !== "" && !NEEDS_QUOTES.test(text) ? text : `"${text.replaceAll('"', '""')}"`;

/** An element of a PostgreSQL array literal: quoted, its backslashes and quotes escaped. */
const element = (value: unknown) =>
  value === null || value === undefined
    ? "NULL"
    : `"${String(value).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/** The row's columns in the table's order, and which of them are lists. */
const NAMES = ROW_COLUMNS.map((column) => column.name);
const IS_LIST = NAMES.map((name) => LIST_COLUMNS.has(name));

/** One value as a CSV field: nothing for NULL, a number as it is, a list as an array literal, any other text quoted. */
function field(value: unknown, list: boolean): string {
  if (value === null || value === undefined) return "";
  if (list && Array.isArray(value)) return quoted(`{${value.map(element).join(",")}}`);
  if (typeof value === "number")
    return Number.isFinite(value) ? String(value) : quoted(String(value));
  if (typeof value === "string") return quoted(value);
  // Anything the contract does not announce (an object, a boolean) is kept as its JSON text.
  return quoted(JSON.stringify(value));
}

/** The CSV fields of the unit's own columns, the same for each of its rows. */
export function unitFields(workflowId: string, unit: ExportUnit): string {
  return [
    quoted(workflowId),
    String(unit.stepIndex),
    quoted(unit.target),
    quoted(unit.window.start.toISOString()),
    quoted(unit.window.end.toISOString()),
  ].join(",");
}

/** One row as a CSV line: `prefix` (the unit's fields), then the row's values in the table's order. */
export function csvLine(prefix: string, row: object): string {
  const values = row as Record<string, unknown>;
  let line = prefix;
  for (let index = 0; index < NAMES.length; index += 1)
    line += `,${field(values[NAMES[index] as string], IS_LIST[index] as boolean)}`;
  return `${line}\n`;
}

/** The rows as COPY's CSV in chunks of about 64 KiB, pulled one chunk at a time; counts them in `count`. */
export async function* copyChunks(
  prefix: string,
  rows: AsyncIterable<object>,
  count: { rows: number },
): AsyncGenerator<string> {
  let chunk = "";
  for await (const row of rows) {
    chunk += csvLine(prefix, row);
    count.rows += 1;
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/** Writes the unit's rows into `table` by the former path: `COPY … (FORMAT csv)` of {@link copyChunks}. */
export async function copyCsv(
  client: pg.Client,
  table: string,
  workflowId: string,
  unit: ExportUnit,
  rows: readonly object[],
): Promise<void> {
  const columns = TABLE_COLUMNS.map((column) => quoteIdentifier(column.name)).join(", ");
  const copy = client.query(
    copyStreams.from(`COPY ${table} (${columns}) FROM STDIN WITH (FORMAT csv)`),
  );
  const answer = (async function* () {
    yield* rows;
  })();
  await pipeline(
    Readable.from(copyChunks(unitFields(workflowId, unit), answer, { rows: 0 })),
    copy,
  );
}

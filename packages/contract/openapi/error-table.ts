// The README's table of statuses and error codes, written from the error catalogue.
import {
  CATALOGUE_CODES,
  ERROR_CATALOGUE,
  ERROR_STATUSES,
  type ErrorStatus,
  exampleErrorBody,
} from "../src/index";

/** Where the table sits in the README: between these two lines, rewritten by `pnpm openapi`. */
export const TABLE_START = "<!-- error-catalogue:start (written by `pnpm openapi`) -->";
/** The line after the table. */
export const TABLE_END = "<!-- error-catalogue:end -->";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The markdown table: one line per code, in status order, with its example detail. */
export function renderErrorTable(): string {
  const lines = [
    "| Status | `code` | Example `detail` | Retried by the client |",
    "| --- | --- | --- | --- |",
  ];
  for (const code of CATALOGUE_CODES) {
    const entry: { status: number; endpoint: boolean; where?: string } = ERROR_CATALOGUE[code];
    const meaning = ERROR_STATUSES[entry.status as ErrorStatus];
    const where = entry.endpoint ? "" : ` (outside the endpoint: ${entry.where})`;
    lines.push(
      `| ${entry.status} | \`${code}\`${where} | ${cell(exampleErrorBody(code).detail)} | ${meaning.retryable ? "yes" : "no"} |`,
    );
  }
  return lines.join("\n");
}

/** `readme` with its table replaced by the catalogue's; throws if the markers are missing. */
export function withErrorTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README: no ${TABLE_START} … ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${renderErrorTable()}\n${readme.slice(end)}`;
}

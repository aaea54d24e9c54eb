// Events and workflows read from files (Node only): NDJSON of advanced rows and the workflows' JSON.
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream";
import {
  type AdvancedRow,
  advancedRowSchema,
  type WorkflowCatalog,
  workflowCatalogSchema,
} from "@giosg-reporting/contract";
import { syntaxErrorOf } from "../json/json-syntax-error";
import { MemorySource } from "../memory/memory-source";
import { DataFileError } from "./data-file-error";
import { describeIssues as describe, type FileTablesOptions, readFileTables } from "./file-tables";
import { DEFAULT_MAX_LINE_BYTES, lineBound } from "./ndjson-lines";

export type { FileTablesOptions as FileSourceOptions };
export { DataFileError };

/** The JSON a file holds; a file that cannot be read or is not JSON is a {@link DataFileError} naming it, and the line and column. */
export function readJsonFile(
  path: string,
  reviver?: (key: string, value: unknown) => unknown,
): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new DataFileError(`${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text, reviver);
  } catch (error) {
    throw new DataFileError(`${path}: ${syntaxErrorOf(text, error)}`);
  }
}

/** The first workflow or organization listed twice, as `where: what`. */
function duplicateOf(catalog: WorkflowCatalog): string | undefined {
  for (const [list, entries] of [
    ["organizations", catalog.organizations],
    ["workflows", catalog.workflows],
  ] as const) {
    const seen = new Map<string, number>();
    for (const [index, { id }] of entries.entries()) {
      const first = seen.get(id);
      if (first !== undefined)
        return `${list}[${index}].id: ${id} is listed twice (also ${list}[${first}])`;
      seen.set(id, index);
    }
  }
  return undefined;
}

/** Reads a workflows file: the organizations and workflows as JSON (what `giosg-reporting-fixtures --workflows` writes). */
export function readWorkflowCatalog(path: string): WorkflowCatalog {
  let forbidden: string | undefined;
  // A `__proto__` key is someone's tampering, never a catalogue's: refused, not stripped.
  const json = readJsonFile(path, (key, value) => {
    if (key === "__proto__") forbidden ??= key;
    return value;
  });
  if (forbidden !== undefined)
    throw new DataFileError(`${path}: a key "${forbidden}" is not allowed`);
  const result = workflowCatalogSchema.safeParse(json);
  if (!result.success) throw new DataFileError(`${path}: ${describe(result.error.issues)}`);
  const duplicate = duplicateOf(result.data);
  if (duplicate !== undefined) throw new DataFileError(`${path}: ${duplicate}`);
  return result.data;
}

/**
 * The JSON values of an NDJSON file, line by line with their text and number (blank lines skipped);
 * a line that is not JSON, or longer than `maxLineBytes` (default 1 MiB, refused before it is
 * held), is a {@link DataFileError} naming the file and the line, and `hint` after.
 */
export async function* ndjsonValues(
  path: string,
  hint = "",
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<{ readonly value: unknown; readonly line: string; readonly number: number }> {
  const bounded = lineBound(path, maxLineBytes);
  pipeline(createReadStream(path), bounded, () => {});
  const lines = createInterface({ input: bounded, crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  let number = 0;
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await lines.next();
      } catch (error) {
        if (error instanceof DataFileError) throw new DataFileError(`${error.message}${hint}`);
        throw error;
      }
      if (next.done) return;
      const line = next.value;
      number += 1;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new DataFileError(`${path}:${number}: not JSON (${(error as Error).message})${hint}`);
      }
      yield { value, line, number };
    }
  } finally {
    // Left early (a line refused, the caller done): the file is closed now, not when collected.
    bounded.destroy();
    await lines.return?.();
  }
}

/**
 * Reads an NDJSON file of advanced rows, checking each against the contract and, when given, with
 * `refuse` (a reason to refuse a row, or undefined); a line longer than 1 MiB is refused before it is held.
 */
export async function readAdvancedRows(
  path: string,
  refuse?: (row: AdvancedRow) => string | undefined,
): Promise<AdvancedRow[]> {
  const rows: AdvancedRow[] = [];
  try {
    for await (const { value, number } of ndjsonValues(path)) {
      const result = advancedRowSchema.safeParse(value);
      if (!result.success)
        throw new DataFileError(`${path}:${number}: ${describe(result.error.issues)}`);
      const refused = refuse?.(result.data);
      if (refused !== undefined) throw new DataFileError(`${path}:${number}: ${refused}`);
      rows.push(result.data);
    }
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`${path}: ${(error as Error).message}`);
  }
  return rows;
}

/**
 * Loads events exported from the real API or recorded (NDJSON of advanced rows) with their workflows
 * file. The file streams into the tables a memory source holds, a chunk at a time: no row object is
 * kept, so a million events take about what the embedded dataset of as many takes. A file without any
 * event serves empty answers, as it always has.
 */
export async function fileSource(
  eventsPath: string,
  workflowsPath: string,
  options: FileTablesOptions = {},
): Promise<MemorySource> {
  const catalog = readWorkflowCatalog(workflowsPath);
  const tables = await readFileTables(eventsPath, catalog, workflowsPath, options);
  // A file without events (an export of a quiet window, an empty recording) serves empty answers.
  return new MemorySource(catalog, tables ?? []);
}

import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import {
  type AdvancedRow,
  advancedRowSchema,
  isOuterGoalEvent,
  toFieldErrors,
  type WorkflowCatalog,
  workflowCatalogSchema,
} from "@giosg-reporting/contract";
import { syntaxErrorOf } from "./json-syntax-error";
import { MemorySource } from "./memory-source";

/** A data or workflows file that cannot be used; the message names the file, the line and the field. */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
}

function describe(issues: Parameters<typeof toFieldErrors>[0]): string {
  return toFieldErrors(issues)
    .slice(0, 5)
    .map(({ path, message }) => `${path}: ${message}`)
    .join("; ");
}

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
 * a line that is not JSON is a {@link DataFileError} naming the file and the line, and `hint` after.
 */
export async function* ndjsonValues(
  path: string,
  hint = "",
): AsyncGenerator<{ readonly value: unknown; readonly line: string; readonly number: number }> {
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
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
}

/**
 * Reads an NDJSON file of advanced rows, checking each against the contract and, when given, with
 * `refuse` (a reason to refuse a row, or undefined).
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

/** Loads events exported from the real API (NDJSON of advanced rows) with their workflows file. */
export async function fileSource(eventsPath: string, workflowsPath: string): Promise<MemorySource> {
  const catalog = readWorkflowCatalog(workflowsPath);
  const workflows = new Set(catalog.workflows.map(({ id }) => id));
  const organizations = new Set(catalog.organizations.map(({ id }) => id));
  // A row the catalogue does not know would be dropped unseen: an answer of "no data" that lies.
  const refuse = (row: AdvancedRow) =>
    isOuterGoalEvent(row)
      ? organizations.has(row.organization_id)
        ? undefined
        : `organization_id: ${row.organization_id} is not an organization of ${workflowsPath}`
      : workflows.has(row.label)
        ? undefined
        : `label: workflow ${row.label} is not in ${workflowsPath}`;
  return new MemorySource(catalog, await readAdvancedRows(eventsPath, refuse));
}

import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import {
  type AdvancedRow,
  advancedRowSchema,
  toFieldErrors,
  type WorkflowCatalog,
  workflowCatalogSchema,
} from "@giosg-reporting/contract";
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

/** Reads a workflows file: the organizations and workflows as JSON (what `giosg-reporting-fixtures --workflows` writes). */
export function readWorkflowCatalog(path: string): WorkflowCatalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DataFileError(`${path}: ${(error as Error).message}`);
  }
  const result = workflowCatalogSchema.safeParse(json);
  if (!result.success) throw new DataFileError(`${path}: ${describe(result.error.issues)}`);
  return result.data;
}

/** Reads an NDJSON file of advanced rows, checking each against the contract. */
export async function readAdvancedRows(path: string): Promise<AdvancedRow[]> {
  const rows: AdvancedRow[] = [];
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new DataFileError(`${path}:${lineNumber}: not JSON (${(error as Error).message})`);
      }
      const result = advancedRowSchema.safeParse(json);
      if (!result.success)
        throw new DataFileError(`${path}:${lineNumber}: ${describe(result.error.issues)}`);
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
  return new MemorySource(catalog, await readAdvancedRows(eventsPath));
}

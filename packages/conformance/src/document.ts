// The OpenAPI document under test, and broken copies of it for the negative controls.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);

/**
 * The path of the document under test: the contract's published `openapi.json`, or the file named by
 * `CONFORMANCE_OPENAPI` (to run the gate against another version of it, e.g. the last release's).
 */
export function openApiPath(): string {
  const override = process.env.CONFORMANCE_OPENAPI;
  return override ? resolve(override) : require.resolve("@giosg-reporting/contract/openapi.json");
}

/** An OpenAPI document as parsed JSON. */
export type OpenApiDocument = Record<string, unknown>;

/** The document under test, parsed. */
export function readOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(openApiPath(), "utf8"));
}

/** Every object in a parsed JSON value, depth first. */
function* objectsIn(value: unknown): Generator<Record<string, unknown>> {
  if (value === null || typeof value !== "object") return;
  if (!Array.isArray(value)) yield value as Record<string, unknown>;
  for (const child of Object.values(value)) yield* objectsIn(child);
}

/**
 * A copy of the document whose `step_index` path parameter is an overlapping `oneOf`: a path value
 * `"1"` matches both branches once coerced, so a validator that applies `oneOf` strictly rejects it.
 * The parameter is found wherever it is declared (operation, path item or components).
 */
export function withOverlappingStepIndex(document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document);
  let found = 0;
  for (const object of objectsIn(copy)) {
    if (object.name !== "step_index" || object.in !== "path" || !("schema" in object)) continue;
    object.schema = {
      oneOf: [
        { type: "integer", minimum: 1 },
        { type: "string", pattern: "^[1-9][0-9]*$" },
      ],
    };
    found += 1;
  }
  if (found === 0) throw new Error("the document declares no step_index path parameter to break");
  return copy;
}

/**
 * A copy of the document whose `WorkflowInfo` no longer declares `description` (its objects stay
 * closed): every real `info` answer then carries a key the document does not allow.
 */
export function withoutInfoDescription(document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document);
  const info = (
    copy.components as { schemas: Record<string, { properties: object; required: string[] }> }
  ).schemas.WorkflowInfo;
  if (!info) throw new Error("the document declares no WorkflowInfo schema to break");
  delete (info.properties as Record<string, unknown>).description;
  info.required = info.required.filter((name) => name !== "description");
  return copy;
}

/** A document written to a temporary folder; `remove` deletes the folder. */
export interface WrittenDocument {
  /** The file's path. */
  readonly path: string;
  /** Deletes the temporary folder. */
  readonly remove: () => void;
}

/** Writes a document to a new temporary folder (Prism reads documents from files). */
export function writeTemporaryDocument(document: OpenApiDocument): WrittenDocument {
  const folder = mkdtempSync(join(tmpdir(), "conformance-"));
  const path = join(folder, "openapi.json");
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return { path, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

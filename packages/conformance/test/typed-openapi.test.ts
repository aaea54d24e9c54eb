// typed-openapi `-r zod` on openapi.json: the zod schemas and client it generates compile under strict.
import { afterAll, describe, expect, it } from "vitest";
import { openApiPath, readOpenApi, writeTemporaryDocument } from "../src/document";
import { generateZodClient, strictCompileErrors } from "../src/typed-openapi";

/** A copy of a document with every single `type` written as a one-item array (`["object"]`). */
function withTypeArrays(node: unknown): unknown {
  if (typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) return node.map(withTypeArrays);
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "examples" || key === "example"
        ? [key, value]
        : [key, key === "type" && typeof value === "string" ? [value] : withTypeArrays(value)],
    ),
  );
}

describe("typed-openapi -r zod on openapi.json", () => {
  const written = writeTemporaryDocument(withTypeArrays(readOpenApi()) as Record<string, unknown>);
  afterAll(() => written.remove());

  it("generates zod schemas and a client that compile under strict", async () => {
    const file = await generateZodClient(openApiPath(), "openapi");
    expect(strictCompileErrors(file)).toEqual([]);
  });

  it("is checked for real: with one-item type arrays, the output does not compile", async () => {
    const file = await generateZodClient(written.path, "type-arrays");
    const errors = strictCompileErrors(file);
    expect(errors).toContainEqual(expect.stringMatching(/ TS2353: .*'name' does not exist/));
  });
});

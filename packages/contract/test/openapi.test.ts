import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ResponseObject,
} from "openapi3-ts/oas31";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, serializeOpenApiDocument } from "../openapi/document";
import { withSingleTypes } from "../openapi/single-types";
import {
  ADVANCED_COLUMN_NAMES,
  BASIC_COLUMN_NAMES,
  contract,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "../src/index";

const committedPath = new URL("../openapi.json", import.meta.url);
const committed = readFileSync(committedPath, "utf8");
const document = JSON.parse(committed) as OpenAPIObject;
const [path, item] = Object.entries(document.paths ?? {})[0] ?? [];
const operation = item?.post as OperationObject & { responses: Record<string, ResponseObject> };

describe("openapi.json", () => {
  it("is what the contract generates (run `pnpm openapi` after changing the contract)", () => {
    expect(committed).toBe(serializeOpenApiDocument(buildOpenApiDocument()));
  });

  it("is a valid OpenAPI 3.1 document (swagger-parser)", async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect((api as OpenAPIObject).openapi).toBe("3.1.0");
  });

  it("is checked for real: swagger-parser rejects a parameter in no valid location", async () => {
    const broken = structuredClone(document) as OpenAPIObject;
    const post = Object.values(broken.paths ?? {})[0]?.post;
    Object.assign(post?.parameters?.[0] ?? {}, { in: "url" });
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it("describes the endpoint with the documentation's operation, server and security", () => {
    expect(path).toBe(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}",
    );
    expect(operation.operationId).toBe("getStepSourceData");
    expect(operation.summary).toBe(contract.getStepSourceData.summary);
    expect(operation.description).toContain("each individual event");
    expect(document.servers).toEqual([expect.objectContaining({ url: "https://api.giosg.com" })]);
    expect(document.components?.securitySchemes).toMatchObject({
      TokenAuth: { type: "apiKey", in: "header", name: "Authorization" },
      BearerAuth: { type: "http", scheme: "bearer" },
    });
    expect(document.security).toEqual([{ TokenAuth: [] }, { BearerAuth: [] }]);
  });

  it("documents each URL attribute as a required path parameter", () => {
    expect(operation.parameters).toEqual(
      ["organization_id", "workflow_id", "step_index"].map((name) =>
        expect.objectContaining({ name, in: "path", required: true }),
      ),
    );
  });

  it("gives each path parameter the documented example (Swagger UI's Try it out starts from it)", () => {
    expect(
      Object.fromEntries(
        operation.parameters?.map((p) => [
          (p as ParameterObject).name,
          (p as ParameterObject).example,
        ]) ?? [],
      ),
    ).toEqual({
      organization_id: EXAMPLE_ORGANIZATION_ID,
      workflow_id: EXAMPLE_WORKFLOW_ID,
      step_index: 1,
    });
  });

  it("gives every declared status a schema and at least one example", () => {
    const declared = Object.keys(contract.getStepSourceData.responses);
    expect(Object.keys(operation.responses)).toEqual(declared);
    for (const status of declared) {
      const media = operation.responses[status]?.content?.["application/json"];
      expect(media?.schema, status).toBeDefined();
      expect(Object.keys(media?.examples ?? {}).length, status).toBeGreaterThan(0);
    }
  });

  it("shows both documented example requests", () => {
    expect(operation.requestBody).toEqual({
      $ref: "#/components/requestBodies/StepSourceDataRequest",
    });
    const body = document.components?.requestBodies?.StepSourceDataRequest as {
      content: Record<string, { examples: object }>;
    };
    const examples = body.content["application/json"]?.examples;
    expect(examples).toMatchObject({
      basic: { value: { limit: "2", basic: true } },
      advanced: { value: { limit: "2", basic: false } },
    });
  });

  it("derives the row schemas' properties from the column lists, closed to other keys", () => {
    type Schema = {
      properties: Record<string, Schema>;
      items: object;
      additionalProperties: false;
    };
    const schemas = document.components?.schemas as Record<string, Schema>;
    expect(Object.keys(schemas.AdvancedRow?.properties ?? {})).toEqual(ADVANCED_COLUMN_NAMES);
    expect(Object.keys(schemas.BasicRow?.properties ?? {})).toEqual(BASIC_COLUMN_NAMES);
    expect(schemas.AdvancedRow?.additionalProperties).toBe(false);
    expect(schemas.BasicRow?.additionalProperties).toBe(false);
    expect(schemas.AdvancedStepSourceData?.properties.data?.items).toEqual({
      $ref: "#/components/schemas/AdvancedRow",
    });
    expect(schemas.BasicStepSourceData?.properties.data?.items).toEqual({
      $ref: "#/components/schemas/BasicRow",
    });
  });

  it("writes each single type as a string, keeping arrays only for real unions", () => {
    const types = typesIn(document);
    expect(types.filter((type) => Array.isArray(type) && type.length < 2)).toEqual([]);
    expect(types).toContainEqual(["string", "null"]);
    expect(types).toContain("object");
  });

  it("leaves examples as written and rewrites a property called `type` as a schema", () => {
    const schema = {
      type: ["object"],
      properties: { type: { type: ["string"] }, default: { type: ["integer"] } },
      examples: [{ type: ["kept"] }],
      anyOf: [{ type: ["string", "null"] }],
    };
    expect(withSingleTypes(schema)).toEqual({
      type: "object",
      properties: { type: { type: "string" }, default: { type: "integer" } },
      examples: [{ type: ["kept"] }],
      anyOf: [{ type: ["string", "null"] }],
    });
  });

  it("states step_index as an integer of at least 1: one reading of the path's text", () => {
    const stepIndex = operation.parameters?.[2] as ParameterObject;
    expect(stepIndex.schema).toEqual({ type: "integer", minimum: 1 });
  });

  it("has no oneOf whose branches overlap: each pair differs in type or in a required enum", () => {
    expect(overlappingOneOfs(document)).toEqual([]);
    // The check can fail: the earlier step_index overlaps, since a path parameter is text.
    const earlier = structuredClone(document) as OpenAPIObject;
    const post = Object.values(earlier.paths ?? {})[0]?.post as OperationObject;
    (post.parameters?.[2] as ParameterObject).schema = {
      oneOf: [
        { type: "integer", minimum: 1 },
        { type: "string", pattern: "^[1-9][0-9]*$" },
      ],
    };
    expect(overlappingOneOfs(earlier)).toEqual([
      "#/paths/.../post/parameters/2/schema: oneOf 0 and 1",
    ]);
  });
});

type Node = Record<string, unknown>;

/** Every schema's `type` in the document, examples left out. */
function typesIn(node: unknown, out: unknown[] = []): unknown[] {
  if (typeof node !== "object" || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === "example" || key === "examples") continue;
    if (key === "type" && (typeof value === "string" || Array.isArray(value))) out.push(value);
    else typesIn(value, out);
  }
  return out;
}

/**
 * Where a `oneOf` has two branches that one value can match: neither their types differ (in a
 * parameter, which is text, numbers and strings do not) nor a required property's enums.
 */
function overlappingOneOfs(root: object): string[] {
  const overlapping: string[] = [];
  const typesOf = (node: Node, asText: boolean) =>
    new Set(
      ([node.type].flat().filter(Boolean) as string[]).map((type) =>
        asText && (type === "integer" || type === "number") ? "string" : type,
      ),
    );
  const enumOf = (node: Node, key: string) => {
    const property = (node.properties as Record<string, Node> | undefined)?.[key];
    const required = (node.required as string[] | undefined)?.includes(key);
    return required && Array.isArray(property?.enum) ? new Set(property.enum) : undefined;
  };
  const disjoint = (a: Node, b: Node, asText: boolean) => {
    const [ta, tb] = [typesOf(a, asText), typesOf(b, asText)];
    if (ta.size > 0 && tb.size > 0 && [...ta].every((type) => !tb.has(type))) return true;
    return Object.keys((a.properties as object | undefined) ?? {}).some((key) => {
      const [ea, eb] = [enumOf(a, key), enumOf(b, key)];
      return ea !== undefined && eb !== undefined && [...ea].every((value) => !eb.has(value));
    });
  };
  const visit = (node: unknown, where: string, asText: boolean): void => {
    if (typeof node !== "object" || node === null) return;
    const branches = (node as Node).oneOf;
    if (Array.isArray(branches))
      branches.forEach((a: Node, i) => {
        branches.slice(i + 1).forEach((b: Node, j) => {
          if (!disjoint(a, b, asText)) overlapping.push(`${where}: oneOf ${i} and ${i + j + 1}`);
        });
      });
    const text = asText || typeof (node as Node).in === "string";
    for (const [key, value] of Object.entries(node))
      visit(value, `${where}/${key.startsWith("/") ? "..." : key}`, text);
  };
  visit(root, "#", false);
  return overlapping;
}

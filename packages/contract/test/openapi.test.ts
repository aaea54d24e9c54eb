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
    const examples = (operation.requestBody as { content: Record<string, { examples: object }> })
      .content["application/json"]?.examples;
    expect(examples).toMatchObject({
      basic: { value: { limit: "2", basic: true } },
      advanced: { value: { limit: "2", basic: false } },
    });
  });

  it("derives the row schemas' properties from the column lists", () => {
    type ResponseSchema = { properties: { data: { items: { properties: object } } } };
    const schemas = document.components?.schemas as Record<string, ResponseSchema>;
    const rowKeys = (name: string) =>
      Object.keys(schemas[name]?.properties.data.items.properties ?? {});
    expect(rowKeys("AdvancedStepSourceData")).toEqual(ADVANCED_COLUMN_NAMES);
    expect(rowKeys("BasicStepSourceData")).toEqual(BASIC_COLUMN_NAMES);
  });
});

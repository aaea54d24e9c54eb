// Every route of the contract in openapi.json: at its documented path spelling, with its parameters,
// bodies and statuses, and every example of the document valid against its schema (ajv, JSON Schema 2020-12).
// A little over 300 lines on purpose: routes, error lists and examples are read against one parsed document and one ajv.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { default as addFormats } from "ajv-formats";
import type {
  MediaTypeObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  RequestBodyObject,
  ResponseObject,
} from "openapi3-ts/oas31";
import { describe, expect, it } from "vitest";
import {
  BASIC_FIELDS,
  contract,
  DOWNLOAD_CONTENT_TYPES,
  downloadRequestExample,
  EXAMPLE_INTERACTION_WORKFLOW_ID,
  ROUTE_ERROR_CODES,
  sourceDataRequestExample,
  sourceDataRequestSchema,
  stepDownloadRequestSchema,
  stepSourceDataRequestSchema,
  workflowInfoExample,
} from "../src/index";

const document = JSON.parse(
  readFileSync(new URL("../openapi.json", import.meta.url), "utf8"),
) as OpenAPIObject;
type Operation = OperationObject & { responses: Record<string, ResponseObject> };
type RouteName = keyof typeof contract;

const BASE = "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}";
/** Each route's method and path, spelled as giosg documents them (trailing slashes included). */
const documented: [RouteName, "get" | "post", string, string[]][] = [
  [
    "getStepSourceData",
    "post",
    `${BASE}/step/{step_index}`,
    ["organization_id", "workflow_id", "step_index"],
  ],
  [
    "downloadStepSourceData",
    "post",
    `${BASE}/step/{step_index}/download/`,
    ["organization_id", "workflow_id", "step_index"],
  ],
  ["getWorkflowInfo", "get", `${BASE}/info/`, ["organization_id", "workflow_id"]],
  ["getSourceData", "post", `${BASE}/source_data`, ["organization_id", "workflow_id"]],
];

function operation(name: RouteName): Operation {
  const [, method, path] = documented.find(([route]) => route === name) ?? [];
  return document.paths?.[path ?? ""]?.[method ?? "get"] as Operation;
}

/** The example values of a media type (the document writes every example inline). */
function exampleValues(media: MediaTypeObject | undefined): unknown[] {
  return Object.values(media?.examples ?? {}).map(
    (example) => (example as { value: unknown }).value,
  );
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (instance: Ajv2020) => void)(ajv);
// OpenAPI's name for a file's bytes: any string.
ajv.addFormat("binary", true);
ajv.addSchema(document, "openapi.json");

/** Whether `value` is valid against a schema of the document (its `$ref`s read in the document). */
function valid(schema: object, value: unknown): string | true {
  const rooted = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
  );
  const validate = ajv.compile(rooted);
  return validate(value) || ajv.errorsText(validate.errors);
}

/** Every example of the document with the schema it must match: [where, schema, value]. */
function examplesWithSchemas(): [string, object, unknown][] {
  const found: [string, object, unknown][] = [];
  const media = (where: string, content: ResponseObject["content"]) => {
    for (const [type, { schema, examples = {} }] of Object.entries(content ?? {}))
      for (const [key, example] of Object.entries(examples))
        found.push([
          `${where} ${type} ${key}`,
          schema ?? {},
          (example as { value: unknown }).value,
        ]);
  };
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      for (const parameter of (op.parameters ?? []) as ParameterObject[])
        found.push([
          `${method} ${path} ${parameter.name}`,
          parameter.schema ?? {},
          parameter.example,
        ]);
      for (const [status, response] of Object.entries(op.responses)) {
        media(`${method} ${path} ${status}`, response.content);
        for (const [header, { schema, example }] of Object.entries(response.headers ?? {}) as [
          string,
          ParameterObject,
        ][])
          found.push([`${method} ${path} ${status} ${header}`, schema ?? {}, example]);
      }
    }
  for (const [name, body] of Object.entries(document.components?.requestBodies ?? {}))
    media(`requestBodies.${name}`, (body as RequestBodyObject).content);
  return found;
}

describe("openapi.json's routes", () => {
  it("lists exactly the contract's routes, the step endpoint first", () => {
    expect(Object.keys(document.paths ?? {})).toEqual(documented.map(([, , path]) => path));
    expect(documented.map(([name]) => name).sort()).toEqual(Object.keys(contract).sort());
  });

  it.each(documented)(
    "has %s as %s at its documented path, with its URL attributes",
    (name, method, path, parameters) => {
      const op = document.paths?.[path]?.[method] as Operation | undefined;
      expect(op?.operationId).toBe(contract[name].metadata.operationId);
      expect(op?.summary).toBe(contract[name].summary);
      expect(op?.description).toBe(contract[name].description);
      expect(op?.tags).toEqual(["Workflow reporting"]);
      expect(op?.parameters).toEqual(
        parameters.map((parameter) =>
          expect.objectContaining({ name: parameter, in: "path", required: true }),
        ),
      );
      expect(Object.keys(op?.responses ?? {})).toEqual(Object.keys(contract[name].responses));
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        if (status === "200") continue;
        const json = response.content?.["application/json"];
        expect(json?.schema, status).toBeDefined();
        expect(Object.keys(json?.examples ?? {}).length, status).toBeGreaterThan(0);
      }
    },
  );

  it("names each request body; info has none", () => {
    expect(operation("getStepSourceData").requestBody).toEqual({
      $ref: "#/components/requestBodies/StepSourceDataRequest",
    });
    expect(operation("downloadStepSourceData").requestBody).toEqual({
      $ref: "#/components/requestBodies/StepDownloadRequest",
    });
    expect(operation("getSourceData").requestBody).toEqual({
      $ref: "#/components/requestBodies/SourceDataRequest",
    });
    expect(operation("getWorkflowInfo").requestBody).toBeUndefined();
  });

  it("answers the download as a CSV or XLSX file named by Content-Disposition", () => {
    const ok = operation("downloadStepSourceData").responses["200"];
    expect(Object.keys(ok?.content ?? {})).toEqual(["text/csv", DOWNLOAD_CONTENT_TYPES.xlsx]);
    expect(ok?.content?.[DOWNLOAD_CONTENT_TYPES.xlsx]?.schema).toMatchObject({
      type: "string",
      format: "binary",
    });
    expect(ok?.headers?.["Content-Disposition"]).toMatchObject({ required: true });
    const csv = String(ok?.content?.["text/csv"]?.examples?.basic?.value);
    const [header, ...rows] = csv.split("\r\n");
    expect(header).toBe(BASIC_FIELDS.map(({ name }) => name).join(","));
    expect(rows).toHaveLength(3); // two rows and the empty text after the last CRLF
  });

  it("answers info with the named WorkflowInfo schema and its example", () => {
    const json = operation("getWorkflowInfo").responses["200"]?.content?.["application/json"];
    expect(json?.schema).toEqual({ $ref: "#/components/schemas/WorkflowInfo" });
    expect(json?.examples?.documented?.value).toEqual(workflowInfoExample);
  });

  it("answers source_data with the step endpoint's rows, for an interaction workflow", () => {
    const json = (name: RouteName) =>
      operation(name).responses["200"]?.content?.["application/json"];
    expect(json("getSourceData")?.schema).toEqual(json("getStepSourceData")?.schema);
    const workflow = (operation("getSourceData").parameters as ParameterObject[])[1];
    expect(workflow?.example).toBe(EXAMPLE_INTERACTION_WORKFLOW_ID);
  });

  it("tells info's 405 to use GET, and the POST routes' to use POST", () => {
    for (const [name, method] of [
      ["getWorkflowInfo", "GET"],
      ["getStepSourceData", "POST"],
      ["downloadStepSourceData", "POST"],
      ["getSourceData", "POST"],
    ] as const) {
      const response = operation(name).responses["405"];
      const examples = exampleValues(response?.content?.["application/json"]);
      expect(response?.description, name).toContain(`use ${method} `);
      expect(
        examples.map((value) => (value as { detail: string }).detail),
        name,
      ).toEqual([expect.stringMatching(new RegExp(`use ${method}\\.$`))]);
    }
  });

  it("declares Retry-After on every 429 and 503, Allow on every 405, WWW-Authenticate on every 401", () => {
    const declared = documented.flatMap(([name]) =>
      Object.entries(operation(name).responses).flatMap(([status, response]) =>
        Object.keys(response.headers ?? {}).map((header) => `${status} ${header}`),
      ),
    );
    const count = (line: string) => declared.filter((item) => item === line).length;
    expect(count("429 Retry-After") + count("503 Retry-After")).toBe(8);
    expect(count("405 Allow")).toBe(4);
    expect(count("401 WWW-Authenticate")).toBe(4);
    expect(count("200 Content-Disposition")).toBe(1);
    const retryAfter = operation("getWorkflowInfo").responses["429"]?.headers?.["Retry-After"];
    const schema = (retryAfter as ParameterObject).schema as object;
    for (const value of ["30", "0", "Wed, 21 Oct 2015 07:28:00 GMT"])
      expect(valid(schema, value), value).toBe(true);
    for (const value of ["-1", "soon", "1.5"]) expect(valid(schema, value), value).not.toBe(true);
  });

  it("lists only the 404 codes each route answers, wrong_trailing_slash naming its own path", () => {
    const codes = (name: RouteName) =>
      Object.keys(operation(name).responses["404"]?.content?.["application/json"]?.examples ?? {});
    expect(codes("getStepSourceData")).toEqual([
      "organization_not_found",
      "workflow_not_found",
      "step_not_found",
      "wrong_trailing_slash",
    ]);
    expect(codes("downloadStepSourceData")).toEqual([
      "organization_not_found",
      "workflow_not_found",
      "step_not_found",
      "wrong_trailing_slash",
    ]);
    expect(codes("getWorkflowInfo")).toEqual([
      "organization_not_found",
      "workflow_not_found",
      "wrong_trailing_slash",
    ]);
    expect(codes("getSourceData")).toEqual([
      "organization_not_found",
      "workflow_not_found",
      "no_source_data",
      "wrong_trailing_slash",
    ]);
    const detail =
      operation("getWorkflowInfo").responses["404"]?.content?.["application/json"]?.examples
        ?.wrong_trailing_slash?.value.detail;
    expect(detail).toMatch(/^No route for GET \S+\/info: this endpoint is spelled \S+\/info\/ /);
  });
});

describe("openapi.json's error lists", () => {
  /** The codes a route's answer with `status` may carry, read from the document's schema. */
  const documentedCodes = (name: RouteName, status: string): unknown => {
    const response = operation(name).responses[status];
    let schema = response?.content?.["application/json"]?.schema as { $ref?: string } | undefined;
    if (schema?.$ref)
      schema = document.components?.schemas?.[schema.$ref.split("/").pop() ?? ""] as object;
    return (schema as { properties?: { code?: { enum?: unknown } } }).properties?.code?.enum;
  };

  it.each(documented.map(([name]) => name))(
    "%s declares exactly the statuses and codes ROUTE_ERROR_CODES lists, each with an example",
    (name) => {
      const listed = ROUTE_ERROR_CODES[name] as Record<string, readonly string[]>;
      const statuses = Object.keys(operation(name).responses).filter((status) => status !== "200");
      expect(statuses).toEqual(Object.keys(listed));
      for (const status of statuses) {
        expect(documentedCodes(name, status), `${name} ${status}`).toEqual(listed[status]);
        const examples = operation(name).responses[status]?.content?.["application/json"]?.examples;
        expect(Object.keys(examples ?? {}), `${name} ${status}`).toEqual(listed[status]);
        const schema = contract[name].responses[Number(status) as 401] as {
          shape: { code: { options: readonly string[] } };
        };
        expect(schema.shape.code.options, `${name} ${status} in the contract`).toEqual(
          listed[status],
        );
      }
    },
  );

  it("has info answer no payload's errors, and the download its format_unavailable", () => {
    expect(Object.keys(operation("getWorkflowInfo").responses)).not.toContain("406");
    expect(Object.keys(operation("getWorkflowInfo").responses)).not.toContain("413");
    expect(Object.keys(operation("getWorkflowInfo").responses)).not.toContain("415");
    expect(documentedCodes("getWorkflowInfo", "400")).toEqual(["invalid_request"]);
    expect(documentedCodes("downloadStepSourceData", "406")).toEqual([
      "format_unavailable",
      "filter_not_implemented",
    ]);
    expect(documentedCodes("getStepSourceData", "406")).toEqual(["filter_not_implemented"]);
  });
});

describe("openapi.json's examples", () => {
  const examples = examplesWithSchemas();

  it("are many: every route's bodies, answers, errors, parameters and headers", () => {
    expect(examples.length).toBeGreaterThanOrEqual(100);
    expect(examples.filter(([, , value]) => value === undefined)).toEqual([]);
  });

  it.each(examples.map(([where, schema, value]) => [where, schema, value] as const))(
    "%s is valid against its schema",
    (_, schema, value) => {
      expect(valid(schema, value)).toBe(true);
    },
  );

  it("are checked for real: a workflow type info never answers is rejected", () => {
    const schema = { $ref: "#/components/schemas/WorkflowInfo" };
    expect(valid(schema, workflowInfoExample)).toBe(true);
    expect(valid(schema, { ...workflowInfoExample, type: "chat" })).toMatch(/allowed values/);
    expect(valid(schema, { ...workflowInfoExample, owner: "x" })).toMatch(/additional/);
  });

  it("parse with the contract's own schemas too", () => {
    const bodies = document.components?.requestBodies as Record<string, RequestBodyObject>;
    const values = (name: string) => exampleValues(bodies[name]?.content["application/json"]);
    for (const value of values("StepSourceDataRequest")) stepSourceDataRequestSchema.parse(value);
    for (const value of values("StepDownloadRequest")) stepDownloadRequestSchema.parse(value);
    for (const value of values("SourceDataRequest")) sourceDataRequestSchema.parse(value);
    expect(values("StepDownloadRequest")[0]).toEqual(downloadRequestExample.body);
    expect(values("SourceDataRequest")[0]).toEqual(sourceDataRequestExample.body);
    for (const name of ["getStepSourceData", "getWorkflowInfo", "getSourceData"] as const) {
      const json = operation(name).responses["200"]?.content?.["application/json"];
      for (const value of exampleValues(json)) contract[name].responses[200].parse(value);
    }
  });
});

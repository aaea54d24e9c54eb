// Calls the stub in process (app.fetch) or over a real socket, and checks every answer of the API
// route against the contract's schemas and the OpenAPI document before a test sees it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  contract,
  errorBodySchema,
  fieldErrorSchema,
  STEP_SOURCE_DATA_PATH,
} from "@giosg-reporting/contract";
import { Ajv2020 } from "ajv/dist/2020.js";
import { default as addFormats } from "ajv-formats";
import { expect } from "vitest";
import { z } from "zod";
import { createStub, type Stub, type StubOptions, startStub } from "../../src/index";

const require = createRequire(import.meta.url);
/** Any error in the API's shape: `{ detail, code }`, with `errors` when fields failed. */
const anyErrorBody = errorBodySchema
  .extend({ errors: z.array(fieldErrorSchema).optional() })
  .strict();
const openapi = JSON.parse(
  readFileSync(require.resolve("@giosg-reporting/contract/openapi.json"), "utf8"),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (instance: Ajv2020) => void)(ajv);
ajv.addSchema(openapi, "openapi.json");
/** A route of the contract: the step endpoint or one of its siblings. */
export type ApiRoute = (typeof contract)[keyof typeof contract];
type Operation = { responses: Record<string, unknown> };

/** The OpenAPI document's operation of a route, found by its path and method. */
function operationOf(route: ApiRoute): Operation | undefined {
  const path = route.path.replace(/:(\w+)/g, "{$1}");
  const item = (openapi.paths as Record<string, Record<string, Operation>>)[path];
  return item?.[route.method.toLowerCase()];
}

/** How a test reaches the stub. */
export type Mode = "in-process" | "socket";

/** A started stub and a way to call it. */
export interface Harness {
  readonly stub: Stub;
  readonly fetch: (path: string, init?: RequestInit) => Promise<Response>;
  readonly close: () => Promise<void>;
}

/** Starts a stub for a test, in process or on a free port of 127.0.0.1. */
export async function startHarness(mode: Mode, options: StubOptions = {}): Promise<Harness> {
  if (mode === "in-process") {
    const stub = createStub(options);
    return {
      stub,
      fetch: (path, init) => stub.fetch(`http://stub.test${path}`, init),
      close: async () => {},
    };
  }
  const running = await startStub(options);
  return {
    stub: running,
    fetch: (path, init) => fetch(`${running.url}${path}`, init),
    close: running.close,
  };
}

/** The API route's path for these URL attributes. */
export function stepPath(
  organizationId: string,
  workflowId: string,
  stepIndex: string | number,
): string {
  return STEP_SOURCE_DATA_PATH.replace(":organization_id", organizationId)
    .replace(":workflow_id", workflowId)
    .replace(":step_index", String(stepIndex));
}

/** An answer of the API route, parsed and checked. */
export interface Checked {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the body is checked against the contract before use
  readonly body: any;
  readonly text: string;
}

/**
 * Checks a JSON answer of an API route (the step endpoint when `apiRoute` is true): a declared status
 * must match its contract schema (strictly: no extra keys; 200 rows keyed exactly by `fields`, in
 * order) and its OpenAPI response schema; any other status, and any answer of another route
 * (`apiRoute` false), must be an error in the API's shape.
 */
export async function checkAnswer(
  response: Response,
  apiRoute: boolean | ApiRoute = true,
): Promise<Checked> {
  const text = await response.text();
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  const status = response.status;
  const route =
    apiRoute === true ? contract.getStepSourceData : apiRoute === false ? undefined : apiRoute;
  const operation = route ? operationOf(route) : undefined;
  if (route)
    expect(operation, `the OpenAPI document has ${route.method} ${route.path}`).toBeDefined();
  const schema = route
    ? (route.responses as Record<number, { safeParse?: (body: unknown) => unknown }>)[status]
    : undefined;
  if (schema?.safeParse) {
    const parsed = schema.safeParse(body) as { success: boolean; error?: { issues: unknown[] } };
    expect(
      parsed.success,
      `${status} body breaks the contract: ${JSON.stringify(parsed.error?.issues[0])}`,
    ).toBe(true);
    const declared = operation?.responses[String(status)] as
      | { content: Record<string, { schema: object }> }
      | undefined;
    const responseSchema = declared?.content["application/json"]?.schema;
    expect(
      validateAgainstOpenApi(responseSchema ?? {}, body),
      `${status} body breaks the OpenAPI document`,
    ).toBe(true);
  } else {
    expect(anyErrorBody.safeParse(body).success, `${status} body is not { detail, code }`).toBe(
      true,
    );
  }
  if (status === 200) {
    const fields = (body.fields ?? []) as { name: string }[];
    if (body.fields) expect([ADVANCED_FIELDS, BASIC_FIELDS]).toContainEqual(fields);
    for (const row of (body.data ?? []) as object[])
      expect(Object.keys(row)).toEqual(fields.map(({ name }) => name));
  } else if (schema) {
    const keys = Object.keys(body).sort();
    expect(keys).toEqual(status === 400 ? ["code", "detail", "errors"] : ["code", "detail"]);
  }
  return { status, headers: response.headers, body, text };
}

function validateAgainstOpenApi(schema: object, body: unknown): boolean {
  const rebased = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
  );
  const ok = ajv.validate(rebased, body);
  if (!ok) console.error(ajv.errorsText(ajv.errors));
  return ok;
}

/** The documented request headers. */
export function apiHeaders(token = "demo", scheme = "Token"): Record<string, string> {
  return {
    authorization: `${scheme} ${token}`,
    "content-type": "application/json",
    accept: "application/json",
  };
}

/** POSTs a payload to the API route and checks the answer. */
export async function post(
  harness: Harness,
  path: string,
  body: unknown,
  headers: Record<string, string> = apiHeaders(),
): Promise<Checked> {
  return checkAnswer(
    await harness.fetch(path, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

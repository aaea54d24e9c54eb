// Builds the OpenAPI document from the contract: every schema comes from the zod definitions,
// every example from the typed examples. Run `pnpm openapi` to write openapi.json.
import { generateSchema } from "@anatine/zod-openapi";
import { isAppRoute } from "@ts-rest/core";
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathsObject,
  ReferenceObject,
  ResponsesObject,
  SchemaObject,
} from "openapi3-ts/oas31";
import type { ZodTypeAny } from "zod";
import { z } from "zod";
import packageJson from "../package.json" with { type: "json" };
import {
  API_BASE_URL,
  advancedRequestExample,
  advancedResponseExample,
  advancedResponseSchema,
  basicRequestExample,
  basicResponseExample,
  basicResponseSchema,
  contract,
  errorExamples,
  forbiddenErrorBodySchema,
  internalErrorBodySchema,
  notAcceptableErrorBodySchema,
  notFoundErrorBodySchema,
  stepSourceDataRequestSchema,
  unauthorizedErrorBodySchema,
  validationErrorBodySchema,
} from "../src/index";

/** Schemas published under `components.schemas`, referenced by name wherever they appear at the top. */
const namedSchemas = new Map<ZodTypeAny, string>([
  [stepSourceDataRequestSchema, "StepSourceDataRequest"],
  [advancedResponseSchema, "AdvancedStepSourceData"],
  [basicResponseSchema, "BasicStepSourceData"],
  [validationErrorBodySchema, "ValidationError"],
  [unauthorizedErrorBodySchema, "UnauthorizedError"],
  [forbiddenErrorBodySchema, "ForbiddenError"],
  [notFoundErrorBodySchema, "NotFoundError"],
  [notAcceptableErrorBodySchema, "NotAcceptableError"],
  [internalErrorBodySchema, "InternalError"],
]);

const STATUS_DESCRIPTIONS: Record<number, string> = {
  200: "The request was successful: `fields` describes the columns, `data` holds one row per event.",
  400: "The request is invalid: malformed JSON, or inputs that break the contract (listed in `errors`).",
  401: "You are not authenticated.",
  403: "You do not have an active subscription, access to the organization, or the reporting permission.",
  404: "The organization, the workflow or the step was not found.",
  406: "Filtering with something that is not yet implemented.",
  500: "An unexpected error occurred with the query.",
};

function schemaOrRef(schema: ZodTypeAny): SchemaObject | ReferenceObject {
  const name = namedSchemas.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly ZodTypeAny[];
    if (options.every((option) => namedSchemas.has(option))) {
      return {
        ...(schema.description ? { description: schema.description } : {}),
        // anyOf, not oneOf: an empty `data` matches both the advanced and the basic response.
        anyOf: options.map(schemaOrRef),
      };
    }
  }
  return generateSchema(schema) as SchemaObject;
}

function example(summary: string, value: unknown) {
  return { summary, value };
}

const examplesByStatus: Record<number, Record<string, { summary: string; value: unknown }>> = {
  200: {
    advanced: example("Advanced rows (`basic: false`)", advancedResponseExample),
    basic: example("Basic rows (`basic: true`)", basicResponseExample),
  },
  ...Object.fromEntries(
    Object.entries(errorExamples).map(([status, bodies]) => [
      Number(status),
      Object.fromEntries(
        (bodies as readonly { code: string; detail: string }[]).map((body) => [
          body.code,
          example(body.detail, body),
        ]),
      ),
    ]),
  ),
};

/** Each URL attribute's example: the documented organization, workflow and step. */
const pathParameterExamples: Record<string, unknown> = basicRequestExample.pathParams;

function pathParameters(schema: ZodTypeAny | undefined): ParameterObject[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, ZodTypeAny>).map(([name, param]) => {
    const { description = "", ...paramSchema } = generateSchema(param) as SchemaObject;
    // On the parameter, where Swagger UI's "Try it out" takes its starting value from.
    const example = pathParameterExamples[name];
    return {
      name,
      in: "path",
      required: true,
      description,
      schema: paramSchema,
      ...(example === undefined ? {} : { example }),
    };
  });
}

function operationOf(route: (typeof contract)["getStepSourceData"]): OperationObject {
  const responses: ResponsesObject = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = {
      description: STATUS_DESCRIPTIONS[Number(status)] ?? `HTTP ${status}`,
      content: {
        "application/json": {
          schema: schemaOrRef(schema as ZodTypeAny),
          examples: examplesByStatus[Number(status)] ?? {},
        },
      },
    };
  }
  return {
    operationId: route.metadata.operationId,
    summary: route.summary,
    description: route.description,
    tags: ["Workflow reporting"],
    parameters: pathParameters(route.pathParams),
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: schemaOrRef(route.body),
          examples: {
            basic: example(
              "Basic rows of the action User dialed (documented)",
              basicRequestExample.body,
            ),
            advanced: example(
              "Advanced rows of the action User dialed (documented)",
              advancedRequestExample.body,
            ),
          },
        },
      },
    },
    responses,
  };
}

/** Builds the OpenAPI 3.1 document of the contract. */
export function buildOpenApiDocument(): OpenAPIObject {
  const paths: PathsObject = {};
  for (const route of Object.values(contract)) {
    if (!isAppRoute(route)) continue;
    const path = route.path.replace(/:([A-Za-z_]\w*)/g, "{$1}");
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  const schemas = Object.fromEntries(
    [...namedSchemas].map(([schema, name]) => [name, generateSchema(schema) as SchemaObject]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "giosg Workflow step source data API",
      version: packageJson.version,
      description:
        "This endpoint provides a collection of detailed data on each individual event in each step of the workflow, which is aggregated to make up the data of each step of the workflow.\n\nGenerated from `@giosg-reporting/contract`; where giosg's documentation is silent or inconsistent, the contract package's README states the reading this document follows.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: API_BASE_URL, description: "giosg production API" }],
    tags: [{ name: "Workflow reporting", description: "Reporting data of giosg workflows." }],
    security: [{ TokenAuth: [] }, { BearerAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        TokenAuth: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "An API token: `Authorization: Token <api token>`.",
        },
        BearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An OAuth2 access token: `Authorization: Bearer <access token>`.",
        },
      },
    },
  };
}

/** The document as written to openapi.json: stable key order, two-space indent, final newline. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

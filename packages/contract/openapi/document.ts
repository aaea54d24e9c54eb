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
  advancedRowSchema,
  badGatewayErrorBodySchema,
  basicRequestExample,
  basicResponseExample,
  basicResponseSchema,
  basicRowSchema,
  contract,
  ERROR_STATUSES,
  errorExamples,
  forbiddenErrorBodySchema,
  gatewayTimeoutErrorBodySchema,
  internalErrorBodySchema,
  methodNotAllowedErrorBodySchema,
  notAcceptableErrorBodySchema,
  notFoundErrorBodySchema,
  pathParamsSchema,
  payloadTooLargeErrorBodySchema,
  serviceUnavailableErrorBodySchema,
  tooManyRequestsErrorBodySchema,
  unauthorizedErrorBodySchema,
  unsupportedMediaTypeErrorBodySchema,
  validationErrorBodySchema,
} from "../src/index";

/** Schemas published under `components.schemas`, referenced by name wherever they appear. */
const namedSchemas = new Map<ZodTypeAny, string>([
  [advancedResponseSchema, "AdvancedStepSourceData"],
  [basicResponseSchema, "BasicStepSourceData"],
  [advancedRowSchema, "AdvancedRow"],
  [basicRowSchema, "BasicRow"],
  [validationErrorBodySchema, "ValidationError"],
  [unauthorizedErrorBodySchema, "UnauthorizedError"],
  [forbiddenErrorBodySchema, "ForbiddenError"],
  [notFoundErrorBodySchema, "NotFoundError"],
  [methodNotAllowedErrorBodySchema, "MethodNotAllowedError"],
  [notAcceptableErrorBodySchema, "NotAcceptableError"],
  [payloadTooLargeErrorBodySchema, "PayloadTooLargeError"],
  [unsupportedMediaTypeErrorBodySchema, "UnsupportedMediaTypeError"],
  [tooManyRequestsErrorBodySchema, "TooManyRequestsError"],
  [internalErrorBodySchema, "InternalError"],
  [badGatewayErrorBodySchema, "BadGatewayError"],
  [serviceUnavailableErrorBodySchema, "ServiceUnavailableError"],
  [gatewayTimeoutErrorBodySchema, "GatewayTimeoutError"],
]);

/**
 * Rows are closed in the document: `fields` lists every key of the rows, so a validator in front of
 * the API reports an extra column. (The client's own check stays lenient, so a new column in the real
 * API does not break partners' code.)
 */
const closedSchemas = new Set<ZodTypeAny>([advancedRowSchema, basicRowSchema]);

/**
 * The request body is published under `components.requestBodies`, not `components.schemas`: code
 * generators (openapi-typescript) keep defaulted properties optional only in request bodies.
 */
const REQUEST_BODY_NAME = "StepSourceDataRequest";

/**
 * Path parameters are text on the wire; where the zod schema also takes a number (so that a typed
 * caller may pass one), the document states the text's one reading, so that no `oneOf` overlaps.
 */
const pathParameterSchemas = new Map<ZodTypeAny, SchemaObject>([
  [pathParamsSchema.shape.step_index, { type: "integer", minimum: 1 }],
]);

const OK_DESCRIPTION =
  "The request was successful: `fields` describes the columns, `data` holds one row per event.";

/** The generated form of each named schema, to find where it appears inside another one. */
const generatedForms = new Map(
  [...namedSchemas].map(([schema, name]) => [JSON.stringify(generateSchema(schema)), name]),
);

/** Replaces every part of a generated schema that is a named schema by a reference to it. */
function referenceNamed(schema: unknown, top = true): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  if (!top) {
    const name = generatedForms.get(JSON.stringify(schema));
    if (name) return { $ref: `#/components/schemas/${name}` };
  }
  if (Array.isArray(schema)) return schema.map((item) => referenceNamed(item, false));
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, referenceNamed(value, false)]),
  );
}

/** A named schema's component: generated, its named parts referenced, closed where listed. */
function componentOf(schema: ZodTypeAny): SchemaObject {
  const generated = referenceNamed(generateSchema(schema)) as SchemaObject;
  return closedSchemas.has(schema) ? { ...generated, additionalProperties: false } : generated;
}

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
    const { description = "", ...generated } = generateSchema(param) as SchemaObject;
    const paramSchema = pathParameterSchemas.get(param) ?? generated;
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
      description:
        status === "200"
          ? OK_DESCRIPTION
          : ERROR_STATUSES[Number(status) as keyof typeof ERROR_STATUSES].description,
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
    requestBody: { $ref: `#/components/requestBodies/${REQUEST_BODY_NAME}` },
    responses,
  };
}

/** The request body, with the documentation's two example requests. */
function requestBodyOf(route: (typeof contract)["getStepSourceData"]) {
  return {
    required: true,
    content: {
      "application/json": {
        schema: generateSchema(route.body as ZodTypeAny) as SchemaObject,
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
  };
}

/** Builds the OpenAPI 3.1 document of the contract. */
export function buildOpenApiDocument(): OpenAPIObject {
  const paths: PathsObject = {};
  for (const route of Object.values(contract)) {
    if (!isAppRoute(route)) continue;
    // The sibling routes (download, info, source_data) are not in the document yet.
    if (route !== contract.getStepSourceData) continue;
    const path = route.path.replace(/:([A-Za-z_]\w*)/g, "{$1}");
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: operationOf(route as typeof contract.getStepSourceData),
    };
  }
  const schemas = Object.fromEntries(
    [...namedSchemas].map(([schema, name]) => [name, componentOf(schema)]),
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
      requestBodies: { [REQUEST_BODY_NAME]: requestBodyOf(contract.getStepSourceData) },
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

// The document's schemas from the zod definitions: named ones under `components.schemas`, referenced by
// name wherever they appear inside another schema or a response.
import { generateSchema } from "@anatine/zod-openapi";
import type { ReferenceObject, SchemaObject } from "openapi3-ts/oas31";
import type { ZodTypeAny } from "zod";
import { z } from "zod";
import {
  advancedResponseSchema,
  advancedRowSchema,
  badGatewayErrorBodySchema,
  basicResponseSchema,
  basicRowSchema,
  downloadNotAcceptableErrorBodySchema,
  forbiddenErrorBodySchema,
  gatewayTimeoutErrorBodySchema,
  internalErrorBodySchema,
  methodNotAllowedErrorBodySchema,
  notAcceptableErrorBodySchema,
  pathParamsSchema,
  pathValidationErrorBodySchema,
  payloadTooLargeErrorBodySchema,
  serviceUnavailableErrorBodySchema,
  sourceDataNotFoundErrorBodySchema,
  stepNotFoundErrorBodySchema,
  tooManyRequestsErrorBodySchema,
  unauthorizedErrorBodySchema,
  unsupportedMediaTypeErrorBodySchema,
  validationErrorBodySchema,
  workflowInfoSchema,
  workflowNotFoundErrorBodySchema,
} from "../src/index";

/**
 * Schemas published under `components.schemas`, referenced by name wherever they appear: each a
 * route's answer (a status whose codes differ between routes has one per list of codes).
 */
export const namedSchemas = new Map<ZodTypeAny, string>([
  [advancedResponseSchema, "AdvancedStepSourceData"],
  [basicResponseSchema, "BasicStepSourceData"],
  [advancedRowSchema, "AdvancedRow"],
  [basicRowSchema, "BasicRow"],
  [validationErrorBodySchema, "ValidationError"],
  [pathValidationErrorBodySchema, "PathValidationError"],
  [unauthorizedErrorBodySchema, "UnauthorizedError"],
  [forbiddenErrorBodySchema, "ForbiddenError"],
  [stepNotFoundErrorBodySchema, "StepNotFoundError"],
  [workflowNotFoundErrorBodySchema, "WorkflowNotFoundError"],
  [sourceDataNotFoundErrorBodySchema, "SourceDataNotFoundError"],
  [methodNotAllowedErrorBodySchema, "MethodNotAllowedError"],
  [notAcceptableErrorBodySchema, "NotAcceptableError"],
  [downloadNotAcceptableErrorBodySchema, "DownloadNotAcceptableError"],
  [payloadTooLargeErrorBodySchema, "PayloadTooLargeError"],
  [unsupportedMediaTypeErrorBodySchema, "UnsupportedMediaTypeError"],
  [tooManyRequestsErrorBodySchema, "TooManyRequestsError"],
  [internalErrorBodySchema, "InternalError"],
  [badGatewayErrorBodySchema, "BadGatewayError"],
  [serviceUnavailableErrorBodySchema, "ServiceUnavailableError"],
  [gatewayTimeoutErrorBodySchema, "GatewayTimeoutError"],
  [workflowInfoSchema, "WorkflowInfo"],
]);

/**
 * Rows are closed in the document: `fields` lists every key of the rows, so a validator in front of
 * the API reports an extra column. (The client's own check stays lenient, so a new column in the real
 * API does not break partners' code.)
 */
const closedSchemas = new Set<ZodTypeAny>([advancedRowSchema, basicRowSchema]);

/**
 * Path parameters are text on the wire; where the zod schema also takes a number (so that a typed
 * caller may pass one), the document states the text's one reading, so that no `oneOf` overlaps.
 */
export const pathParameterSchemas = new Map<ZodTypeAny, SchemaObject>([
  [pathParamsSchema.shape.step_index, { type: "integer", minimum: 1 }],
]);

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

/** Every named schema's component, by name: the document's `components.schemas`. */
export function schemaComponents(): Record<string, SchemaObject> {
  return Object.fromEntries([...namedSchemas].map(([schema, name]) => [name, componentOf(schema)]));
}

/** A schema as a response or a body shows it: a reference when it is named, else generated. */
export function schemaOrRef(schema: ZodTypeAny): SchemaObject | ReferenceObject {
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

// The document's schema of each answer (route, status, media type), and a validator of bodies against
// it with Ajv's JSON Schema 2020-12 (OpenAPI 3.1's dialect), for the generator gates.
import { Ajv2020 } from "ajv/dist/2020.js";
import { default as addFormats } from "ajv-formats";
import type { OpenApiDocument } from "./document";

/** One answer the document declares: a status of an operation, in one media type. */
export interface DeclaredAnswer {
  /** The path as the document spells it, with `{organization_id}`-style parameters. */
  readonly path: string;
  /** The operation's `operationId`. */
  readonly operationId: string;
  /** Lowercase HTTP method. */
  readonly method: string;
  /** The status as the document's key (`"200"`). */
  readonly status: string;
  /** The media type, e.g. `application/json`. */
  readonly mediaType: string;
  /** The schema as the document writes it (its `$ref`s point into `#/components`). */
  readonly schema: Record<string, unknown>;
}

type Operation = {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};

/** Every answer of every operation of the document that has a schema. */
export function declaredAnswers(document: OpenApiDocument): DeclaredAnswer[] {
  const answers: DeclaredAnswer[] = [];
  const paths = document.paths as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths))
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== "object" || !("responses" in operation)) continue;
      for (const [status, response] of Object.entries(operation.responses))
        for (const [mediaType, { schema }] of Object.entries(response.content ?? {}))
          if (schema)
            answers.push({
              path,
              operationId: operation.operationId,
              method,
              status,
              mediaType,
              schema,
            });
    }
  return answers;
}

/** Checks a body against a declared answer's schema: the errors as text, or `[]` when it validates. */
export type BodyValidator = (answer: DeclaredAnswer, body: unknown) => string[];

/** A validator of bodies against the document's schemas (Ajv 2020, every format ajv-formats knows). */
export function bodyValidator(document: OpenApiDocument): BodyValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
  ajv.addSchema(document, "openapi.json");
  return (answer, body) => {
    const rebased = JSON.parse(
      JSON.stringify(answer.schema).replaceAll('"#/components/', '"openapi.json#/components/'),
    );
    if (ajv.validate(rebased, body)) return [];
    return (ajv.errors ?? []).map(
      ({ instancePath, message }) => `${instancePath || "/"} ${message}`,
    );
  };
}

// Each route of the contract as an OpenAPI operation: its URL attributes, its request body (a named
// component), its 200 answer (JSON, or a file for the download) and every error status it declares.
import { generateSchema } from "@anatine/zod-openapi";
import type {
  MediaTypeObject,
  OperationObject,
  ParameterObject,
  RequestBodyObject,
  ResponseObject,
  ResponsesObject,
  SchemaObject,
} from "openapi3-ts/oas31";
import type { ZodTypeAny } from "zod";
import { z } from "zod";
import { contract, DOWNLOAD_CONTENT_TYPES, ERROR_STATUSES, type ErrorStatus } from "../src/index";
import { errorHeaders } from "./error-headers";
import {
  contentDispositionExample,
  csvDownloadExample,
  errorExamplesOf,
  example,
  okExamples,
  pathParameterExamples,
  type RouteName,
  requestBodyExamples,
} from "./route-examples";
import { pathParameterSchemas, schemaOrRef } from "./schema-references";

/** The tag every operation is listed under. */
export const TAG = "Workflow reporting";

/**
 * Request bodies are published under `components.requestBodies`, not `components.schemas`: code
 * generators (openapi-typescript) keep defaulted properties optional only in request bodies.
 */
const requestBodyNames: Partial<Record<RouteName, string>> = {
  getStepSourceData: "StepSourceDataRequest",
  downloadStepSourceData: "StepDownloadRequest",
  getSourceData: "SourceDataRequest",
};

const ROWS_DESCRIPTION =
  "The request was successful: `fields` describes the columns, `data` holds one row per event.";

/** What each route's 200 says. */
const okDescriptions: Record<RouteName, string> = {
  getStepSourceData: ROWS_DESCRIPTION,
  downloadStepSourceData:
    "The request was successful: the file, CSV (RFC 4180, UTF-8, a header row of the `fields` names) or XLSX (one worksheet), as `format` asked; `Content-Disposition` names it.",
  getWorkflowInfo: "The request was successful: what the workflow is and when it ran.",
  getSourceData: `${ROWS_DESCRIPTION} The rows are outer goal events.`,
};

const TRAILING_SLASH = "or the path misses its documented spelling (`wrong_trailing_slash`)";

const STEP_NOT_FOUND = `Not found: the organization, the workflow, or a step with this index does not exist, ${TRAILING_SLASH}.`;

/** Where a route's error means more or other than the step endpoint's, what it says for that route. */
const errorDescriptions: Partial<Record<RouteName, Partial<Record<ErrorStatus, string>>>> = {
  getStepSourceData: { 404: STEP_NOT_FOUND },
  downloadStepSourceData: {
    404: STEP_NOT_FOUND,
    406: "Filtering with something that is not yet implemented (`filter_not_implemented`; `detail` names the supported properties), or, from the stub's browser build, an XLSX download it cannot write (`format_unavailable`; ask for CSV).",
  },
  getWorkflowInfo: {
    400: "The request is invalid: a URL attribute breaks the contract (listed in `errors`).",
    404: `Not found: the organization or the workflow does not exist, ${TRAILING_SLASH}.`,
    405: "The method is not allowed on this path: use GET (the `Allow` header says so).",
  },
  getSourceData: {
    404: `Not found: the organization or the workflow does not exist, the workflow is not an interaction workflow (\`no_source_data\`), ${TRAILING_SLASH}.`,
  },
};

/** The route's path as OpenAPI writes it: `{organization_id}` for `:organization_id`. */
export function documentPath(name: RouteName): string {
  return contract[name].path.replace(/:([A-Za-z_]\w*)/g, "{$1}");
}

function pathParameters(name: RouteName): ParameterObject[] {
  const schema = contract[name].pathParams as ZodTypeAny | undefined;
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, ZodTypeAny>).map(([param, zod]) => {
    const { description = "", ...generated } = generateSchema(zod) as SchemaObject;
    // On the parameter, where Swagger UI's "Try it out" takes its starting value from.
    const value = pathParameterExamples[name][param];
    return {
      name: param,
      in: "path",
      required: true,
      description,
      schema: pathParameterSchemas.get(zod) ?? generated,
      ...(value === undefined ? {} : { example: value }),
    };
  });
}

/** The download's 200: the file in either format, named by `Content-Disposition`. */
function fileResponse(): ResponseObject {
  const csv: MediaTypeObject = {
    schema: { type: "string", description: "RFC 4180 text in UTF-8, CRLF line ends." },
    examples: { basic: example("The documented basic example's rows", csvDownloadExample) },
  };
  const xlsx: MediaTypeObject = {
    schema: {
      type: "string",
      format: "binary",
      contentMediaType: DOWNLOAD_CONTENT_TYPES.xlsx,
      description: "An XLSX workbook of one worksheet.",
    },
  };
  return {
    description: okDescriptions.downloadStepSourceData,
    headers: {
      "Content-Disposition": {
        description:
          '`attachment; filename="workflow-<workflow_id>-step-<step_index>-<basic|advanced>-<start>-<end>.<format>"`.',
        required: true,
        schema: { type: "string" },
        example: contentDispositionExample,
      },
    },
    content: { "text/csv": csv, [DOWNLOAD_CONTENT_TYPES.xlsx]: xlsx },
  };
}

function okResponse(name: RouteName): ResponseObject {
  if (name === "downloadStepSourceData") return fileResponse();
  return {
    description: okDescriptions[name],
    content: {
      "application/json": {
        schema: schemaOrRef(contract[name].responses[200] as ZodTypeAny),
        examples: okExamples[name],
      },
    },
  };
}

function errorResponse(name: RouteName, status: ErrorStatus, schema: ZodTypeAny): ResponseObject {
  const description = errorDescriptions[name]?.[status];
  const headers = errorHeaders[status]?.(contract[name].method);
  return {
    description: description ?? ERROR_STATUSES[status].description,
    ...(headers ? { headers } : {}),
    content: {
      "application/json": {
        // The shared component's description is the step endpoint's; a route's own one overrides it.
        schema: description ? { ...schemaOrRef(schema), description } : schemaOrRef(schema),
        examples: errorExamplesOf(name, status),
      },
    },
  };
}

/** The route's operation. */
export function operationOf(name: RouteName): OperationObject {
  const route = contract[name];
  const responses: ResponsesObject = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] =
      status === "200"
        ? okResponse(name)
        : errorResponse(name, Number(status) as ErrorStatus, schema as ZodTypeAny);
  }
  const bodyName = requestBodyNames[name];
  return {
    operationId: route.metadata.operationId,
    summary: route.summary,
    description: route.description,
    tags: [TAG],
    parameters: pathParameters(name),
    ...(bodyName ? { requestBody: { $ref: `#/components/requestBodies/${bodyName}` } } : {}),
    responses,
  };
}

/** Every route's request body, by its component name, with its examples. */
export function requestBodyComponents(): Record<string, RequestBodyObject> {
  const bodies: Record<string, RequestBodyObject> = {};
  for (const [name, bodyName] of Object.entries(requestBodyNames) as [RouteName, string][]) {
    const route = contract[name];
    if (!("body" in route)) continue;
    bodies[bodyName] = {
      required: true,
      content: {
        "application/json": {
          schema: generateSchema(route.body as ZodTypeAny) as SchemaObject,
          examples: requestBodyExamples[bodyName] ?? {},
        },
      },
    };
  }
  return bodies;
}

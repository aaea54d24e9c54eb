// Which statuses and codes each route answers: the step endpoint and the siblings that read a payload
// answer its errors, `info/` (a GET without a body) none of a payload's; each 404 names only what its
// URL names. The contract's routes declare exactly these, and so does the OpenAPI document.
import { z } from "zod/v3";
import { type CatalogueCode, ERROR_STATUSES, type ErrorStatus } from "./error-codes";
import {
  badGatewayErrorBodySchema,
  errorBodySchema,
  fieldErrorSchema,
  forbiddenErrorBodySchema,
  gatewayTimeoutErrorBodySchema,
  internalErrorBodySchema,
  methodNotAllowedErrorBodySchema,
  notAcceptableErrorBodySchema,
  payloadTooLargeErrorBodySchema,
  serviceUnavailableErrorBodySchema,
  tooManyRequestsErrorBodySchema,
  unauthorizedErrorBodySchema,
  unsupportedMediaTypeErrorBodySchema,
  validationErrorBodySchema,
} from "./errors";

/** What every route can answer, whatever it reads: authentication, method, throttling, failures. */
const EVERY_ROUTE = {
  401: ["not_authenticated", "authentication_failed"],
  403: ["no_active_subscription", "no_organization_access", "no_reporting_permission"],
  405: ["method_not_allowed"],
  429: ["throttled"],
  500: ["internal_error"],
  502: ["bad_gateway"],
  503: ["service_unavailable"],
  504: ["gateway_timeout"],
} as const;

/** What a route that reads a JSON payload can answer besides: a bad, unfiltered, large or non-JSON body. */
const WITH_PAYLOAD = {
  400: ["invalid_request", "malformed_json"],
  406: ["filter_not_implemented"],
  413: ["payload_too_large"],
  415: ["unsupported_media_type"],
} as const;

/**
 * Each route's error codes by status, in catalogue order: exactly what the API and the stub (its Node
 * and browser builds alike) answer on that route. `wrong_trailing_slash` answers the path's other
 * spelling; `format_unavailable` is the stub's browser build's answer to an XLSX download.
 */
export const ROUTE_ERROR_CODES = {
  getStepSourceData: {
    ...EVERY_ROUTE,
    ...WITH_PAYLOAD,
    404: ["organization_not_found", "workflow_not_found", "step_not_found", "wrong_trailing_slash"],
  },
  downloadStepSourceData: {
    ...EVERY_ROUTE,
    ...WITH_PAYLOAD,
    404: ["organization_not_found", "workflow_not_found", "step_not_found", "wrong_trailing_slash"],
    406: ["format_unavailable", "filter_not_implemented"],
  },
  getWorkflowInfo: {
    ...EVERY_ROUTE,
    // No body: only the URL attributes can be invalid.
    400: ["invalid_request"],
    404: ["organization_not_found", "workflow_not_found", "wrong_trailing_slash"],
  },
  getSourceData: {
    ...EVERY_ROUTE,
    ...WITH_PAYLOAD,
    404: ["organization_not_found", "workflow_not_found", "no_source_data", "wrong_trailing_slash"],
  },
} as const satisfies Record<string, Partial<Record<ErrorStatus, readonly CatalogueCode[]>>>;

/** A route of the contract, by its name. */
export type ContractRouteName = keyof typeof ROUTE_ERROR_CODES;

/** An error body accepting only `codes`, described as its status. */
function errorBodyOfCodes<const Codes extends readonly [CatalogueCode, ...CatalogueCode[]]>(
  status: ErrorStatus,
  codes: Codes,
) {
  const code = z.enum(codes as unknown as [Codes[number], ...Codes[number][]]);
  return errorBodySchema
    .extend({ code: code.describe("What went wrong, for programs.") })
    .describe(ERROR_STATUSES[status].description);
}

/** 400 of `info/`: a URL attribute the contract refuses (there is no body to be malformed). */
export const pathValidationErrorBodySchema = errorBodyOfCodes(
  400,
  ROUTE_ERROR_CODES.getWorkflowInfo[400],
)
  .extend({ errors: z.array(fieldErrorSchema).describe("One entry per failing input.") })
  .describe("The URL attributes are invalid (listed in `errors`).");

/** 404 of the step endpoint and its download: the organization, the workflow or the step. */
export const stepNotFoundErrorBodySchema = errorBodyOfCodes(
  404,
  ROUTE_ERROR_CODES.getStepSourceData[404],
);

/** 404 of `info/`: the organization or the workflow. */
export const workflowNotFoundErrorBodySchema = errorBodyOfCodes(
  404,
  ROUTE_ERROR_CODES.getWorkflowInfo[404],
);

/** 404 of `source_data`: the organization, the workflow, or a workflow without source data. */
export const sourceDataNotFoundErrorBodySchema = errorBodyOfCodes(
  404,
  ROUTE_ERROR_CODES.getSourceData[404],
);

/** 406 of the download: an unsupported filter, or a format the stub's browser build cannot write. */
export const downloadNotAcceptableErrorBodySchema = errorBodyOfCodes(
  406,
  ROUTE_ERROR_CODES.downloadStepSourceData[406],
);

const everyRoute = {
  401: unauthorizedErrorBodySchema,
  403: forbiddenErrorBodySchema,
  405: methodNotAllowedErrorBodySchema,
  429: tooManyRequestsErrorBodySchema,
  500: internalErrorBodySchema,
  502: badGatewayErrorBodySchema,
  503: serviceUnavailableErrorBodySchema,
  504: gatewayTimeoutErrorBodySchema,
};

const withPayload = {
  400: validationErrorBodySchema,
  406: notAcceptableErrorBodySchema,
  413: payloadTooLargeErrorBodySchema,
  415: unsupportedMediaTypeErrorBodySchema,
};

/** Each route's error body schemas, by status: its codes as {@link ROUTE_ERROR_CODES} lists them. */
export const routeErrorBodySchemas = {
  getStepSourceData: { ...everyRoute, ...withPayload, 404: stepNotFoundErrorBodySchema },
  downloadStepSourceData: {
    ...everyRoute,
    ...withPayload,
    404: stepNotFoundErrorBodySchema,
    406: downloadNotAcceptableErrorBodySchema,
  },
  getWorkflowInfo: {
    ...everyRoute,
    400: pathValidationErrorBodySchema,
    404: workflowNotFoundErrorBodySchema,
  },
  getSourceData: { ...everyRoute, ...withPayload, 404: sourceDataNotFoundErrorBodySchema },
} satisfies {
  [Name in ContractRouteName]: Record<keyof (typeof ROUTE_ERROR_CODES)[Name], z.ZodTypeAny>;
};

// The error bodies' zod schemas, one per status of the catalogue, and the 400's field errors.
import { z } from "zod/v3";
import { ERROR_CODES, ERROR_STATUSES, type ErrorCode, type ErrorStatus } from "./error-codes";

/** The body of any error the API or the stub answers: a human `detail` and a machine `code`. */
export const errorBodySchema = z
  .object({
    detail: z.string().describe("What went wrong, for humans."),
    code: z.string().describe("What went wrong, for programs."),
  })
  .describe("An error.");

/** The body of any error. */
export type ErrorBody = z.infer<typeof errorBodySchema>;

function errorBodyOf<Status extends ErrorStatus>(status: Status) {
  const codes = ERROR_CODES[status] as unknown as [ErrorCode<Status>, ...ErrorCode<Status>[]];
  return errorBodySchema
    .extend({ code: z.enum(codes).describe("What went wrong, for programs.") })
    .describe(ERROR_STATUSES[status].description);
}

/** One failing input: where (`interval.end`, `filters[0].values`, `step_index`) and why. */
export const fieldErrorSchema = z
  .object({
    path: z
      .string()
      .describe("The failing input: a body key path such as `interval.end`, or a URL attribute."),
    message: z.string().describe("Why it was rejected."),
  })
  .describe("One failing input.");

/** One failing input of a 400. */
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** 400: the request is invalid; `errors` lists every failing input. */
export const validationErrorBodySchema = errorBodyOf(400).extend({
  errors: z.array(fieldErrorSchema).describe("One entry per failing input."),
});
/** The body of a 400. */
export type ValidationErrorBody = z.infer<typeof validationErrorBodySchema>;

/** 401: no valid `Authorization: Token …` or `Bearer …` header. */
export const unauthorizedErrorBodySchema = errorBodyOf(401);
/** The body of a 401. */
export type UnauthorizedErrorBody = z.infer<typeof unauthorizedErrorBodySchema>;

/** 403: no active subscription, no access to the organization, or no reporting permission. */
export const forbiddenErrorBodySchema = errorBodyOf(403);
/** The body of a 403. */
export type ForbiddenErrorBody = z.infer<typeof forbiddenErrorBodySchema>;

/** 404: unknown organization or workflow, a step beyond the workflow's last, or no such route. */
export const notFoundErrorBodySchema = errorBodyOf(404);
/** The body of a 404. */
export type NotFoundErrorBody = z.infer<typeof notFoundErrorBodySchema>;

/** 405: a method other than POST. */
export const methodNotAllowedErrorBodySchema = errorBodyOf(405);
/** The body of a 405. */
export type MethodNotAllowedErrorBody = z.infer<typeof methodNotAllowedErrorBodySchema>;

/** 406: filtering on a property that is not implemented. */
export const notAcceptableErrorBodySchema = errorBodyOf(406);
/** The body of a 406. */
export type NotAcceptableErrorBody = z.infer<typeof notAcceptableErrorBodySchema>;

/** 413: a request body larger than the server accepts. */
export const payloadTooLargeErrorBodySchema = errorBodyOf(413);
/** The body of a 413. */
export type PayloadTooLargeErrorBody = z.infer<typeof payloadTooLargeErrorBodySchema>;

/** 415: a request body not sent as `application/json`. */
export const unsupportedMediaTypeErrorBodySchema = errorBodyOf(415);
/** The body of a 415. */
export type UnsupportedMediaTypeErrorBody = z.infer<typeof unsupportedMediaTypeErrorBodySchema>;

/** 429: throttled; `Retry-After` says when to try again. */
export const tooManyRequestsErrorBodySchema = errorBodyOf(429);
/** The body of a 429. */
export type TooManyRequestsErrorBody = z.infer<typeof tooManyRequestsErrorBodySchema>;

/** 500: an unexpected error in the query. */
export const internalErrorBodySchema = errorBodyOf(500);
/** The body of a 500. */
export type InternalErrorBody = z.infer<typeof internalErrorBodySchema>;

/** 502: a gateway in front of the API got no valid answer from it. */
export const badGatewayErrorBodySchema = errorBodyOf(502);
/** The body of a 502. */
export type BadGatewayErrorBody = z.infer<typeof badGatewayErrorBodySchema>;

/** 503: the service is temporarily unavailable. */
export const serviceUnavailableErrorBodySchema = errorBodyOf(503);
/** The body of a 503. */
export type ServiceUnavailableErrorBody = z.infer<typeof serviceUnavailableErrorBodySchema>;

/** 504: a gateway in front of the API got no answer from it in time. */
export const gatewayTimeoutErrorBodySchema = errorBodyOf(504);
/** The body of a 504. */
export type GatewayTimeoutErrorBody = z.infer<typeof gatewayTimeoutErrorBodySchema>;

/** The error body schema of every declared status: the contract's error responses. */
export const errorBodySchemas = {
  400: validationErrorBodySchema,
  401: unauthorizedErrorBodySchema,
  403: forbiddenErrorBodySchema,
  404: notFoundErrorBodySchema,
  405: methodNotAllowedErrorBodySchema,
  406: notAcceptableErrorBodySchema,
  413: payloadTooLargeErrorBodySchema,
  415: unsupportedMediaTypeErrorBodySchema,
  429: tooManyRequestsErrorBodySchema,
  500: internalErrorBodySchema,
  502: badGatewayErrorBodySchema,
  503: serviceUnavailableErrorBodySchema,
  504: gatewayTimeoutErrorBodySchema,
} satisfies Record<ErrorStatus, z.ZodTypeAny>;

/** The error body of a status. */
export type ErrorBodyOf<Status extends ErrorStatus> = z.infer<(typeof errorBodySchemas)[Status]>;

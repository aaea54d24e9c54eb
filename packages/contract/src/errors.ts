import { z } from "zod";

/** The `code` of each error status the endpoint answers, by status. */
export const ERROR_CODES = {
  400: ["invalid_request", "malformed_json"],
  401: ["not_authenticated", "authentication_failed"],
  403: ["no_active_subscription", "no_organization_access", "no_reporting_permission"],
  404: ["organization_not_found", "workflow_not_found", "step_not_found"],
  406: ["filter_not_implemented"],
  500: ["internal_error"],
} as const;

/** An error status the endpoint declares. */
export type ErrorStatus = keyof typeof ERROR_CODES;

/** The `code` of an error body with the given status. */
export type ErrorCode<Status extends ErrorStatus = ErrorStatus> =
  (typeof ERROR_CODES)[Status][number];

/** The body of any error the API or the stub answers: a human `detail` and a machine `code`. */
export const errorBodySchema = z
  .object({
    detail: z.string().describe("What went wrong, for humans."),
    code: z.string().describe("What went wrong, for programs."),
  })
  .describe("An error.");

/** The body of any error. */
export type ErrorBody = z.infer<typeof errorBodySchema>;

function errorBodyOf<Status extends ErrorStatus>(status: Status, description: string) {
  return errorBodySchema
    .extend({ code: z.enum(ERROR_CODES[status]).describe("What went wrong, for programs.") })
    .describe(description);
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
export const validationErrorBodySchema = errorBodyOf(
  400,
  "The request is invalid: malformed JSON, or inputs that break the contract (listed in `errors`).",
).extend({
  errors: z.array(fieldErrorSchema).describe("One entry per failing input."),
});

/** The body of a 400. */
export type ValidationErrorBody = z.infer<typeof validationErrorBodySchema>;

/** 401: no valid `Authorization: Token …` or `Bearer …` header. */
export const unauthorizedErrorBodySchema = errorBodyOf(
  401,
  "Not authenticated: the Authorization header is missing, malformed or names an unknown token.",
);
/** The body of a 401. */
export type UnauthorizedErrorBody = z.infer<typeof unauthorizedErrorBodySchema>;

/** 403: no active subscription, no access to the organization, or no reporting permission. */
export const forbiddenErrorBodySchema = errorBodyOf(
  403,
  "Forbidden: no active subscription, no access to the organization, or no `reporting` permission (told apart by `code`).",
);
/** The body of a 403. */
export type ForbiddenErrorBody = z.infer<typeof forbiddenErrorBodySchema>;

/** 404: unknown organization or workflow, or a step beyond the workflow's last. */
export const notFoundErrorBodySchema = errorBodyOf(
  404,
  "Not found: the organization, the workflow, or a step with this index does not exist.",
);
/** The body of a 404. */
export type NotFoundErrorBody = z.infer<typeof notFoundErrorBodySchema>;

/** 406: filtering on a property that is not implemented. */
export const notAcceptableErrorBodySchema = errorBodyOf(
  406,
  "Filtering on a property that is not implemented; `detail` names the supported ones.",
);
/** The body of a 406. */
export type NotAcceptableErrorBody = z.infer<typeof notAcceptableErrorBodySchema>;

/** 500: an unexpected error in the query. */
export const internalErrorBodySchema = errorBodyOf(
  500,
  "An unexpected error occurred with the query.",
);
/** The body of a 500. */
export type InternalErrorBody = z.infer<typeof internalErrorBodySchema>;

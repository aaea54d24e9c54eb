// JSON answers, and errors in the API's shape.
import {
  type ErrorBody,
  type ErrorBodyOf,
  type ErrorStatus,
  errorBody,
  type FieldError,
  type InternalErrorBody,
  toFieldErrors,
  type ValidationErrorBody,
} from "@giosg-reporting/contract";
import type { ZodIssue } from "zod/v3";

const JSON_TYPE = "application/json";

/** A JSON response. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
  });
}

/** An error response in the API's shape: `{ detail, code }`, and `errors` for a 400. */
export function errorResponse(
  status: number,
  body: ErrorBody & { errors?: FieldError[] },
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, body, headers);
}

/** The 400 body for inputs that break a schema: every failing field in `errors`. */
export function invalidRequestBody(issues: readonly ZodIssue[]): ValidationErrorBody {
  return { ...errorBody("invalid_request"), errors: toFieldErrors(issues) };
}

/** The 400 body for a request body that is not JSON. */
export function malformedJsonBody(error: unknown): ValidationErrorBody {
  return {
    ...errorBody("malformed_json"),
    errors: [{ path: "body", message: (error as Error).message }],
  };
}

/** The 500 body: what went wrong stays in the stub's log, never in the answer. */
export const INTERNAL_ERROR_BODY: InternalErrorBody = errorBody("internal_error");

/**
 * An API route's error answer, status and body checked together: any code of the status (each route
 * declares its own subset of them; the engine's errors serve all four routes).
 */
export type ContractError = { [Status in ErrorStatus]: ErrorAnswer<Status> }[ErrorStatus];

/** An error answer with `status`, its body one of that status's. */
type ErrorAnswer<Status extends ErrorStatus> = { status: Status; body: ErrorBodyOf<Status> };

/** An error answer of the API route, typed by the contract. */
export function contractError(
  answer: ContractError,
  headers: Record<string, string> = {},
): Response {
  return errorResponse(answer.status, answer.body, headers);
}

import type { ErrorBody, FieldError } from "@giosg-reporting/contract";

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

// Every error the kit can answer: each status, and each code's status; their texts are the catalogue's
// (error-catalogue.ts), kept apart so that a page's bundle of the client holds no text only a server writes.

/**
 * Every error status the endpoint, the stub or a gateway in front of the API can answer: what it
 * means, and whether the same request is worth sending again later (`retryable`).
 */
export const ERROR_STATUSES = {
  400: {
    description:
      "The request is invalid: malformed JSON, or inputs that break the contract (listed in `errors`).",
    retryable: false,
  },
  401: {
    description:
      "You are not authenticated: the Authorization header is missing, malformed or names an unknown token.",
    retryable: false,
  },
  403: {
    description:
      "You do not have an active subscription, access to the organization, or the `reporting` permission (told apart by `code`).",
    retryable: false,
  },
  404: {
    description:
      "Not found: the organization, the workflow, or a step with this index does not exist (or no route has this path).",
    retryable: false,
  },
  405: {
    description: "The method is not allowed on this path: use POST (the `Allow` header says so).",
    retryable: false,
  },
  406: {
    description:
      "Filtering with something that is not yet implemented; `detail` names the supported properties.",
    retryable: false,
  },
  413: {
    description: "The request body is larger than the server accepts.",
    retryable: false,
  },
  415: {
    description: "The request body is not sent as `application/json`.",
    retryable: false,
  },
  429: {
    description:
      "Too many requests: the caller is throttled; `Retry-After` (seconds) says when to try again.",
    retryable: true,
  },
  500: {
    description: "An unexpected error occurred with the query.",
    retryable: false,
  },
  502: {
    description: "Bad gateway: a proxy in front of the API got no valid answer from it.",
    retryable: true,
  },
  503: {
    description: "The service is temporarily unavailable; `Retry-After` may say when to try again.",
    retryable: true,
  },
  504: {
    description: "Gateway timeout: a proxy in front of the API got no answer from it in time.",
    retryable: true,
  },
} as const satisfies Record<number, { description: string; retryable: boolean }>;

/** An error status the contract declares. */
export type ErrorStatus = keyof typeof ERROR_STATUSES;

/**
 * Every error code and the status it is answered with, in status order; `endpoint: false` for the
 * codes only the server around the endpoint answers (`where` says when).
 */
// biome-ignore format: one code a line reads as the table it is
export const ERROR_CODE_STATUSES = {
  invalid_request: { status: 400, endpoint: true },
  malformed_json: { status: 400, endpoint: true },
  not_authenticated: { status: 401, endpoint: true },
  authentication_failed: { status: 401, endpoint: true },
  no_active_subscription: { status: 403, endpoint: true },
  no_organization_access: { status: 403, endpoint: true },
  no_reporting_permission: { status: 403, endpoint: true },
  foreign_origin: { status: 403, endpoint: false, where: "the stub's admin routes, called from a web page" },
  foreign_host: { status: 403, endpoint: false, where: "the stub's admin routes, called by a host name (DNS rebinding)" },
  organization_not_found: { status: 404, endpoint: true },
  workflow_not_found: { status: 404, endpoint: true },
  step_not_found: { status: 404, endpoint: true },
  no_source_data: { status: 404, endpoint: true },
  wrong_trailing_slash: { status: 404, endpoint: true },
  not_found: { status: 404, endpoint: false, where: "no route has this path" },
  method_not_allowed: { status: 405, endpoint: true },
  format_unavailable: { status: 406, endpoint: false, where: "the stub's MSW handlers in a browser, asked for an XLSX download" },
  filter_not_implemented: { status: 406, endpoint: true },
  payload_too_large: { status: 413, endpoint: true },
  unsupported_media_type: { status: 415, endpoint: true },
  throttled: { status: 429, endpoint: true },
  internal_error: { status: 500, endpoint: true },
  bad_gateway: { status: 502, endpoint: true },
  upstream_unreachable: { status: 502, endpoint: false, where: "the stub's recorder (--record), when its upstream gives no answer" },
  upstream_redirect: { status: 502, endpoint: false, where: "the stub's recorder (--record), when its upstream answers a redirect" },
  service_unavailable: { status: 503, endpoint: true },
  gateway_timeout: { status: 504, endpoint: true },
  upstream_timeout: { status: 504, endpoint: false, where: "the stub's recorder (--record), when its upstream stays silent longer than --upstream-timeout" },
} as const satisfies Record<
  string,
  { readonly status: ErrorStatus; readonly endpoint: boolean; readonly where?: string }
>;

type CodeStatuses = typeof ERROR_CODE_STATUSES;

/** Any code of the catalogue, the server's own (`not_found` for an unknown path) included. */
export type CatalogueCode = keyof CodeStatuses;

/** The `code` of the endpoint's error bodies with the given status (any declared status by default). */
export type ErrorCode<Status extends ErrorStatus = ErrorStatus> = {
  [Code in CatalogueCode]: CodeStatuses[Code] extends { status: Status; endpoint: true }
    ? Code
    : never;
}[CatalogueCode];

/** The status answered with a code. */
export function statusOf(code: CatalogueCode): ErrorStatus {
  return ERROR_CODE_STATUSES[code].status;
}

/** Every code of the catalogue, in catalogue order. */
export const CATALOGUE_CODES = Object.keys(ERROR_CODE_STATUSES) as readonly CatalogueCode[];

/** The `code` of the endpoint's error bodies, by status, in catalogue order. */
export const ERROR_CODES = Object.fromEntries(
  Object.keys(ERROR_STATUSES).map((status) => [
    status,
    CATALOGUE_CODES.filter(
      (code) => ERROR_CODE_STATUSES[code].endpoint && String(statusOf(code)) === status,
    ),
  ]),
) as unknown as { readonly [Status in ErrorStatus]: readonly ErrorCode<Status>[] };

/** Error statuses worth sending the same request again for, after a wait (429, 502, 503, 504). */
export const RETRYABLE_ERROR_STATUSES: readonly ErrorStatus[] = (
  Object.keys(ERROR_STATUSES).map(Number) as ErrorStatus[]
).filter((status) => ERROR_STATUSES[status].retryable);

// Every error the kit can answer, in one place: each code's status and detail text. The stub, the
// examples, the OpenAPI document, the README table and the client's retry rule all derive from here.
import { FILTER_PROPERTIES } from "./filter-properties";

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

/** One catalogue entry: its status, its detail text (a template when it has arguments) and example arguments. */
interface CatalogueEntry<
  Status extends ErrorStatus,
  Args extends readonly unknown[],
  Endpoint extends boolean = boolean,
> {
  /** The HTTP status answered with this code. */
  readonly status: Status;
  /** Whether the endpoint answers it (`false`: only a server around it, e.g. for an unknown path). */
  readonly endpoint: Endpoint;
  /** Where a code the endpoint never answers is answered (`endpoint: false` only). */
  readonly where?: string;
  /** Writes the `detail` text. */
  readonly detail: (...args: Args) => string;
  /** Arguments for the documented example of this error. */
  readonly example: Args;
}

function entry<const Status extends ErrorStatus, Args extends readonly unknown[]>(
  status: Status,
  detail: (...args: Args) => string,
  ...example: NoInfer<Args>
): CatalogueEntry<Status, Args, true> {
  return { status, endpoint: true, detail, example };
}

/** An error that the server around the endpoint answers (`where` says when), never the endpoint's own route. */
function serverEntry<const Status extends ErrorStatus, Args extends readonly unknown[]>(
  status: Status,
  where: string,
  detail: (...args: Args) => string,
  ...example: NoInfer<Args>
): CatalogueEntry<Status, Args, false> {
  return { ...entry(status, detail, ...example), endpoint: false, where };
}

/**
 * Every error code, with its status and detail template, in status order. Nothing else in the kit
 * writes an error text.
 */
// biome-ignore format: one code a line reads as the table it is
export const ERROR_CATALOGUE = {
  invalid_request: entry(400, () => "The request is invalid; see errors."),
  malformed_json: entry(400, () => "The request body is not valid JSON."),
  not_authenticated: entry(401, () => "Authentication credentials were not provided."),
  authentication_failed: entry(401, (header: "unknown token" | "malformed" = "unknown token") =>
    header === "malformed"
      ? "Invalid Authorization header: use `Token <api token>` or `Bearer <access token>`."
      : "Invalid token.", "unknown token"),
  no_active_subscription: entry(403, () => "The organization has no active subscription."),
  no_organization_access: entry(403, () => "You do not have access to this organization."),
  no_reporting_permission: entry(403, () => "You do not have the reporting permission."),
  foreign_origin: serverEntry(403, "the stub's admin routes, called from a web page",
    (origin: string) => `Origin ${origin} may not use the stub's admin routes: call them from a test or a terminal, not from a web page.`,
    "https://example.com"),
  organization_not_found: entry(404, () => "Organization not found."),
  workflow_not_found: entry(404, () => "Workflow not found."),
  step_not_found: entry(404, (step: number, last: number) =>
    `Step ${step} not found: the workflow's last step is ${last}.`, 9, 3),
  no_source_data: entry(404, (type: string) =>
    `Source data (outer goal events) is kept for interaction workflows only; this is a ${type} workflow.`, "giosg-default"),
  wrong_trailing_slash: entry(404, (method: string, path: string, documented: string) =>
    `No route for ${method} ${path}: this endpoint is spelled ${documented} (the trailing slash is part of its path).`,
    "POST", "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/source_data/",
    "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/source_data"),
  not_found: serverEntry(404, "no route has this path",
    (method: string, path: string) => `No route for ${method} ${path}.`,
    "GET", "/api/reporting/workflow/v1/orgs"),
  method_not_allowed: entry(405, (method: string, allowed = "POST") => `Method "${method}" not allowed: use ${allowed}.`, "GET", "POST"),
  format_unavailable: serverEntry(406, "the stub's MSW handlers in a browser, asked for an XLSX download",
    (format: string) => `The stub's browser build cannot write ${format} files: ask for csv, or run the stub in Node.`, "xlsx"),
  filter_not_implemented: entry(406, (property: string) =>
    `Filtering by "${property}" is not implemented. Supported properties: ${FILTER_PROPERTIES.join(", ")}.`,
    "country"),
  payload_too_large: entry(413, (maxBytes: number) =>
    `The request body is larger than ${maxBytes} bytes.`, 1_048_576),
  unsupported_media_type: entry(415, (contentType: string) =>
    `Unsupported media type "${contentType}": send the payload as application/json.`, "text/plain"),
  throttled: entry(429, (retryAfterSeconds?: number) =>
    retryAfterSeconds === undefined
      ? "Request was throttled."
      : `Request was throttled. Expected available in ${retryAfterSeconds} seconds.`, 30),
  internal_error: entry(500, () => "An unexpected error occurred with the query."),
  bad_gateway: entry(502, () => "Bad gateway."),
  upstream_unreachable: serverEntry(502, "the stub's recorder (--record), when its upstream gives no answer",
    (upstream: string, reason: string) => `The upstream ${upstream} gave no answer (${reason}); nothing was recorded.`,
    "https://api.giosg.com", "connect ECONNREFUSED"),
  upstream_redirect: serverEntry(502, "the stub's recorder (--record), when its upstream answers a redirect",
    (status: number, location: string) => `The upstream answered ${status} to ${location}: the recorder never follows a redirect, so that your token goes to no other address.`,
    302, "https://example.com/login"),
  service_unavailable: entry(503, () => "Service temporarily unavailable, try again later."),
  gateway_timeout: entry(504, () => "Gateway timeout."),
} as const;

type Catalogue = typeof ERROR_CATALOGUE;

/** Any code of the catalogue, the server's own (`not_found` for an unknown path) included. */
export type CatalogueCode = keyof Catalogue;

/** The `code` of the endpoint's error bodies with the given status (any declared status by default). */
export type ErrorCode<Status extends ErrorStatus = ErrorStatus> = {
  [Code in CatalogueCode]: Catalogue[Code] extends { status: Status; endpoint: true }
    ? Code
    : never;
}[CatalogueCode];

/** The arguments of a code's detail template. */
export type ErrorDetailArgs<Code extends CatalogueCode> = Parameters<Catalogue[Code]["detail"]>;

/** An error body as the catalogue writes it: the code and its detail text. */
export interface CatalogueErrorBody<Code extends CatalogueCode = CatalogueCode> {
  /** What went wrong, for humans. */
  readonly detail: string;
  /** What went wrong, for programs. */
  readonly code: Code;
}

/** The `{ detail, code }` body of an error code, its detail written from `args`. */
export function errorBody<Code extends CatalogueCode>(
  code: Code,
  ...args: ErrorDetailArgs<Code>
): { detail: string; code: Code } {
  const detail = (ERROR_CATALOGUE[code].detail as (...args: readonly unknown[]) => string)(...args);
  return { detail, code };
}

/** The status answered with a code. */
export function statusOf(code: CatalogueCode): ErrorStatus {
  return ERROR_CATALOGUE[code].status;
}

/** Every code of the catalogue, in catalogue order. */
export const CATALOGUE_CODES = Object.keys(ERROR_CATALOGUE) as readonly CatalogueCode[];

/** The `code` of the endpoint's error bodies, by status, in catalogue order. */
export const ERROR_CODES = Object.fromEntries(
  Object.keys(ERROR_STATUSES).map((status) => [
    status,
    CATALOGUE_CODES.filter(
      (code) => ERROR_CATALOGUE[code].endpoint && String(statusOf(code)) === status,
    ),
  ]),
) as unknown as { readonly [Status in ErrorStatus]: readonly ErrorCode<Status>[] };

/** Error statuses worth sending the same request again for, after a wait (429, 502, 503, 504). */
export const RETRYABLE_ERROR_STATUSES: readonly ErrorStatus[] = (
  Object.keys(ERROR_STATUSES).map(Number) as ErrorStatus[]
).filter((status) => ERROR_STATUSES[status].retryable);

/** The documented example body of each error code: its detail written from the example arguments. */
export function exampleErrorBody<Code extends CatalogueCode>(code: Code): CatalogueErrorBody<Code> {
  const { detail, example } = ERROR_CATALOGUE[code] as CatalogueEntry<
    ErrorStatus,
    readonly unknown[]
  >;
  return { detail: detail(...example), code };
}

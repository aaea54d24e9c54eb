// Every error text the kit writes, in one place: each code's detail template and example arguments.
// The stub, the examples, the OpenAPI document and the README table derive from here; the codes and
// their statuses are error-codes.ts's.

import { FILTER_PROPERTIES } from "../filter-properties";
import type { InfoType } from "../workflow-info";
import { type CatalogueCode, ERROR_CODE_STATUSES } from "./error-codes";

/** One code's text: its detail (a template when it has arguments) and example arguments. */
interface CatalogueText<Args extends readonly unknown[]> {
  /** Writes the `detail` text. */
  readonly detail: (...args: Args) => string;
  /** Arguments for the documented example of this error. */
  readonly example: Args;
}

function text<Args extends readonly unknown[]>(
  detail: (...args: Args) => string,
  ...example: NoInfer<Args>
): CatalogueText<Args> {
  return { detail, example };
}

/** Each code's detail template, in the order of the codes. Nothing else in the kit writes an error text. */
// biome-ignore format: one code a line reads as the table it is
const ERROR_TEXTS = {
  invalid_request: text(() => "The request is invalid; see errors."),
  malformed_json: text(() => "The request body is not valid JSON."),
  not_authenticated: text(() => "Authentication credentials were not provided."),
  authentication_failed: text((header: "unknown token" | "malformed" = "unknown token") =>
    header === "malformed"
      ? "Invalid Authorization header: use `Token <api token>` or `Bearer <access token>`."
      : "Invalid token.", "unknown token"),
  no_active_subscription: text(() => "The organization has no active subscription."),
  no_organization_access: text(() => "You do not have access to this organization."),
  no_reporting_permission: text(() => "You do not have the reporting permission."),
  foreign_origin: text((origin: string) => `Origin ${origin} may not use the stub's admin routes: call them from a test or a terminal, not from a web page.`,
    "https://example.com"),
  foreign_host: text((host: string) => `Host ${host} may not use the stub's admin routes: call them at an IP address or localhost.`,
    "evil.example:4400"),
  organization_not_found: text(() => "Organization not found."),
  workflow_not_found: text(() => "Workflow not found."),
  step_not_found: text((step: number, last: number) =>
    `Step ${step} not found: the workflow's last step is ${last}.`, 9, 3),
  no_source_data: text((type: InfoType) =>
    `Source data (outer goal events) is kept for interaction workflows only; this is a ${type} workflow.`, "giosg-default"),
  wrong_trailing_slash: text((method: string, path: string, documented: string) =>
    `No route for ${method} ${path}: this endpoint is spelled ${documented} (${
      documented.endsWith("/") ? "the trailing slash is part of its path" : "its path has no trailing slash"
    }).`,
    "POST", "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/source_data/",
    "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/source_data"),
  not_found: text((method: string, path: string) => `No route for ${method} ${path}.`,
    "GET", "/api/reporting/workflow/v1/orgs"),
  method_not_allowed: text((method: string, allowed: string = "POST") => `Method "${method}" not allowed: use ${allowed}.`, "GET", "POST"),
  format_unavailable: text((format: string) => `The stub's browser build cannot write ${format} files: ask for csv, or run the stub in Node.`, "xlsx"),
  filter_not_implemented: text((property: string) =>
    `Filtering by "${property}" is not implemented. Supported properties: ${FILTER_PROPERTIES.join(", ")}.`,
    "country"),
  payload_too_large: text((maxBytes: number) =>
    `The request body is larger than ${maxBytes} bytes.`, 1_048_576),
  unsupported_media_type: text((contentType: string) =>
    `Unsupported media type "${contentType}": send the payload as application/json.`, "text/plain"),
  throttled: text((retryAfterSeconds?: number) =>
    retryAfterSeconds === undefined
      ? "Request was throttled."
      : `Request was throttled. Expected available in ${retryAfterSeconds} seconds.`, 30),
  internal_error: text(() => "An unexpected error occurred with the query."),
  bad_gateway: text(() => "Bad gateway."),
  upstream_unreachable: text((upstream: string, reason: string) => `The upstream ${upstream} gave no answer (${reason}); nothing was recorded.`,
    "https://api.giosg.com", "connect ECONNREFUSED"),
  upstream_redirect: text((status: number, location: string) => `The upstream answered ${status} to ${location}: the recorder never follows a redirect, so that your token goes to no other address.`,
    302, "https://example.com/login"),
  service_unavailable: text(() => "Service temporarily unavailable, try again later."),
  gateway_timeout: text(() => "Gateway timeout."),
  upstream_timeout: text((upstream: string, ms: number) => `The upstream ${upstream} sent nothing for ${ms} ms (the recorder's --upstream-timeout); nothing was recorded.`,
    "https://api.giosg.com", 60_000),
} as const satisfies {
  readonly [Code in CatalogueCode]: {
    readonly detail: (...args: never) => string;
    readonly example: readonly unknown[];
  };
};

type Texts = typeof ERROR_TEXTS;

/** One catalogue entry: its status, whether the endpoint answers it, its detail template and example arguments. */
export type CatalogueEntry<Code extends CatalogueCode> = (typeof ERROR_CODE_STATUSES)[Code] &
  Texts[Code];

/** Every error code, with its status and detail template, in status order. */
export const ERROR_CATALOGUE = Object.fromEntries(
  (Object.keys(ERROR_CODE_STATUSES) as CatalogueCode[]).map((code) => [
    code,
    { ...ERROR_CODE_STATUSES[code], ...ERROR_TEXTS[code] },
  ]),
) as { readonly [Code in CatalogueCode]: CatalogueEntry<Code> };

/** The arguments of a code's detail template. */
export type ErrorDetailArgs<Code extends CatalogueCode> = Parameters<Texts[Code]["detail"]>;

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
  const detail = (ERROR_TEXTS[code].detail as (...args: readonly unknown[]) => string)(...args);
  return { detail, code };
}

/** The documented example body of each error code: its detail written from the example arguments. */
export function exampleErrorBody<Code extends CatalogueCode>(code: Code): CatalogueErrorBody<Code> {
  const { detail, example } = ERROR_TEXTS[code] as CatalogueText<readonly unknown[]>;
  return { detail: detail(...example), code };
}

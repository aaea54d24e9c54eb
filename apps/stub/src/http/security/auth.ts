// Checks a request's credentials against the configured tokens.
import {
  errorBody,
  type ForbiddenErrorBody,
  type UnauthorizedErrorBody,
} from "@giosg-reporting/contract";
import type { TokenGrant } from "./tokens";

/** The outcome of checking a request's credentials. */
export type Authentication =
  | { readonly ok: true; readonly grant: TokenGrant }
  | { readonly ok: false; readonly status: 401; readonly body: UnauthorizedErrorBody }
  | { readonly ok: false; readonly status: 403; readonly body: ForbiddenErrorBody };

const HEADER = /^(token|bearer) +(\S+) *$/i;

/** The token an `Authorization` header names, if it is well formed. */
export function tokenIn(header: string | undefined): string | undefined {
  return header === undefined ? undefined : HEADER.exec(header)?.[2];
}

/**
 * Checks `Authorization: Token <token>` or `Bearer <token>` against the configured tokens: 401 when it
 * is missing, malformed or unknown; 403 when the token's subscription is inactive or it lacks the
 * reporting permission (organization access is checked per query).
 */
export function authenticate(
  header: string | undefined,
  tokens: ReadonlyMap<string, TokenGrant>,
): Authentication {
  if (header === undefined || header.trim() === "") {
    return {
      ok: false,
      status: 401,
      body: errorBody("not_authenticated"),
    };
  }
  const match = HEADER.exec(header);
  if (!match) {
    return {
      ok: false,
      status: 401,
      body: errorBody("authentication_failed", "malformed"),
    };
  }
  const grant = tokens.get(match[2] as string);
  if (!grant)
    return {
      ok: false,
      status: 401,
      body: errorBody("authentication_failed", "unknown token"),
    };
  if (!grant.subscription) {
    return {
      ok: false,
      status: 403,
      body: errorBody("no_active_subscription"),
    };
  }
  if (!grant.reporting) {
    return {
      ok: false,
      status: 403,
      body: errorBody("no_reporting_permission"),
    };
  }
  return { ok: true, grant };
}

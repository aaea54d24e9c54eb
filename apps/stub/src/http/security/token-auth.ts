// The API route's token check as a middleware: 401 or 403 in the contract's shape, else the grant for what follows.
import type { MiddlewareHandler } from "hono";
import { contractError } from "../bodies/json-response";
import { authenticate } from "./auth";
import type { TokenGrant } from "./tokens";

/** What {@link tokenAuth} leaves for the handlers after it. */
export type TokenAuthVariables = {
  /** The grant of the token the request authenticated with. */
  grant: TokenGrant;
};

/**
 * Authenticates `Authorization: Token <token>` or `Bearer <token>` against `tokens` (keyed by the
 * token): 401 (with `WWW-Authenticate`) or 403 answered at once, else `c.var.grant` set.
 */
export function tokenAuth(
  tokens: ReadonlyMap<string, TokenGrant>,
): MiddlewareHandler<{ Variables: TokenAuthVariables }> {
  return async (c, next) => {
    const authentication = authenticate(c.req.header("authorization"), tokens);
    if (!authentication.ok) {
      const headers: Record<string, string> =
        authentication.status === 401 ? { "www-authenticate": 'Token realm="api"' } : {};
      return contractError(authentication, headers);
    }
    c.set("grant", authentication.grant);
    return next();
  };
}

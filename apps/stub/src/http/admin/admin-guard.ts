// Keeps web pages away from the admin routes: a request from another origin, or sent to a host name, is refused before anything reads it.
import { errorBody } from "@giosg-reporting/contract";
import type { MiddlewareHandler } from "hono";
import { errorResponse } from "../bodies/json-response";

/** Host names that only this machine resolves to the stub, whatever DNS says: an IP address or `localhost`. */
const FIXED_HOST = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/**
 * Whether a request's `Origin` is the stub's own: the origin the request was sent to, named by an IP
 * address or `localhost` (a page whose host name was made to resolve to the stub, by DNS rebinding,
 * has a matching origin too, but a name).
 */
function ownOrigin(origin: string, requestUrl: string): boolean {
  const url = new URL(requestUrl);
  return origin === url.origin && FIXED_HOST.test(url.hostname);
}

/** A `Host` header naming a fixed host, with a port or none. */
const FIXED_HOST_HEADER = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d*)?$/i;

/**
 * Refuses, with 403 `foreign_host`, a request whose `Host` is a name other than `localhost`: a page
 * whose host name was made to resolve to the stub (DNS rebinding) is same-origin with it, so its GET
 * carries no `Origin` but its own host name. A request without `Host` (the stub called in process)
 * passes. Then refuses, with 403 `foreign_origin`, any request that carries an `Origin` other than the stub's
 * own: browsers send it on every cross-origin request (and on any POST), so a web page the developer
 * visits cannot change the scenario, even with a request sent without a preflight. Tests and
 * terminals send no `Origin` and pass.
 */
export function adminGuard(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header("host");
    if (host !== undefined && !FIXED_HOST_HEADER.test(host)) {
      return errorResponse(403, errorBody("foreign_host", host));
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !ownOrigin(origin, c.req.url)) {
      return errorResponse(403, errorBody("foreign_origin", origin), { vary: "Origin" });
    }
    return next();
  };
}

// One line per request answered, as a middleware: method, path, status and milliseconds.
import type { MiddlewareHandler } from "hono";

/** Calls `log` with `METHOD /path status 1.2 ms` once each request is answered. */
export function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms} ms`);
  };
}

// One line per request answered, as a middleware: method, path, status (or that it was dropped) and milliseconds.
import type { MiddlewareHandler } from "hono";
import type { JournalingVariables } from "./admin/journaling";

/**
 * Calls `log` with `METHOD /path status 1.2 ms` once each request is answered; a connection the
 * scenario dropped before any answer is logged as `dropped` in place of the status.
 */
export function requestLog(
  log: (line: string) => void,
): MiddlewareHandler<{ Variables: Pick<JournalingVariables, "answerCut"> }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    const status = c.get("answerCut") === "dropped" ? "dropped" : c.res.status;
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${status} ${ms} ms`);
  };
}

// Tells a client that went away mid-request from a failure of the stub: the first is no error to report.
import type { HttpBindings } from "@hono/node-server";

/** Error codes and names Node and fetch use for a connection closed by the other side. */
const GONE = new Set(["ECONNRESET", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE", "AbortError"]);

/**
 * Whether `error` only says that the client closed its connection (its request body cut off, say):
 * its socket is gone and the error is a reset or an abort. Nobody is left to answer, and nothing in
 * the stub failed, so it is not logged as an unexpected error.
 */
export function clientWentAway(
  error: unknown,
  bindings: Partial<HttpBindings> | undefined,
): boolean {
  const socket = bindings?.incoming?.socket;
  if (socket === undefined || !socket.destroyed) return false;
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return GONE.has(String(code)) || GONE.has(String(name));
}

/**
 * The status written in the request log for an answer nobody received: nginx's 499 "client closed
 * request"; it never reaches the client.
 */
export const CLIENT_CLOSED_REQUEST = 499;

// Lingering close (nginx's lingering_close): an answer sent before its request's body was all read
// (a 413, a 401, a 404…) keeps reading and dropping the rest of the body, within bounds, so that the
// client reads the answer instead of a reset.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** How long, and how many more bytes of its body, a connection reads after an early answer. */
export interface LingeringBounds {
  /** Time a connection keeps reading after its answer (0 turns lingering off: closed at once). */
  readonly lingeringTimeMs: number;
  /** Body bytes a connection reads and drops after its answer (0 turns lingering off). */
  readonly lingeringBytes: number;
}

/**
 * Reads and drops the rest of `request`'s body after its answer, and closes the connection once the
 * body has ended, once `lingeringBytes` more have come, or after `lingeringTimeMs`, whichever first.
 *
 * Closing a socket whose client still sends makes the kernel answer with a reset, and a reset makes
 * the client's kernel discard what it received and had not yet handed over: the answer, which is why
 * a client busy sending (undici under load) saw `EPIPE` rather than its 413. Node closes the
 * connection of a `Connection: close` answer by `destroySoon` once the answer is written, and
 * @hono/node-server does so after 500 ms of draining: while lingering, `destroySoon` only ends the
 * sending side (the answer, then FIN) and the socket is destroyed when reading stops. A connection
 * kept alive stays so when the body ends within the bounds.
 */
function linger(
  socket: Socket,
  request: IncomingMessage,
  { lingeringTimeMs, lingeringBytes }: LingeringBounds,
): void {
  let closing = false;
  let read = 0;
  /** Stops lingering: leaves the connection as it is, closes it once the answer is sent, or at once (a bound). */
  const stop = (then: "leave" | "close" | "destroy") => {
    clearTimeout(timer);
    request.off("data", count);
    request.off("end", ended);
    socket.off("close", gone);
    // The socket's own destroySoon again (net.Socket's): the answer's last bytes, then the close.
    Reflect.deleteProperty(socket, "destroySoon");
    if (then === "close") socket.destroySoon();
    else if (then === "destroy") socket.destroy();
  };
  const timer = setTimeout(() => stop("destroy"), lingeringTimeMs).unref();
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read > lingeringBytes) stop("destroy");
  };
  // All the client sent is read: closing now resets nothing.
  const ended = () => stop(closing ? "close" : "leave");
  const gone = () => stop("leave");
  socket.destroySoon = () => {
    closing = true;
    if (!socket.writableEnded) socket.end();
  };
  socket.once("close", gone);
  request.once("end", ended);
  // As Node's own dump of an unread body: nobody else takes the rest (chunks dropped, memory flat).
  request.removeAllListeners("data");
  request.on("data", count);
  request.resume();
}

/**
 * Makes every connection of `server` linger after an answer sent before its request's body was all
 * read, within `bounds` (see {@link linger}); nothing changes when either bound is 0.
 */
export function lingerAfterEarlyAnswers(server: Server, bounds: LingeringBounds): void {
  if (bounds.lingeringTimeMs === 0 || bounds.lingeringBytes === 0) return;
  // One listener for every answer (an answer finishes once), not a closure made for each.
  function finished(this: ServerResponse): void {
    const request = this.req;
    if (!request.complete && !request.destroyed) linger(request.socket, request, bounds);
  }
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    // Before Node's own listener, which closes a `Connection: close` answer's socket by destroySoon.
    response.prependListener("finish", finished);
  });
}

// The bounds of the stub's sockets: how long a client may take to send a request or leave an answer
// unread, how long an idle connection stays open, how long it lingers after an early answer, and how
// many connections are served at once.
import type { Server, ServerOptions, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { errorBody } from "@giosg-reporting/contract";
import { lingerAfterEarlyAnswers } from "./lingering-close";

/** Limits on the stub's connections (milliseconds and a count); each has a safe default, 0 turns it off. */
export interface ConnectionBounds {
  /** Time a client has to send a request's headers (default 10 s); then it gets 408 and is closed. */
  readonly headersTimeoutMs?: number;
  /** Time a client has to send a whole request, headers and body (default 30 s); then 408 and closed. */
  readonly requestTimeoutMs?: number;
  /** Time an idle connection is kept open between requests (default 5 s, as Node's). */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Time an answer may wait on a client that takes none of it (the socket not drained) before the
   * connection is closed and the answer's rows stop being produced (default 60 s).
   */
  readonly writeTimeoutMs?: number;
  /** Connections open at once (default 512); one more gets 503 `service_unavailable` and is closed. */
  readonly maxConnections?: number;
  /**
   * Time a connection answered before its request's body was all read (a 413, say) keeps reading and
   * dropping the rest of the body (default 10 s), so that the client reads its answer, not a reset.
   */
  readonly lingeringTimeMs?: number;
  /** Bytes of such a body read and dropped after the answer (default 64 MiB); then it is closed. */
  readonly lingeringBytes?: number;
}

/** The bounds in force when none is given. */
export const DEFAULT_CONNECTION_BOUNDS = {
  // Real clients send their headers in one packet: 10 s is slack for a busy CI machine, not for a slowloris.
  headersTimeoutMs: 10_000,
  // A 1 MiB body (the default maxBodyBytes) in 30 s is 35 KB/s: any real link, loopback by far.
  requestTimeoutMs: 30_000,
  // Node's own default; clients such as undici drop idle connections after 4 s, before the stub does.
  keepAliveTimeoutMs: 5_000,
  // nginx's send_timeout: a reader that pauses (a debugger, a slow consumer) survives a minute of it.
  writeTimeoutMs: 60_000,
  // Far above what a test suite opens, under the usual 1024 file descriptors of a process.
  maxConnections: 512,
  // nginx's lingering_time is 30 s; 10 s takes a 20 MB body on a loaded CI machine many times over.
  lingeringTimeMs: 10_000,
  // @hono/node-server's own bound for draining a body; reading it costs time, never memory.
  lingeringBytes: 64 * 1024 * 1024,
} as const satisfies Required<ConnectionBounds>;

/** The longest timeout accepted: an hour, in milliseconds. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** The most bytes a connection may read after an early answer: 1 GiB. */
export const MAX_LINGERING_BYTES = 1024 ** 3;

/** How long a refused connection may linger, reading its request, before it is destroyed. */
const REFUSAL_GRACE_MS = 1_000;

function checked(name: keyof ConnectionBounds, value: number | undefined, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${value}`);
  }
}

/** The bounds with their defaults filled in; throws a `RangeError` naming an option out of range. */
export function resolveConnectionBounds(bounds: ConnectionBounds = {}): Required<ConnectionBounds> {
  for (const name of [
    "headersTimeoutMs",
    "requestTimeoutMs",
    "keepAliveTimeoutMs",
    "writeTimeoutMs",
    "lingeringTimeMs",
  ] as const)
    checked(name, bounds[name], MAX_TIMEOUT_MS);
  checked("maxConnections", bounds.maxConnections, 1_000_000);
  checked("lingeringBytes", bounds.lingeringBytes, MAX_LINGERING_BYTES);
  const requestTimeoutMs = bounds.requestTimeoutMs ?? DEFAULT_CONNECTION_BOUNDS.requestTimeoutMs;
  // As Node does: the headers are part of the request, so their default never outlasts it.
  const headersTimeoutMs =
    bounds.headersTimeoutMs ??
    (requestTimeoutMs === 0
      ? DEFAULT_CONNECTION_BOUNDS.headersTimeoutMs
      : Math.min(DEFAULT_CONNECTION_BOUNDS.headersTimeoutMs, requestTimeoutMs));
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(
      `headersTimeoutMs (${headersTimeoutMs}) must be at most requestTimeoutMs (${requestTimeoutMs})`,
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: bounds.keepAliveTimeoutMs ?? DEFAULT_CONNECTION_BOUNDS.keepAliveTimeoutMs,
    writeTimeoutMs: bounds.writeTimeoutMs ?? DEFAULT_CONNECTION_BOUNDS.writeTimeoutMs,
    maxConnections: bounds.maxConnections ?? DEFAULT_CONNECTION_BOUNDS.maxConnections,
    lingeringTimeMs: bounds.lingeringTimeMs ?? DEFAULT_CONNECTION_BOUNDS.lingeringTimeMs,
    lingeringBytes: bounds.lingeringBytes ?? DEFAULT_CONNECTION_BOUNDS.lingeringBytes,
  };
}

/** The options Node's `http.createServer` takes for these bounds (some can only be set there). */
export function serverOptionsOf(bounds: Required<ConnectionBounds>): ServerOptions {
  const timeouts = [bounds.headersTimeoutMs, bounds.requestTimeoutMs].filter((ms) => ms > 0);
  return {
    headersTimeout: bounds.headersTimeoutMs,
    requestTimeout: bounds.requestTimeoutMs,
    keepAliveTimeout: bounds.keepAliveTimeoutMs,
    // Node looks for expired requests every 30 s by default, so a 10 s bound would end a slowloris
    // after up to 40 s: look a few times within the shortest bound instead (at most every second).
    connectionsCheckingInterval: Math.max(5, Math.floor(Math.min(...timeouts, 4_000) / 4)),
  };
}

/** The raw answer to a connection over the cap: 503 from the error catalogue, then the connection closes. */
function refusal(): Buffer {
  const body = JSON.stringify(errorBody("service_unavailable"));
  return Buffer.from(
    [
      "HTTP/1.1 503 Service Unavailable",
      "content-type: application/json",
      `content-length: ${Buffer.byteLength(body)}`,
      "retry-after: 1",
      "x-content-type-options: nosniff",
      "connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}

/**
 * Refuses connections beyond `max` before Node's HTTP layer sees them: each gets the 503 at once
 * (a client reads an answer sent before its request was read, as HTTP/1.1 allows) and its request is
 * read and dropped, since closing with unread input would reset the connection and lose the answer.
 */
function capConnections(server: Server, max: number): void {
  const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const answer = refusal();
  let open = 0;
  server.on("connection", (socket: Socket) => {
    if (open >= max) {
      socket.on("error", () => {}); // a client gone before reading its refusal is no concern
      const linger = setTimeout(() => socket.destroy(), REFUSAL_GRACE_MS).unref();
      socket.once("close", () => clearTimeout(linger));
      socket.end(answer);
      socket.resume();
      return;
    }
    open += 1;
    socket.once("close", () => {
      open -= 1;
    });
    for (const listener of httpListeners) listener.call(server, socket);
  });
}

/**
 * Closes the connection of a client that leaves an answer unread for `ms`. Node's socket timeout
 * counts any time without a byte moving, so it also fires while the stub itself waits (latency, a
 * slow scenario) or while a request trickles in (`requestTimeoutMs` bounds that): only a write that
 * waits on the client closes the connection; otherwise the timer starts again.
 *
 * What a stalled reader holds meanwhile is bounded and small: a streamed answer is a ReadableStream
 * whose next chunk is produced only when @hono/node-server asks for it, and it asks only once the
 * socket took the previous chunk (`write` returned true, or after `drain`). So a client that reads
 * nothing pins one chunk in flight and the socket's buffer (plus the kernel's, outside the heap),
 * whatever the size of the answer; closing the connection cancels the stream, which ends the rows.
 */
function limitUnreadAnswers(server: Server, ms: number): void {
  server.timeout = ms;
  // One listener for every answer, not a closure made for each.
  function timedOut(this: ServerResponse): void {
    const socket = this.socket;
    if (socket === null) return;
    if (socket.writableLength > 0 || this.writableNeedDrain) socket.destroy();
    else socket.setTimeout(ms);
  }
  server.on("request", (_request, response: ServerResponse) => {
    response.on("timeout", timedOut);
  });
}

/** Applies the bounds that are not `createServer` options to a server before it accepts connections. */
export function applyConnectionBounds(server: Server, bounds: Required<ConnectionBounds>): void {
  if (bounds.writeTimeoutMs > 0) limitUnreadAnswers(server, bounds.writeTimeoutMs);
  lingerAfterEarlyAnswers(server, bounds);
  if (bounds.maxConnections > 0) capConnections(server, bounds.maxConnections);
}

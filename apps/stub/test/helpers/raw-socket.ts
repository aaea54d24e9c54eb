// A client on a bare TCP socket, for what fetch cannot do: send half a request, never read an answer,
// use any method, or go away mid-request.
import { connect, type Socket } from "node:net";
import { apiHeaders } from "./harness";

/** A connected socket, what it has received so far, and whether it has closed. */
export interface RawClient {
  readonly socket: Socket;
  /** Everything received so far, as text (nothing while `reading` is false). */
  readonly received: () => string;
  /** Whether the connection has closed, by either side. */
  readonly closed: () => boolean;
}

/**
 * Connects to the stub on 127.0.0.1; with `reading` false the socket reads nothing at all, and with
 * `halfOpen` it keeps sending after the stub's end (FIN), as a client busy sending a body does.
 */
export function openRaw(
  port: number,
  { reading = true, halfOpen = false } = {},
): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: halfOpen });
    let text = "";
    let closed = false;
    socket.on("error", () => {}); // a reset by the stub is what some tests wait for
    socket.on("close", () => {
      closed = true;
    });
    if (reading) socket.on("data", (data) => (text += data.toString("latin1")));
    else socket.pause();
    socket.once("connect", () => resolve({ socket, received: () => text, closed: () => closed }));
    socket.once("error", reject);
  });
}

/** A request as bytes: request line, headers (with `Host`) and body. */
export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = "",
): string {
  const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== "") lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** A POST of `payload` to the API route as bytes, with the documented headers. */
export function rawPost(path: string, payload: unknown): string {
  return rawRequest("POST", path, apiHeaders(), JSON.stringify(payload));
}

/** An HTTP answer read off the wire: status, headers (lower-case names) and body text. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Parses the first answer in `text` (a body with Content-Length; enough for the stub's small answers). */
export function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: text.slice(end + 4, end + 4 + length),
  };
}

/** Whether `text` holds a whole answer with a Content-Length. */
export function answered(text: string): boolean {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const { headers } = parseAnswer(text);
  return text.length >= end + 4 + Number(headers["content-length"] ?? 0);
}

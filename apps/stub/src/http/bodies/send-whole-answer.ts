// A whole 200 answer sent straight to Node's response when the stub runs on a socket, past web streams.
import { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { wholeAnswerHeaders, wholeAnswerPieces } from "./whole-answer";

/**
 * Writes a `wholeAnswer` (its status, its headers as the middleware left them, its pieces) to
 * Node's `outgoing` with one corked write, and returns the marker that tells @hono/node-server the
 * answer is sent; any other response is returned as it is. A response the middleware replaced (a
 * scenario's body fault, say) is no longer a whole answer and takes the usual road.
 */
export function sendWholeAnswer(
  response: Response,
  outgoing: ServerResponse | Http2ServerResponse | undefined,
): Response {
  const pieces = wholeAnswerPieces(response);
  if (pieces === undefined || outgoing === undefined) return response;
  let headers = wholeAnswerHeaders(response);
  if (headers === undefined) {
    headers = [];
    for (const [name, value] of response.headers) headers.push(name, value);
  }
  if (outgoing instanceof ServerResponse) {
    outgoing.writeHead(response.status, headers);
    outgoing.cork();
    for (const piece of pieces) outgoing.write(piece);
    outgoing.end();
  } else {
    // HTTP/2 (never served by the stub's CLI): headers as a record, no cork.
    const record: Record<string, string> = {};
    for (let i = 0; i < headers.length; i += 2)
      record[headers[i] as string] = headers[i + 1] as string;
    outgoing.writeHead(response.status, record);
    for (const piece of pieces) outgoing.write(piece);
    outgoing.end();
  }
  return RESPONSE_ALREADY_SENT;
}

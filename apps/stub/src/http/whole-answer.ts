// A whole 200 answer's pieces, sent straight to Node's response when the stub runs on a socket.
import { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";

/** Responses of whole answers, with their pieces (head, rows' JSON, tail). */
const wholeAnswers = new WeakMap<Response, readonly Uint8Array[]>();

/**
 * A response of `pieces`, in order, with their length: its body is a stream of them for any reader (`app.fetch`), and
 * {@link sendWholeAnswer} hands the same pieces to a Node socket in one write, past web streams.
 */
export function wholeAnswer(
  pieces: readonly Uint8Array[],
  headers: Record<string, string>,
): Response {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const response = new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    }),
    { headers: { ...headers, "content-length": String(length) } },
  );
  wholeAnswers.set(response, pieces);
  return response;
}

/**
 * Writes a {@link wholeAnswer} (its status, its headers as the middleware left them, its pieces) to
 * Node's `outgoing` with one corked write, and returns the marker that tells @hono/node-server the
 * answer is sent; any other response is returned as it is. A response the middleware replaced (a
 * scenario's body fault, say) is no longer a whole answer and takes the usual road.
 */
export function sendWholeAnswer(
  response: Response,
  outgoing: ServerResponse | Http2ServerResponse | undefined,
): Response {
  const pieces = wholeAnswers.get(response);
  // HTTP/2 answers (never served by the stub's CLI) keep the usual road.
  if (pieces === undefined || !(outgoing instanceof ServerResponse)) return response;
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  outgoing.writeHead(response.status, headers);
  outgoing.cork();
  for (const piece of pieces) outgoing.write(piece);
  outgoing.end();
  return RESPONSE_ALREADY_SENT;
}

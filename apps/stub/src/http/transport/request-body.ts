// The request body as text, read up to a size limit: from Node's request when served on a socket (no fetch `Request` is built), else from the `Request`.
import type { IncomingMessage } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { concatBytes } from "../../data/json/bytes";
import { handedOver } from "./handover";

/** What {@link readBodyText} found: the text, or that the body is larger than allowed. */
export type BodyText = { readonly text: string } | { readonly tooLarge: true };

const TOO_LARGE = { tooLarge: true } as const;
// Like `Request.text()`: UTF-8, a byte order mark dropped, bad bytes replaced.
const decoder = new TextDecoder();

/**
 * Gives each chunk of Node's request body to `keep` as it comes, until the end (true) or until `keep`
 * refuses one (false). Then left unread, not destroyed: destroying it would close the socket before
 * the 413 is written, and the server's lingering close reads and drops the rest once it is. Rejects
 * as the stream fails (a client gone mid-body: `ERR_STREAM_PREMATURE_CLOSE`). Events rather than an
 * async iterator: one promise for the body, not one per chunk and an iterator.
 */
function readIncoming(
  incoming: IncomingMessage,
  keep: (chunk: Uint8Array) => boolean,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      incoming.off("readable", take);
      incoming.off("end", ended);
      incoming.off("error", failed);
      incoming.off("close", closed);
    };
    function take(): void {
      for (let chunk = incoming.read(); chunk !== null; chunk = incoming.read()) {
        if (!keep(chunk as Uint8Array)) {
          stop();
          resolve(false);
          return;
        }
      }
    }
    function ended(): void {
      stop();
      resolve(true);
    }
    function failed(error: Error): void {
      stop();
      reject(error);
    }
    function closed(): void {
      stop();
      reject(incoming.errored ?? prematureClose());
    }
    if (incoming.errored) return reject(incoming.errored);
    if (incoming.readableEnded) return resolve(true);
    if (incoming.destroyed) return reject(prematureClose());
    incoming.on("readable", take);
    incoming.on("end", ended);
    incoming.on("error", failed);
    incoming.on("close", closed);
  });
}

/** Node's error for a stream closed before its end, as `stream.finished` gives it. */
function prematureClose(): Error {
  return Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" });
}

/**
 * The body of `incoming` when all of its `length` bytes have come and wait in its buffer (a small
 * body comes in its headers' packet), read at once with no listener or promise; else undefined.
 */
export function bufferedBodyText(incoming: IncomingMessage, length: number): string | undefined {
  if (!incoming.complete || incoming.destroyed || incoming.readableLength !== length)
    return undefined;
  const bytes = incoming.read() as Uint8Array | null;
  return bytes === null ? "" : decoder.decode(bytes);
}

/** Chunks kept up to `maxBytes`: `keep` says false past it; `text` decodes what was kept. */
function bodyChunks(maxBytes: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    /** Keeps a chunk, or says the body is past the limit. */
    keep(chunk: Uint8Array): boolean {
      size += chunk.length;
      if (size > maxBytes) return false;
      chunks.push(chunk);
      return true;
    },
    /** The chunks kept, as text. */
    text: (): BodyText => ({
      text: decoder.decode(chunks.length === 1 ? chunks[0] : concatBytes(chunks, size)),
    }),
  };
}

/** Node's request body as text, read up to `maxBytes` (see {@link readBodyText}). */
export async function readIncomingText(
  incoming: IncomingMessage,
  maxBytes: number,
): Promise<BodyText> {
  const body = bodyChunks(maxBytes);
  if (!(await readIncoming(incoming, body.keep))) return TOO_LARGE;
  return body.text();
}

/**
 * Reads the request body as text, stopping as soon as it exceeds `maxBytes` (a declared
 * `content-length` above it is refused before reading). On Node the bytes come straight from the
 * incoming message, which spares building a fetch `Request` for every query.
 */
export async function readBodyText(
  request: Request,
  bindings: Partial<HttpBindings> | undefined,
  maxBytes: number,
): Promise<BodyText> {
  const incoming = bindings?.incoming;
  const declared = Number(
    incoming ? incoming.headers["content-length"] : request.headers.get("content-length"),
  );
  if (declared > maxBytes) return TOO_LARGE;
  // Read already by the step route's fast path, which gave the request back.
  const handed = handedOver(incoming)?.body;
  if (handed !== undefined) {
    if ("failed" in handed) throw handed.failed;
    return handed;
  }
  if (incoming) return readIncomingText(incoming, maxBytes);
  const body = bodyChunks(maxBytes);
  if (request.body !== null) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!body.keep(value)) {
        // Not awaited: a stream's cancel need not settle (MSW's request streams' never do), and
        // leaving the loop by `for await` would wait on it, so the 413 would never be sent.
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
    }
  }
  return body.text();
}

// The request body as text, read up to a size limit: from Node's request when served on a socket (no fetch `Request` is built), else from the `Request`.
import type { HttpBindings } from "@hono/node-server";
import { concatBytes } from "../../data/bytes";

/** What {@link readBodyText} found: the text, or that the body is larger than allowed. */
export type BodyText = { readonly text: string } | { readonly tooLarge: true };

const TOO_LARGE = { tooLarge: true } as const;
// Like `Request.text()`: UTF-8, a byte order mark dropped, bad bytes replaced.
const decoder = new TextDecoder();

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
  const chunks: Uint8Array[] = [];
  let size = 0;
  /** Keeps a chunk, or says the body is past the limit. */
  const keep = (chunk: Uint8Array): boolean => {
    size += chunk.length;
    if (size > maxBytes) return false;
    chunks.push(chunk);
    return true;
  };
  if (incoming) {
    // Left unread past the limit, not destroyed: destroying it would close the socket before the 413
    // is written, and the server's lingering close reads and drops the rest once it is.
    for await (const chunk of incoming.iterator({ destroyOnReturn: false }))
      if (!keep(chunk as Uint8Array)) return TOO_LARGE;
  } else if (request.body !== null) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!keep(value)) {
        // Not awaited: a stream's cancel need not settle (MSW's request streams' never do), and
        // leaving the loop by `for await` would wait on it, so the 413 would never be sent.
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
    }
  }
  return { text: decoder.decode(chunks.length === 1 ? chunks[0] : concatBytes(chunks, size)) };
}

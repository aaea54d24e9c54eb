// The request body as text, read up to a size limit: from Node's request when served on a socket (no fetch `Request` is built), else from the `Request`.
import type { HttpBindings } from "@hono/node-server";
import { concatBytes } from "../data/bytes";

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
  const source: AsyncIterable<Uint8Array> | null = incoming ?? request.body;
  if (source === null) return { text: "" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > maxBytes) return TOO_LARGE;
    chunks.push(chunk);
  }
  return { text: decoder.decode(chunks.length === 1 ? chunks[0] : concatBytes(chunks, size)) };
}

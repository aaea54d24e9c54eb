// Turns the bytes of complete JSON values, held in pieces, into text for JSON.parse: fast when ASCII.

/** Node's Buffer, when there is one: its latin1 decoding is several times faster than TextDecoder's. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

// ignoreBOM: a BOM inside the answer is a character like any other (only the answer's first is skipped).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** ASCII bytes as text (the same as UTF-8 for bytes below 0x80). */
const asciiText: (bytes: Uint8Array) => string = NodeBuffer
  ? (bytes) => NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")
  : (bytes) => utf8.decode(bytes);

/**
 * The text of `pieces` followed by `last`, decoded as one UTF-8 sequence (a character may be cut
 * between pieces); `ascii` says every byte is below 0x80.
 */
export function textOf(pieces: readonly Uint8Array[], last: Uint8Array, ascii: boolean): string {
  if (ascii) {
    let text = "";
    for (const piece of pieces) text += asciiText(piece);
    return text + asciiText(last);
  }
  let text = "";
  for (const piece of pieces) text += utf8.decode(piece, { stream: true });
  return text + utf8.decode(last);
}

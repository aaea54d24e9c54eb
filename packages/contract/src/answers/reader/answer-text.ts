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
 * Node's `isAscii` (node:buffer, a vector scan), found without importing node:buffer so that the
 * contract bundles for browsers; undefined there and on Node before 20.16.
 */
const isAscii = (
  globalThis as {
    process?: {
      getBuiltinModule?: (name: string) => { isAscii?: (bytes: Uint8Array) => boolean } | undefined;
    };
  }
).process?.getBuiltinModule?.("node:buffer")?.isAscii;

/** Bytes scanned at once for a byte from 0x80 up: most blocks of an answer are ASCII, found so by `isAscii`. */
const BLOCK_BYTES = 512;

/**
 * UTF-8 bytes as text, as the decoder makes it: the ASCII stretches as latin1 (several times faster),
 * and each run of bytes from 0x80 up through the decoder. A run decodes alone as it does in place:
 * an ASCII byte always ends a character (or a broken sequence, U+FFFD) and is itself.
 */
function utf8Text(bytes: Uint8Array, ascii: (bytes: Uint8Array) => boolean): string {
  const latin = asciiText(bytes);
  if (ascii(bytes)) return latin;
  const n = bytes.length;
  let text = "";
  let from = 0; // the first byte not yet in `text`
  for (let block = 0; block < n; block += BLOCK_BYTES) {
    const end = Math.min(block + BLOCK_BYTES, n);
    if (end <= from || ascii(bytes.subarray(block, end))) continue;
    for (let i = Math.max(block, from); i < end; i += 1) {
      if ((bytes[i] as number) < 0x80) continue;
      let run = i + 1;
      while (run < n && (bytes[run] as number) >= 0x80) run += 1;
      text += latin.slice(from, i) + utf8.decode(bytes.subarray(i, run));
      from = run;
      i = run - 1;
    }
  }
  return text + latin.slice(from);
}

/** Whether no character is cut between the pieces: each ends with an ASCII byte. */
function wholePieces(pieces: readonly Uint8Array[]): boolean {
  for (const piece of pieces) if ((piece[piece.length - 1] ?? 0) >= 0x80) return false;
  return true;
}

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
  if (NodeBuffer && isAscii && wholePieces(pieces)) {
    let text = "";
    for (const piece of pieces) text += utf8Text(piece, isAscii);
    return text + utf8Text(last, isAscii);
  }
  let text = "";
  for (const piece of pieces) text += utf8.decode(piece, { stream: true });
  return text + utf8.decode(last);
}

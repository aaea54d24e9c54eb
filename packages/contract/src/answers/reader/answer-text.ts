// Turns the bytes of complete JSON values, held in pieces, into text for JSON.parse: fast when ASCII.

/** Node's Buffer, when there is one: its latin1 decoding is several times faster than TextDecoder's. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

// ignoreBOM: a BOM inside the answer is a character like any other (only the answer's first is skipped).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** ASCII bytes as text (the same as UTF-8 for bytes below 0x80). */
const asciiText: (bytes: Uint8Array) => string = NodeBuffer
  ? (bytes) => NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")
  : (bytes) => utf8.decode(bytes);

/** Runs of bytes from 0x80 up, in bytes read as latin1: the only bytes of UTF-8 that are not ASCII. */
const HIGH_RUNS = /[\x80-\xff]+/g;

/**
 * UTF-8 bytes as text, as the decoder makes it: the ASCII stretches as latin1 (several times faster),
 * and each run of bytes from 0x80 up through the decoder. A run decodes alone as it does in place:
 * an ASCII byte always ends a character (or a broken sequence, U+FFFD) and is itself.
 */
function utf8Text(bytes: Uint8Array): string {
  const latin = asciiText(bytes);
  HIGH_RUNS.lastIndex = 0;
  let run = HIGH_RUNS.exec(latin);
  if (run === null) return latin;
  let text = "";
  let from = 0;
  do {
    text +=
      latin.slice(from, run.index) + utf8.decode(bytes.subarray(run.index, HIGH_RUNS.lastIndex));
    from = HIGH_RUNS.lastIndex;
    run = HIGH_RUNS.exec(latin);
  } while (run !== null);
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
  if (NodeBuffer && wholePieces(pieces)) {
    let text = "";
    for (const piece of pieces) text += utf8Text(piece);
    return text + utf8Text(last);
  }
  let text = "";
  for (const piece of pieces) text += utf8.decode(piece, { stream: true });
  return text + utf8.decode(last);
}

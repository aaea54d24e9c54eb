// JSON texts joined by commas into pieces of about 64 KB: the inside of `data`, a piece at a time.

/** About this many characters go into each piece. */
const PIECE_CHARS = 64 * 1024;

/** `texts` joined by commas, as UTF-8 pieces of about 64 KB (none when there are no texts). */
export function* jsonPieces(texts: Iterable<string>): Generator<Uint8Array> {
  let piece = "";
  let first = true;
  for (const text of texts) {
    piece += first ? text : `,${text}`;
    first = false;
    if (piece.length >= PIECE_CHARS) {
      yield Buffer.from(piece);
      piece = "";
    }
  }
  if (piece !== "") yield Buffer.from(piece);
}

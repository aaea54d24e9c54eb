// Rows as the inside of `data`: their JSON texts separated by commas, a piece of about 64 KB at a time.

/** About this many bytes go into each piece. */
const PIECE_BYTES = 64 * 1024;

/** The JSON texts of `rows`, comma-separated, in pieces: for rows that come as objects. */
export function* encodeRows(rows: Iterable<object>): Generator<Uint8Array> {
  let piece = "";
  let first = true;
  for (const row of rows) {
    piece += (first ? "" : ",") + JSON.stringify(row);
    first = false;
    if (piece.length >= PIECE_BYTES) {
      yield Buffer.from(piece);
      piece = "";
    }
  }
  if (piece !== "") yield Buffer.from(piece);
}

// JSON texts joined by commas into pieces of about 64 KB: the inside of `data`, a piece at a time.

import type { RowTable } from "../memory/row-table";
import { allocBytes, bytesOf } from "./bytes";

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
      yield bytesOf(piece);
      piece = "";
    }
  }
  if (piece !== "") yield bytesOf(piece);
}

/** The JSON texts of rows of a table joined by commas, as pieces of about 64 KB, written in place. */
export function* jsonRowPieces(
  table: RowTable,
  rows: Iterable<number>,
  basic: boolean,
): Generator<Uint8Array> {
  const room = PIECE_CHARS + table.maxRowBytes + 1;
  let piece = allocBytes(room);
  let at = 0;
  let first = true;
  for (const row of rows) {
    if (!first) piece[at++] = 0x2c;
    first = false;
    at = table.writeJson(row, basic, piece, at);
    if (at >= PIECE_CHARS) {
      yield piece.subarray(0, at);
      piece = allocBytes(room);
      at = 0;
    }
  }
  if (at > 0) yield piece.subarray(0, at);
}

// Rows that come as objects as the inside of `data`: their JSON texts separated by commas, in pieces.
import { jsonPieces } from "../data/json-pieces";

function* stringified(rows: Iterable<object>): Generator<string> {
  for (const row of rows) yield JSON.stringify(row);
}

/** The JSON texts of `rows`, comma-separated, in pieces of about 64 KB. */
export function encodeRows(rows: Iterable<object>): Generator<Uint8Array> {
  return jsonPieces(stringified(rows));
}

// Rows that come as objects as the inside of `data`: their JSON texts separated by commas, in pieces.
import { jsonPieces } from "../data/json/json-pieces";

function* stringified(
  rows: Iterable<object>,
  onRows: ((rows: number) => void) | undefined,
): Generator<string> {
  let count = 0;
  for (const row of rows) {
    yield JSON.stringify(row);
    count += 1;
  }
  onRows?.(count);
}

/** The JSON texts of `rows`, comma-separated, in pieces of about 64 KB; `onRows` is told how many at the end. */
export function encodeRows(
  rows: Iterable<object>,
  onRows?: (rows: number) => void,
): Generator<Uint8Array> {
  return jsonPieces(stringified(rows, onRows));
}

// The rows a chunk completes, parsed with one JSON.parse; and the guess that spares scanning them.
import { AnswerSplitError, parseValue } from "./answer-split-error";
import { textOf } from "./answer-text";
import type { Carried } from "./carry";
import { type NdjsonLines, ndjsonLinesOf, pushRowTexts } from "./row-text";

const NOTHING: Carried = { pieces: [], ascii: true, offset: 0 };

/** The complete rows of one chunk, as byte bounds found by the scan, parsed at once by {@link flush}. */
export class RowRun {
  #start = -1;
  #end = 0;
  #carried = NOTHING;
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  /** How many rows the run holds. */
  get size(): number {
    return this.#ends.length;
  }

  /** Adds the row at bytes [start, end) of the chunk; the run's first row may go on from `carried`. */
  add(start: number, end: number, carried: Carried | undefined): void {
    if (this.#start < 0) {
      this.#start = start;
      this.#carried = carried ?? NOTHING;
    }
    this.#end = end;
    this.#starts.push(start);
    this.#ends.push(end);
  }

  /**
   * Parses the run's rows (`ascii`: every string byte of the chunk is below 0x80), and empties it;
   * `offset` is the chunk's in the answer, `index` the first row's; the rows' texts go onto `texts`
   * and their NDJSON lines onto `lines`, when given. Throws where a row is not JSON.
   */
  flush(
    chunk: Uint8Array,
    ascii: boolean,
    offset: number,
    index: number,
    texts?: (Uint8Array | undefined)[],
    lines?: NdjsonLines[],
  ): unknown[] {
    if (this.#start < 0) return [];
    const bytes = chunk.subarray(this.#start, this.#end);
    let rows: unknown[];
    try {
      rows = JSON.parse(`[${textOf(this.#carried.pieces, bytes, ascii && this.#carried.ascii)}]`);
    } catch {
      this.#locate(chunk, offset, index);
    }
    if (texts) pushRowTexts(this.#carried.pieces, bytes, rows, texts);
    if (lines) lines.push(ndjsonLinesOf(this.#carried.pieces, bytes, rows));
    this.#start = -1;
    this.#carried = NOTHING;
    this.#starts.length = 0;
    this.#ends.length = 0;
    return rows;
  }

  /** Parses the rows one by one to say which is not JSON, and where it starts. */
  #locate(chunk: Uint8Array, offset: number, index: number): never {
    for (let k = 0; k < this.#ends.length; k += 1) {
      const carried = k === 0 ? this.#carried : NOTHING;
      const start = this.#starts[k] as number;
      const at = carried.pieces.length > 0 ? carried.offset : offset + start;
      const text = textOf(carried.pieces, chunk.subarray(start, this.#ends[k]), false);
      parseValue(text, `row ${index + k} (from byte ${at})`);
    }
    throw new AnswerSplitError("invalid-json", `the rows before byte ${offset + this.#end}`);
  }
}

/**
 * Where the last row of the chunk that starts with `prefix` (`,{"firstKey":`) begins: the index of
 * its comma, or -1. Only a guess: the prefix may sit in a nested object; parsing the rows before it
 * tells (a text that parses as `[rows]` from a row's start can only end between rows).
 */
export function lastRowStart(chunk: Uint8Array, prefix: Uint8Array): number {
  const first = prefix[0];
  for (let i = chunk.length - prefix.length; i >= 0; i -= 1) {
    if (chunk[i] !== first) continue;
    let k = 1;
    while (k < prefix.length && chunk[i + k] === prefix[k]) k += 1;
    if (k === prefix.length) return i;
  }
  return -1;
}

/** The rows in `carried` then `bytes`, if they parse as rows; undefined if they do not. */
export function rowsIfWhole(carried: Carried, bytes: Uint8Array): unknown[] | undefined {
  try {
    return JSON.parse(`[${textOf(carried.pieces, bytes, false)}]`);
  } catch {
    return undefined;
  }
}

// The rows of a chunk that a RowBytesCheck passed, one after another: their NDJSON copied at once, no row parsed.
import type { NdjsonLines } from "./row-text";

const LINE_FEED = 0x0a;

/**
 * Rows passed by their bytes, back to back in one chunk, each row a comma after the one before; the
 * first may be a row begun in earlier chunks, whole in a buffer of its own.
 */
export class CheckedRun {
  #start = -1;
  #end = 0;
  readonly #ends: number[] = [];
  /** The first row, begun in earlier chunks, or undefined. */
  #joined: Uint8Array | undefined;

  /** How many rows the run holds. */
  get size(): number {
    return this.#ends.length + (this.#joined === undefined ? 0 : 1);
  }

  /** Whether the row at bytes [start, end) of the chunk goes on this run: none of the chunk's yet, or the row is one comma after its last. */
  continues(start: number): boolean {
    return this.#start < 0 || start === this.#end + 1;
  }

  /** Starts the (empty) run with a row begun in earlier chunks, whole in `row`. */
  addJoined(row: Uint8Array): void {
    this.#joined = row;
  }

  /** Adds the row at bytes [start, end) of the chunk (see {@link continues}). */
  add(start: number, end: number): void {
    if (this.#start < 0) this.#start = start;
    this.#end = end;
    this.#ends.push(end);
  }

  /** The run's NDJSON (one copy: each row's bytes and a line feed), and empties it. */
  flush(chunk: Uint8Array): NdjsonLines {
    const joined = this.#joined;
    const first = joined === undefined ? 0 : joined.length + 1;
    const start = this.#start;
    const size = start < 0 ? 0 : this.#end - start + 1;
    const bytes = new Uint8Array(first + size);
    const ends: number[] = [];
    if (joined !== undefined) {
      bytes.set(joined);
      bytes[joined.length] = LINE_FEED;
      ends.push(first);
    }
    if (start >= 0) {
      bytes.set(chunk.subarray(start, this.#end), first);
      for (const rowEnd of this.#ends) {
        const end = first + rowEnd - start;
        bytes[end] = LINE_FEED;
        ends.push(end + 1);
      }
    }
    this.#start = -1;
    this.#ends.length = 0;
    this.#joined = undefined;
    return { bytes, ends };
  }
}

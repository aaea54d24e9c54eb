// The JSON text of whole row lists, kept in a cache bounded by bytes: answering is then slicing.

import type { RowTable } from "../memory/row-table";
import { allocBytes } from "./bytes";

/** The JSON texts of a list of rows, joined by commas, and where each row starts. */
export interface JsonSegment {
  /** `row0,row1,…` as UTF-8. */
  readonly bytes: Uint8Array;
  /** Row `i` is `bytes[starts[i], starts[i + 1] - 1)`; `starts[length]` is `bytes.length + 1`. */
  readonly starts: Uint32Array;
}

/** The bytes kept by default: a few of the largest lists of the default dataset. */
export const DEFAULT_SEGMENT_CACHE_BYTES = 32 * 1024 * 1024;

/** Encodes a list of rows of a table as one segment, copying each row's values' texts into place. */
function encodeSegment(table: RowTable, rows: Uint32Array, basic: boolean): JsonSegment {
  const starts = new Uint32Array(rows.length + 1);
  let at = 0;
  for (let i = 0; i < rows.length; i += 1) {
    starts[i] = at;
    at += table.jsonBytes(rows[i] as number, basic) + 1;
  }
  starts[rows.length] = at;
  const bytes = allocBytes(Math.max(at - 1, 0));
  for (let i = 0; i < rows.length; i += 1) {
    const end = table.writeJson(rows[i] as number, basic, bytes, starts[i] as number);
    if (end < bytes.length) bytes[end] = 0x2c;
  }
  return { bytes, starts };
}

/**
 * Segments of row lists, least recently used dropped first once they hold more than `maxBytes`; a list
 * whose text alone would exceed a quarter of that is not kept (its rows are encoded as they are sent).
 */
export class JsonSegments {
  readonly #table: RowTable;
  readonly #maxBytes: number;
  readonly #segments = new Map<string, JsonSegment>();
  #bytes = 0;

  constructor(table: RowTable, maxBytes = DEFAULT_SEGMENT_CACHE_BYTES) {
    this.#table = table;
    this.#maxBytes = maxBytes;
  }

  /** The bytes the cache holds now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The segment of `rows` (named `key`), encoded now if not kept, or undefined when too large to keep. */
  get(
    key: string,
    rows: Uint32Array,
    basic: boolean,
    averageRowBytes: number,
  ): JsonSegment | undefined {
    const name = `${key}|${basic ? "basic" : "advanced"}`;
    const kept = this.#segments.get(name);
    if (kept) {
      this.#segments.delete(name);
      this.#segments.set(name, kept);
      return kept;
    }
    if (rows.length * averageRowBytes > this.#maxBytes / 4) return undefined;
    const segment = encodeSegment(this.#table, rows, basic);
    this.#segments.set(name, segment);
    this.#bytes += segment.bytes.length;
    for (const [oldest, { bytes }] of this.#segments) {
      if (this.#bytes <= this.#maxBytes || oldest === name) break;
      this.#segments.delete(oldest);
      this.#bytes -= bytes.length;
    }
    return segment;
  }
}

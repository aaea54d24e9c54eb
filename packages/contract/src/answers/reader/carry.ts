// The bytes of one incomplete value (a row, a key, another value), kept from chunk to chunk until it ends.

/** Bytes of one value from earlier chunks. */
export interface Carried {
  readonly pieces: readonly Uint8Array[];
  /** Every string byte in the pieces is below 0x80. */
  readonly ascii: boolean;
  /** The offset of its first byte in the answer. */
  readonly offset: number;
}

/** What is kept of an incomplete value: copies of its pieces (a chunk's buffer may be reused). */
export class Carry implements Carried {
  pieces: Uint8Array[] = [];
  bytes = 0;
  ascii = true;
  offset = 0;

  /** Keeps a copy of `chunk` from `start`; `offset` is the chunk's in the answer. */
  keep(chunk: Uint8Array, start: number, offset: number, ascii: boolean): void {
    if (this.bytes === 0) this.offset = offset + start;
    this.pieces.push(chunk.slice(start));
    this.bytes += chunk.length - start;
    this.ascii &&= ascii;
  }

  /** What was kept, which is then forgotten. */
  take(): Carried {
    const carried: Carried = { pieces: this.pieces, ascii: this.ascii, offset: this.offset };
    this.pieces = [];
    this.bytes = 0;
    this.ascii = true;
    return carried;
  }
}

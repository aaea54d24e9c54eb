// Bytes written into fixed-size pieces, for rows' JSON: plain ASCII strings char by char, whole numbers digit by digit.
import { allocBytes, bytesOf, writeUtf8 } from "./bytes";

/** Each piece is this many bytes (the last fewer): the streamed body's chunk size, so none is copied. */
export const PIECE_BYTES = 256 * 1024;
/** Room past a piece's end for the row that crosses it. */
const SLACK_BYTES = 8 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NULL = bytesOf("null");

/** Bytes written into pieces of {@link PIECE_BYTES}; plain ASCII strings are copied char by char. */
export class PieceWriter {
  piece = allocBytes(PIECE_BYTES + SLACK_BYTES);
  at = 0;

  /** Makes room for `bytes` more bytes. */
  room(bytes: number): void {
    if (this.at + bytes <= this.piece.length) return;
    const grown = allocBytes(Math.max(this.piece.length * 2, this.at + bytes));
    grown.set(this.piece.subarray(0, this.at));
    this.piece = grown;
  }

  /** Writes one byte. */
  byte(value: number): void {
    this.room(1);
    this.piece[this.at++] = value;
  }

  /** Writes bytes. */
  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    const { piece } = this;
    // A loop beats `set` for short texts.
    if (bytes.length > 48) piece.set(bytes, this.at);
    else for (let i = 0; i < bytes.length; i += 1) piece[this.at + i] = bytes[i] as number;
    this.at += bytes.length;
  }

  /** What `JSON.stringify(value)` writes; a string of printable ASCII without `"` or `\\` directly. */
  json(value: unknown): void {
    if (typeof value === "string" && value.length <= 256) {
      this.room(value.length + 2);
      const { piece } = this;
      let at = this.at;
      piece[at++] = QUOTE;
      for (let i = 0; i < value.length; i += 1) {
        const code = value.charCodeAt(i);
        if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) {
          this.text(value);
          return;
        }
        piece[at++] = code;
      }
      piece[at++] = QUOTE;
      this.at = at;
      return;
    }
    if (value === null) this.bytes(NULL);
    else if (typeof value === "number") this.number(value);
    else this.text(value);
  }

  /** What `JSON.stringify(value)` writes for a number: small whole ones digit by digit. */
  number(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 999_999_999) {
      this.text(value);
      return;
    }
    this.room(10);
    const { piece } = this;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
    let at = this.at + digits;
    this.at = at;
    let rest = value;
    do {
      piece[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /** `JSON.stringify(value)` as UTF-8. */
  text(value: unknown): void {
    const text = JSON.stringify(value);
    this.room(text.length * 3);
    this.at += writeUtf8(this.piece, text, this.at);
  }

  /** A whole piece (the bytes past it go on in a new one), or at the end what is left. */
  take(): Uint8Array {
    const full = Math.min(this.at, PIECE_BYTES);
    const taken = this.piece.subarray(0, full);
    const next = allocBytes(Math.max(PIECE_BYTES + SLACK_BYTES, this.at - full));
    next.set(this.piece.subarray(full, this.at));
    this.piece = next;
    this.at -= full;
    return taken;
  }
}

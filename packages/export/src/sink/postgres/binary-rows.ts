// A unit's rows in COPY's binary format, written straight into buffers: no CSV text to build, escape and encode here, nor for PostgreSQL to parse.

import { instantParser } from "@giosg-reporting/contract";
import type { ExportUnit } from "../../plan/units";
import { ndjsonText, UnitRowError } from "../../run/guarded-rows";
import { microseconds, TEXT_OID, unitPrefix, writeInt32, writeInt64 } from "./binary-values";
import { RowBytes } from "./row-bytes";
import { rowWriterOf } from "./row-writer";
import { ROW_COLUMNS } from "./table";

/** How many bytes a chunk gathers before it is handed to COPY: few messages, little memory. */
export const CHUNK = 256 * 1024;

/** The binary COPY header: its signature, flags (none) and header extension (none). */
const HEADER = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);
/** The end of the rows: a tuple of -1 fields. */
const TRAILER = Buffer.from([0xff, 0xff]);
/** Past this, an int64 is written from a BigInt. */
const INT64_LIMIT = 2 ** 63;

/** A text column's value that is not a string, as the CSV path wrote it: a number as it is, anything else as JSON. */
const textOf = (value: unknown) =>
  typeof value === "number" ? String(value) : String(JSON.stringify(value));

/** A value in an error: its JSON, cut. */
const shown = (value: unknown) => String(JSON.stringify(value)).slice(0, 100);

const WRITE_ROW = rowWriterOf(ROW_COLUMNS);
const NAMES = ROW_COLUMNS.map((column) => column.name);
/** The index of the row's time column: its time comes from the row guard's check when there is one. */
export const TIME_COLUMN = ROW_COLUMNS.findIndex((column) => column.sqlType === "timestamptz");
/** The name of the row's time column (`timestamp`), whose time {@link BinaryRows.row} may be given. */
export const TIME_COLUMN_NAME = ROW_COLUMNS[TIME_COLUMN]?.name;

/**
 * Writes a unit's rows as `COPY … FROM STDIN (FORMAT binary)` takes them, in the table's column order:
 * the unit's columns, then the row's. Texts are UTF-8 (ASCII byte by byte, the rest by Node), lists
 * `text[]`, the time int64 microseconds, integers int64, numbers float8; null and undefined are NULL.
 * A value its column cannot hold is a {@link UnitRowError} naming the row and the column.
 */
export class BinaryRows {
  #buffer: Buffer = Buffer.alloc(0);
  /** The same memory as {@link #buffer} as a plain Uint8Array: V8 stores bytes into it faster than into a Buffer. */
  #bytes: Uint8Array = new Uint8Array(0);
  #at: number;
  /** Bytes in the buffers before this one. */
  #base = 0;
  /** Full buffers, handed out by {@link take}. */
  #full: Buffer[] = [];
  readonly #prefix: Buffer;
  /** Writes rows from their bytes (one per unit: it holds on to the last buffers it read and wrote). */
  readonly #rowBytes = new RowBytes(ROW_COLUMNS, TIME_COLUMN);
  /** The time the check gave for the row being written (NaN: none). */
  #time = Number.NaN;
  /** Date.parse, cheaper for the API's form of instants. */
  readonly #parse = instantParser();
  /** The rows written so far; the one being written is `rows`. */
  rows = 0;

  constructor(workflowId: string, unit: ExportUnit) {
    this.#prefix = unitPrefix(workflowId, unit, ROW_COLUMNS.length);
    this.#use(Buffer.allocUnsafe(CHUNK));
    this.#at = HEADER.copy(this.#buffer, 0);
  }

  /** Writes one row; `time` is its time in ms when the row guard gave it (NaN otherwise). */
  row(row: object, time: number): void {
    const prefix = this.#prefix;
    this.#reserve(prefix.length);
    this.#buffer.set(prefix, this.#at);
    this.#at += prefix.length;
    // Only a number is a time (a check that returns nothing leaves the time to be parsed here).
    this.#time = typeof time === "number" ? time : Number.NaN;
    WRITE_ROW(this, row as Record<string, unknown>);
    this.rows += 1;
  }

  /**
   * Writes one row from its JSON text, `from`'s bytes `start` to before `end`: straight from the bytes
   * when it is in the compact form {@link RowBytes} reads, else parsed and written as {@link row} does.
   */
  rowText(from: Uint8Array, start: number, end: number, time: number): void {
    const prefix = this.#prefix;
    this.#reserve(prefix.length + this.#rowBytes.room(end - start));
    const bytes = this.#bytes;
    const at = this.#at;
    bytes.set(prefix, at);
    const written = this.#rowBytes.write(from, start, end, bytes, at + prefix.length, time);
    if (written >= 0) {
      this.#at = written;
      this.rows += 1;
      return;
    }
    let row: unknown;
    try {
      row = JSON.parse(ndjsonText(from.subarray(start, end)));
    } catch (error) {
      throw new UnitRowError(`row ${this.rows} is not JSON: ${(error as Error).message}`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row))
      throw new UnitRowError(`row ${this.rows} is not a JSON object: ${shown(row)}`);
    this.row(row, time);
  }

  /** Whether full chunks wait to be taken. */
  get ready(): boolean {
    return this.#full.length > 0;
  }

  /** The full chunks, each handed out once. */
  take(): Buffer[] {
    const full = this.#full;
    this.#full = [];
    return full;
  }

  /** The rest of the rows and the trailer: the last chunks. */
  finish(): Buffer[] {
    this.#reserve(TRAILER.length);
    this.#at += TRAILER.copy(this.#buffer, this.#at);
    this.#full.push(this.#buffer.subarray(0, this.#at));
    this.#use(Buffer.alloc(0));
    this.#at = 0;
    return this.take();
  }

  /** A `timestamptz` value: int64 microseconds since 2000-01-01. */
  timestamptz(value: unknown, column: number): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    const time =
      column === TIME_COLUMN && !Number.isNaN(this.#time)
        ? this.#time
        : typeof value === "string"
          ? this.#parse(value)
          : Number.NaN;
    if (Number.isNaN(time)) this.#refuse(column, value, "is not an instant");
    this.#reserve(12);
    writeInt32(this.#bytes, this.#at, 8);
    writeInt64(this.#bytes, this.#at + 4, microseconds(time, value as string));
    this.#at += 12;
  }

  /** A `bigint` value: a whole number as int64. */
  bigint(value: unknown, column: number): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) >= INT64_LIMIT)
      this.#refuse(column, value, "is not a whole number PostgreSQL's bigint holds");
    this.#reserve(12);
    writeInt32(this.#bytes, this.#at, 8);
    writeInt64(this.#bytes, this.#at + 4, Number.isSafeInteger(value) ? value : BigInt(value));
    this.#at += 12;
  }

  /** A `double precision` value: float8. */
  float8(value: unknown, column: number): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    if (typeof value !== "number") this.#refuse(column, value, "is not a number");
    this.#reserve(12);
    writeInt32(this.#bytes, this.#at, 8);
    // -0 as 0, as its text "0" was written before.
    this.#buffer.writeDoubleBE(value === 0 ? 0 : value, this.#at + 4);
    this.#at += 12;
  }

  /** A `text` value: its UTF-8 bytes (a value that is not a string as the CSV path wrote it). */
  text(value: unknown, column: number): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    this.#text(typeof value === "string" ? value : textOf(value), column);
  }

  /** A `text[]` value: one dimension (none when empty) of texts or NULLs. */
  textArray(value: unknown, column: number): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    if (!Array.isArray(value)) this.#refuse(column, value, "is not a list");
    const count = value.length;
    let nulls = 0;
    for (let index = 0; index < count; index += 1)
      if (value[index] === null || value[index] === undefined) nulls = 1;
    this.#reserve(count === 0 ? 16 : 24);
    // The field's length goes first: it is written once its elements are, where this buffer holds it.
    const lengthIn = this.#bytes;
    const lengthAt = this.#at;
    const start = this.#base + lengthAt + 4;
    const buffer = this.#bytes;
    writeInt32(buffer, lengthAt + 4, count === 0 ? 0 : 1);
    writeInt32(buffer, lengthAt + 8, nulls);
    writeInt32(buffer, lengthAt + 12, TEXT_OID);
    this.#at += 16;
    if (count > 0) {
      writeInt32(buffer, this.#at, count);
      writeInt32(buffer, this.#at + 4, 1);
      this.#at += 8;
    }
    for (let index = 0; index < count; index += 1) {
      const element = value[index];
      if (element === null || element === undefined) this.#null();
      else this.#text(typeof element === "string" ? element : String(element), column);
    }
    writeInt32(lengthIn, lengthAt, this.#base + this.#at - start);
  }

  /** A NULL field. */
  #null(): void {
    this.#reserve(4);
    writeInt32(this.#bytes, this.#at, -1);
    this.#at += 4;
  }

  /** A text's length and UTF-8 bytes: ASCII copied byte by byte, from the first other character on by Node. */
  #text(text: string, column: number): void {
    const length = text.length;
    this.#reserve(4 + length);
    const bytes = this.#bytes;
    const lengthAt = this.#at;
    let at = lengthAt + 4;
    let index = 0;
    for (; index < length; index += 1) {
      const code = text.charCodeAt(index);
      if (code >= 0x80 || code === 0) break;
      bytes[at] = code;
      at += 1;
    }
    if (index < length) {
      const rest = text.slice(index);
      if (rest.includes("\0"))
        this.#refuse(
          column,
          text,
          "holds a NUL character (\\u0000), which PostgreSQL's text cannot",
        );
      const bytes = Buffer.byteLength(rest, "utf8");
      if (at + bytes > this.#buffer.length) at = this.#move(lengthAt, at, bytes);
      at += this.#buffer.write(rest, at, "utf8");
    }
    writeInt32(this.#bytes, this.#at, at - this.#at - 4);
    this.#at = at;
  }

  /** Moves the field begun at `from` (written up to `at`) to a new buffer with room for `more` bytes; returns where it goes on. */
  #move(from: number, at: number, more: number): number {
    const begun = this.#buffer.subarray(from, at);
    const next = Buffer.allocUnsafe(Math.max(CHUNK, begun.length + more));
    begun.copy(next, 0);
    this.#push(from);
    this.#use(next);
    this.#at = 0;
    return begun.length;
  }

  /** Makes room for `bytes` more: the buffer, when they do not fit, is full and a new one begun. */
  #reserve(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    this.#push(this.#at);
    this.#use(Buffer.allocUnsafe(Math.max(CHUNK, bytes)));
    this.#at = 0;
  }

  /** Writes on into `buffer` from now on. */
  #use(buffer: Buffer): void {
    this.#buffer = buffer;
    this.#bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }

  /** Hands the buffer's first `end` bytes out as full. */
  #push(end: number): void {
    if (end > 0) this.#full.push(this.#buffer.subarray(0, end));
    this.#base += end;
  }

  /** Throws the {@link UnitRowError} of a value its column cannot hold. */
  #refuse(column: number, value: unknown, why: string): never {
    throw new UnitRowError(`row ${this.rows}'s ${NAMES[column]} ${shown(value)} ${why}`);
  }
}

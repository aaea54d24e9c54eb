// A row's check against the contract read from its bytes as sent, never parsed: compact rows with the schema's keys in order pass; any other row is left to JSON.parse.
import { z } from "zod/v3";
import { compileCheck, HEX_DIGIT as HEX } from "../compile-check";
import { digitAt, integerEnd, numberEnd } from "./number-bytes";
import { type Column, columnOf, Kind } from "./row-columns";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;

/** 1 for the bytes that may follow a backslash in a JSON string (`u` is read apart). */
const ESCAPE = new Uint8Array(256);
for (const letter of '"\\/bfnrt') ESCAPE[letter.charCodeAt(0)] = 1;

/**
 * Checks rows from their bytes: {@link check} says whether the row starting at a `{` is whole in the
 * bytes, written compactly (no whitespace) with exactly the schema's keys in its order, each value of
 * its column's kind, and so would pass the schema once parsed. It says only yes or "not from bytes":
 * a row it does not take may still be valid, and is for JSON.parse and the schema to judge. One
 * instance reads one answer (it remembers the last uuid and day it passed).
 */
export class RowBytesCheck {
  /** The time (ms since the epoch) of the last row that passed, from its time column. */
  time = Number.NaN;
  /** Whether the last row that passed has bytes of 0x80 or more in a string (to check as UTF-8). */
  nonAscii = false;
  readonly #columns: readonly Column[];
  readonly #timeColumn: number;
  readonly #instant: (value: unknown) => boolean;
  /** Per column, the last uuid that passed (36 bytes), and whether there is one. */
  readonly #uuids: Uint8Array[];
  readonly #hasUuid: boolean[];
  /** The last day (`YYYY-MM-DDT`) whose instant passed, and that day's start in ms. */
  readonly #day = new Uint8Array(11);
  #dayStart = Number.NaN;
  #valueTime = Number.NaN;
  /** Whether a string of the row being read so far has a byte of 0x80 or more. */
  #high = false;

  constructor(
    columns: readonly Column[],
    timeColumn: number,
    instant: (value: unknown) => boolean,
  ) {
    this.#columns = columns;
    this.#timeColumn = timeColumn;
    this.#instant = instant;
    this.#uuids = columns.map(() => new Uint8Array(36));
    this.#hasUuid = columns.map(() => false);
  }

  /**
   * The index just past the row's `}` when the row from `start` (its `{`) to before `end` passes, or
   * -1 (not whole before `end`, or not in the form read from bytes). On a pass, {@link time} and
   * {@link nonAscii} describe it.
   */
  check(bytes: Uint8Array, start: number, end: number): number {
    let i = start;
    let time = Number.NaN;
    this.#high = false;
    const columns = this.#columns;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let k = 0; k < columns.length; k += 1) {
      const column = columns[k] as Column;
      const key = column.key;
      const length = key.length;
      if (i + length >= end) return -1;
      const words = column.words;
      for (let w = 0; w < words.length; w += 1)
        if (view.getInt32(i + w * 4, true) !== words[w]) return -1;
      for (let j = words.length * 4; j < length; j += 1) if (bytes[i + j] !== key[j]) return -1;
      i += length;
      if (column.nullable && bytes[i] === 0x6e) {
        // null
        if (i + 4 > end || bytes[i + 1] !== 0x75 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x6c)
          return -1;
        i += 4;
        continue;
      }
      if (column.array) {
        if (bytes[i] !== OPEN_BRACKET) return -1;
        i += 1;
        if (i >= end) return -1;
        if (bytes[i] === CLOSE_BRACKET) {
          i += 1;
          continue;
        }
        for (;;) {
          i = this.#value(bytes, i, end, k);
          if (i < 0 || i >= end) return -1;
          const next = bytes[i];
          i += 1;
          if (next === CLOSE_BRACKET) break;
          if (next !== COMMA) return -1;
        }
        continue;
      }
      i = this.#value(bytes, i, end, k);
      if (i < 0) return -1;
      if (k === this.#timeColumn) time = this.#valueTime;
    }
    if (i >= end || bytes[i] !== CLOSE_BRACE) return -1;
    this.time = time;
    this.nonAscii = this.#high;
    return i + 1;
  }

  /** The index past one value of column `k`'s kind at `i`, or -1. */
  #value(bytes: Uint8Array, i: number, end: number, k: number): number {
    const column = this.#columns[k] as Column;
    switch (column.kind) {
      case Kind.Text:
        return this.#text(bytes, i, end);
      case Kind.Uuid:
        return this.#uuid(bytes, i, end, k);
      case Kind.Instant:
        return this.#instantAt(bytes, i, end);
      case Kind.Integer:
        return integerEnd(bytes, i, end);
      default:
        return numberEnd(bytes, i, end);
    }
  }

  /** A JSON string: its escapes valid, no control byte; a byte of 0x80 or more sets {@link #high}. */
  #text(bytes: Uint8Array, from: number, end: number): number {
    if (bytes[from] !== QUOTE) return -1;
    let high = 0;
    for (let i = from + 1; i < end; i += 1) {
      const c = bytes[i] as number;
      if (c === QUOTE) {
        if (high >= 0x80) this.#high = true;
        return i + 1;
      }
      if (c < 0x20) return -1;
      if (c === BACKSLASH) {
        if (i + 1 >= end) return -1;
        const e = bytes[i + 1] as number;
        if (e === 0x75) {
          if (i + 6 >= end) return -1;
          if (!(HEX[bytes[i + 2] as number] && HEX[bytes[i + 3] as number])) return -1;
          if (!(HEX[bytes[i + 4] as number] && HEX[bytes[i + 5] as number])) return -1;
          i += 5;
        } else if (ESCAPE[e] === 1) i += 1;
        else return -1;
      } else high |= c;
    }
    return -1;
  }

  /** A uuid: 36 bytes between quotes, dashes at 8, 13, 18 and 23 and hex digits elsewhere. */
  #uuid(bytes: Uint8Array, i: number, end: number, k: number): number {
    if (i + 38 > end || bytes[i] !== QUOTE || bytes[i + 37] !== QUOTE) return -1;
    const last = this.#uuids[k] as Uint8Array;
    const from = i + 1;
    if (this.#hasUuid[k]) {
      let same = true;
      for (let j = 0; j < 36; j += 1)
        if (bytes[from + j] !== last[j]) {
          same = false;
          break;
        }
      if (same) return i + 38;
    }
    for (let j = 0; j < 36; j += 1) {
      const b = bytes[from + j] as number;
      if (j === 8 || j === 13 || j === 18 || j === 23) {
        if (b !== MINUS) return -1;
      } else if (HEX[b] !== 1) return -1;
    }
    last.set(bytes.subarray(from, from + 36));
    this.#hasUuid[k] = true;
    return i + 38;
  }

  /**
   * An instant `YYYY-MM-DDTHH:mm:ss.sssZ` between quotes: a day not seen before is checked by the
   * schema's own check (once a day), the time of day digit by digit; its ms go to {@link #valueTime}.
   */
  #instantAt(bytes: Uint8Array, i: number, end: number): number {
    if (i + 26 > end || bytes[i] !== QUOTE || bytes[i + 25] !== QUOTE) return -1;
    const t = i + 1;
    const day = this.#day;
    let sameDay = !Number.isNaN(this.#dayStart);
    for (let j = 0; j < 11 && sameDay; j += 1) if (bytes[t + j] !== day[j]) sameDay = false;
    const h1 = digitAt(bytes, t + 11);
    const h2 = digitAt(bytes, t + 12);
    const m1 = digitAt(bytes, t + 14);
    const m2 = digitAt(bytes, t + 15);
    const s1 = digitAt(bytes, t + 17);
    const s2 = digitAt(bytes, t + 18);
    const f1 = digitAt(bytes, t + 20);
    const f2 = digitAt(bytes, t + 21);
    const f3 = digitAt(bytes, t + 22);
    if ((h1 | h2 | m1 | m2 | s1 | s2 | f1 | f2 | f3) < 0) return -1;
    if (h1 > 2 || (h1 === 2 && h2 > 3) || m1 > 5 || s1 > 5) return -1;
    if (bytes[t + 13] !== COLON || bytes[t + 16] !== COLON) return -1;
    if (bytes[t + 19] !== DOT || bytes[t + 23] !== 0x5a) return -1;
    if (!sameDay) {
      let text = "";
      for (let j = 0; j < 24; j += 1) {
        const b = bytes[t + j] as number;
        if (b >= 0x80) return -1;
        text += String.fromCharCode(b);
      }
      if (!this.#instant(text)) return -1;
      day.set(bytes.subarray(t, t + 11));
      this.#dayStart = Date.parse(`${text.slice(0, 11)}00:00:00.000Z`);
    }
    this.#valueTime =
      this.#dayStart +
      (h1 * 10 + h2) * 3_600_000 +
      (m1 * 10 + m2) * 60_000 +
      (s1 * 10 + s2) * 1000 +
      f1 * 100 +
      f2 * 10 +
      f3;
    return i + 26;
  }
}

/**
 * Makes a {@link RowBytesCheck} for each answer with rows of `schema` whose time is read from
 * `timeColumn`; undefined when the schema has a column whose values are not of a kind read from
 * bytes (strings plain, uuid or instant; numbers plain or integer; nullable; arrays of those), or
 * `timeColumn` is not one of its instant columns.
 */
export function rowBytesCheckOf(
  schema: z.ZodObject<z.ZodRawShape>,
  timeColumn: string,
): (() => RowBytesCheck) | undefined {
  if (!(schema._def.catchall instanceof z.ZodNever)) return undefined;
  const names = Object.keys(schema.shape);
  const columns: Column[] = [];
  for (const [k, name] of names.entries()) {
    const column = columnOf(name, schema.shape[name] as z.ZodTypeAny, k === 0);
    if (column === undefined) return undefined;
    columns.push(column);
  }
  const time = names.indexOf(timeColumn);
  const timed = columns[time];
  if (timed === undefined || timed.kind !== Kind.Instant || timed.nullable || timed.array)
    return undefined;
  const instant = compileCheck(schema.shape[timeColumn] as z.ZodTypeAny);
  return () => new RowBytesCheck(columns, time, instant);
}

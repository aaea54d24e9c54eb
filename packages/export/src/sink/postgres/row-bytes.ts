// A row's JSON text, as the API sent it compactly, written straight into COPY's binary form: no row object, no string, no UTF-8 encoding; any other form is left to JSON.parse.
import { integerEnd } from "@giosg-reporting/contract";
import { microseconds, TEXT_OID, writeInt32, writeInt64 } from "./binary-values";
import type { SqlColumn } from "./table";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** How a column's JSON value becomes its binary field. */
enum Kind {
  Text = 0,
  TextList = 1,
  Whole = 2,
  Float = 3,
  Time = 4,
}

const KINDS: Readonly<Record<string, Kind>> = {
  text: Kind.Text,
  "text[]": Kind.TextList,
  bigint: Kind.Whole,
  "double precision": Kind.Float,
  timestamptz: Kind.Time,
};

/** The bytes a row's field may take beyond its JSON text's: an int64 where the JSON had one digit. */
const MOST_GROWTH_PER_COLUMN = 24;

/**
 * Writes rows given as JSON text into COPY's binary form, when the text is compact (no whitespace)
 * with exactly the columns' keys in their order, texts without escapes, whole numbers of at most
 * 15 digits (as the contract's `integerEnd` reads them), lists of such texts or null, and the time
 * column's instant in the API's form (24 characters) with its time given. Any other text it leaves alone (-1), for JSON.parse and the
 * object writer: the same row written either way gives the same bytes.
 */
export class RowBytes {
  readonly #keys: Uint8Array[];
  /**
   * Each key's bytes as float64 words: of its bytes from 0, 8, 16… and, last, of its last 8 bytes (a
   * key shorter than 8 bytes has none, and is compared byte by byte). Words of text are neither NaN
   * nor zero, so equal floats are equal bytes.
   */
  readonly #words: Float64Array[];
  readonly #kinds: Kind[];
  readonly #timeColumn: number;
  /** Where {@link #text} and {@link #list} ended their field in `to`. */
  #textEnd = 0;
  #listEnd = 0;
  /** The last rows' and output's bytes, and a view of each (made once for each buffer). */
  #from: Uint8Array | undefined;
  #fromView: DataView = new DataView(new ArrayBuffer(0));
  #to: Uint8Array | undefined;
  #toView: DataView = new DataView(new ArrayBuffer(0));

  /** `timeColumn`: the index of the `timestamptz` column whose time {@link write} is given (-1: none). */
  constructor(columns: readonly SqlColumn[], timeColumn: number) {
    this.#keys = columns.map((column, index) =>
      Buffer.from(`${index === 0 ? "{" : ","}${JSON.stringify(column.name)}:`, "utf8"),
    );
    this.#words = this.#keys.map((key) => {
      const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
      const count = key.length < 8 ? 0 : Math.ceil(key.length / 8);
      return Float64Array.from({ length: count }, (_, w) =>
        view.getFloat64(w === count - 1 ? key.length - 8 : w * 8, true),
      );
    });
    this.#kinds = columns.map((column) => {
      const kind = KINDS[column.sqlType];
      if (kind === undefined) throw new Error(`no binary COPY writer for ${column.sqlType}`);
      return kind;
    });
    this.#timeColumn = timeColumn;
  }

  /** The most bytes {@link write} adds for a row of `length` bytes of JSON. */
  room(length: number): number {
    return 2 * length + MOST_GROWTH_PER_COLUMN * this.#kinds.length;
  }

  /**
   * Writes the fields of the row whose JSON is `from`'s bytes `start` (its `{`) to before `end` into
   * `to` at `at` (with {@link room} bytes free), `time` being its time column's ms (NaN: not known).
   * Returns where its fields end in `to`, or -1 when the text is not in the form read here (what was
   * written into `to` then means nothing). The row's `}` must be its last byte before `end`.
   */
  write(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number, time: number) {
    const keys = this.#keys;
    const kinds = this.#kinds;
    const allWords = this.#words;
    if (from !== this.#from) {
      this.#from = from;
      this.#fromView = new DataView(from.buffer, from.byteOffset, from.byteLength);
    }
    if (to !== this.#to) {
      this.#to = to;
      this.#toView = new DataView(to.buffer, to.byteOffset, to.byteLength);
    }
    const view = this.#fromView;
    const toView = this.#toView;
    let i = start;
    let o = at;
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k] as Uint8Array;
      const length = key.length;
      if (i + length >= end) return -1;
      const words = allWords[k] as Float64Array;
      const last = words.length - 1;
      if (last >= 0) {
        for (let w = 0; w < last; w += 1)
          if (view.getFloat64(i + w * 8, true) !== words[w]) return -1;
        if (view.getFloat64(i + length - 8, true) !== words[last]) return -1;
      } else for (let j = 0; j < length; j += 1) if (from[i + j] !== key[j]) return -1;
      i += length;
      if (from[i] === 0x6e) {
        if (!isNull(from, i, end)) return -1;
        writeInt32(to, o, -1);
        o += 4;
        i += 4;
        continue;
      }
      switch (kinds[k]) {
        case Kind.Text: {
          i = this.#text(from, i, end, to, o);
          if (i < 0) return -1;
          o = this.#textEnd;
          break;
        }
        case Kind.TextList: {
          i = this.#list(from, i, end, to, o);
          if (i < 0) return -1;
          o = this.#listEnd;
          break;
        }
        case Kind.Whole:
        case Kind.Float: {
          const close = integerEnd(from, i, end);
          if (close < 0) return -1;
          const value = wholeOf(from, i, close);
          writeInt32(to, o, 8);
          if (kinds[k] === Kind.Whole) writeInt64(to, o + 4, value);
          else toView.setFloat64(o + 4, value);
          o += 12;
          i = close;
          break;
        }
        default: {
          // The time column's instant in the API's form, whose ms the caller read from it.
          if (k !== this.#timeColumn || Number.isNaN(time)) return -1;
          if (i + 26 > end || from[i] !== QUOTE || from[i + 25] !== QUOTE) return -1;
          if (!apiInstant(from, i + 1)) return -1;
          writeInt32(to, o, 8);
          writeInt64(to, o + 4, microseconds(time, undefined));
          o += 12;
          i += 26;
        }
      }
    }
    if (i !== end - 1 || from[i] !== CLOSE_BRACE) return -1;
    return o;
  }

  /**
   * Copies the JSON string at `i` into a text field at `o` (its length, then its bytes), four bytes at
   * a time while none of them is a quote, a backslash or a control byte; returns the index past its
   * closing quote (its field's end in {@link #textEnd}), or -1 when it has an escape or a control byte.
   */
  #text(from: Uint8Array, i: number, end: number, to: Uint8Array, o: number): number {
    const view = this.#fromView;
    const toView = this.#toView;
    if (from[i] !== QUOTE) return -1;
    let j = i + 1;
    let p = o + 4;
    for (; j + 4 <= end; j += 4, p += 4) {
      const x = view.getInt32(j, true);
      const quote = x ^ 0x22222222;
      const backslash = x ^ 0x5c5c5c5c;
      // A byte of the word is a quote or a backslash (xor zero), or under 0x20: its top bit set here.
      const special =
        ((quote - 0x01010101) & ~quote) |
        ((backslash - 0x01010101) & ~backslash) |
        ((x - 0x20202020) & ~x);
      if ((special & 0x80808080) !== 0) break;
      toView.setInt32(p, x, true);
    }
    for (; j < end; j += 1, p += 1) {
      const c = from[j] as number;
      if (c === QUOTE) {
        writeInt32(to, o, p - o - 4);
        this.#textEnd = p;
        return j + 1;
      }
      if (c === BACKSLASH || c < 0x20) return -1;
      to[p] = c;
    }
    return -1;
  }

  /** A list of texts or nulls at `i` as a `text[]` field at `o`; returns the index past its `]` (its field's end in {@link #listEnd}), or -1. */
  #list(from: Uint8Array, i: number, end: number, to: Uint8Array, o: number): number {
    if (from[i] !== OPEN_BRACKET || i + 1 >= end) return -1;
    if (from[i + 1] === CLOSE_BRACKET) {
      // No dimension: the field is its header alone.
      writeInt32(to, o, 12);
      writeInt32(to, o + 4, 0);
      writeInt32(to, o + 8, 0);
      writeInt32(to, o + 12, TEXT_OID);
      this.#listEnd = o + 16;
      return i + 2;
    }
    let p = o + 24;
    let count = 0;
    let nulls = 0;
    let j = i + 1;
    for (;;) {
      if (from[j] === 0x6e) {
        if (!isNull(from, j, end)) return -1;
        writeInt32(to, p, -1);
        p += 4;
        j += 4;
        nulls = 1;
      } else {
        j = this.#text(from, j, end, to, p);
        if (j < 0) return -1;
        p = this.#textEnd;
      }
      count += 1;
      if (j >= end) return -1;
      const next = from[j];
      j += 1;
      if (next === CLOSE_BRACKET) break;
      if (next !== COMMA) return -1;
    }
    writeInt32(to, o, p - o - 4);
    writeInt32(to, o + 4, 1);
    writeInt32(to, o + 8, nulls);
    writeInt32(to, o + 12, TEXT_OID);
    writeInt32(to, o + 16, count);
    writeInt32(to, o + 20, 1);
    this.#listEnd = p;
    return j;
  }
}

/** Whether the bytes at `i` (an `n`) are `null`, whole before `end`. */
const isNull = (from: Uint8Array, i: number, end: number) =>
  i + 4 <= end && from[i + 1] === 0x75 && from[i + 2] === 0x6c && from[i + 3] === 0x6c;

/** The API's form of an instant, `d` a digit: `2022-11-01T10:45:54.123Z`. */
const INSTANT_FORM = Uint8Array.from("dddd-dd-ddTdd:dd:dd.dddZ", (c) =>
  c === "d" ? 0 : c.charCodeAt(0),
);

/** Whether the 24 bytes at `at` are an instant's in the API's form (digits not checked past being digits). */
function apiInstant(from: Uint8Array, at: number): boolean {
  for (let j = 0; j < 24; j += 1) {
    const want = INSTANT_FORM[j] as number;
    const c = from[at + j] as number;
    if (want === 0 ? c < ZERO || c > NINE : c !== want) return false;
  }
  return true;
}

/** The value of the whole number from `i` to before `close` (read by `integerEnd`); -0 is 0. */
function wholeOf(from: Uint8Array, i: number, close: number): number {
  const negative = from[i] === MINUS;
  let value = 0;
  for (let j = negative ? i + 1 : i; j < close; j += 1)
    value = value * 10 + (from[j] as number) - ZERO;
  return negative && value !== 0 ? -value : value;
}

// Splits a streamed step answer `{"fields": [...], "data": [row, ...]}` into parsed rows chunk by chunk,
// holding at most one incomplete value (bounded by a cap) between chunks, whatever the server sends.
import { AnswerSplitError, parseValue, type SplitFailure } from "./answer-split-error";
import { isSpace, nextWhere, Where } from "./answer-structure";
import { textOf } from "./answer-text";
import { Carry } from "./carry";
import { CheckedRun } from "./checked-run";
import type { RowBytesCheck } from "./row-bytes-check";
import { lastRowStart, RowRun, rowsIfWhole } from "./row-run";
import {
  isUtf8,
  joined,
  joinedLines,
  type NdjsonLines,
  NO_LINES,
  ndjsonLinesOf,
  pushRowTexts,
} from "./row-text";
import { ValueScan } from "./value-scan";

export { AnswerSplitError, type SplitFailure } from "./answer-split-error";

/** Options: the largest single value (a row, `fields`, or a skipped value) in bytes; whether rows' texts are kept. */
export interface AnswerSplitterOptions {
  /** The largest single value (a row, `fields`, a skipped value, a key) in bytes. */
  readonly maxValueBytes: number;
  /** Keep each row's own bytes, read by {@link AnswerSplitter.rowTexts} after each `write` (default false). */
  readonly rowText?: boolean;
  /** Make the rows' NDJSON from their own bytes, read by {@link AnswerSplitter.ndjson} after each `write` (default false). */
  readonly ndjson?: boolean;
  /**
   * Checks rows from their bytes (called once, when `data` starts, with `fields` if it came first):
   * a row the check passes is not parsed. `write` returns `undefined` in its place and its time in
   * {@link AnswerSplitter.times}; its text and NDJSON are its bytes as sent. Rows it does not pass are
   * parsed as without it.
   */
  readonly rowCheck?: (fields: unknown) => RowBytesCheck | undefined;
}

/** How many names of unknown top-level keys are kept: a hostile answer could send millions. */
export const MAX_EXTRA_KEYS = 64;

const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BOM = [0xef, 0xbb, 0xbf];
/** After this many wrong guesses of where rows end, every byte is scanned. */
const MAX_WRONG_GUESSES = 8;

const { start: START, key: KEY, nextKey: NEXT_KEY, values: VALUES, afterValue, done: DONE } = Where;

/**
 * Splits a streamed answer: `write` each chunk and get the rows it completes, parsed; `end` at the end.
 * Value boundaries are found by a byte scan (depth, strings, escapes) and the complete rows of a chunk
 * parsed with one `JSON.parse`; once rows are known to start with `{"firstKey":`, the scan guesses the
 * last row start of a chunk and lets that parse check the guess. Only the incomplete value at a chunk's
 * end is kept for the next one, and never more than `maxValueBytes` of it.
 */
export class AnswerSplitter {
  readonly #max: number;
  #state: number = START;
  #offset = 0; // bytes before the current chunk
  #bom = 0; // bytes of a BOM skipped at the start
  #failure: AnswerSplitError | undefined;
  #key = "";
  #inData = false; // VALUES holds data's rows, not one other value
  #fieldsSeen = false;
  #fields: unknown;
  #dataSeen = false;
  #rowsAfterComma = false; // the last thing in data was a `,`: `]` now would be a trailing comma
  readonly #extraKeys: string[] = [];
  readonly #scan = new ValueScan(); // the value being scanned
  // An incomplete value (or key) carried over from earlier chunks.
  readonly #carry = new Carry();
  readonly #run = new RowRun();
  #rows = 0; // rows handed out so far
  #out: unknown[] = [];
  #rowPrefix: Uint8Array | undefined; // `,{"firstKey":`, once the first row has shown its first key
  #wrongGuesses = 0;
  readonly #rowText: boolean;
  #texts: (Uint8Array | undefined)[] = [];
  readonly #ndjson: boolean;
  /** The lines of this write's runs of rows, joined when read. */
  #lineRuns: NdjsonLines[] = [];
  readonly #rowCheckOf: ((fields: unknown) => RowBytesCheck | undefined) | undefined;
  /** The check of this answer's rows from their bytes, once data has started. */
  #check: RowBytesCheck | undefined;
  readonly #checked = new CheckedRun();
  #times: number[] = [];

  constructor(options: AnswerSplitterOptions) {
    if (!(Number.isSafeInteger(options.maxValueBytes) && options.maxValueBytes > 0))
      throw new RangeError(
        `maxValueBytes must be a positive integer, not ${options.maxValueBytes}`,
      );
    this.#max = options.maxValueBytes;
    this.#rowText = options.rowText === true;
    this.#ndjson = options.ndjson === true;
    this.#rowCheckOf = options.rowCheck;
  }

  /**
   * With `rowCheck`, the times (ms) of the rows the last `write` returned, in the same order: each
   * passed row's time as its check read it, NaN for a row that was parsed. Empty without `rowCheck`.
   */
  get times(): readonly number[] {
    return this.#times;
  }

  /**
   * With `rowText`, the texts of the rows the last `write` returned, in the same order: each row's
   * bytes as sent (views of the chunk or of kept copies: read them before the chunk changes), or
   * `undefined` where they cannot be one NDJSON line as they are (not valid UTF-8, a line break
   * between the row's values), for which the row's `JSON.stringify` stands. Empty without `rowText`.
   */
  get rowTexts(): readonly (Uint8Array | undefined)[] {
    return this.#texts;
  }

  /**
   * With `ndjson`, the NDJSON of the rows the last `write` returned: each row's bytes as sent and a
   * line feed (its `JSON.stringify` where its bytes cannot be one line, as {@link rowTexts} says), with
   * where each row's line ends. Empty without `ndjson`.
   */
  get ndjson(): NdjsonLines {
    if (this.#lineRuns.length > 1) this.#lineRuns = [joinedLines(this.#lineRuns)];
    return this.#lineRuns[0] ?? NO_LINES;
  }

  /** `fields` once read (parsed), else undefined. */
  get fields(): unknown {
    return this.#fields;
  }

  /** Whether the `data` array has been seen to start. */
  get dataStarted(): boolean {
    return this.#dataSeen;
  }

  /** Top-level keys other than `fields` and `data` seen so far (their values are skipped; at most 64 names). */
  get extraKeys(): readonly string[] {
    return this.#extraKeys;
  }

  /** Feeds the next bytes; returns the rows they complete, parsed, in order (often many per chunk). */
  write(chunk: Uint8Array): unknown[] {
    if (this.#failure) throw this.#failure;
    try {
      return this.#write(chunk);
    } catch (error) {
      if (error instanceof AnswerSplitError) this.#failure = error;
      throw error;
    }
  }

  /** Ends the input: throws AnswerSplitError if the answer is incomplete or trailing bytes follow. */
  end(): void {
    if (this.#failure) throw this.#failure;
    if (this.#state !== DONE)
      this.#fail("invalid-json", `the answer ends early, at byte ${this.#offset}`);
    if (!this.#dataSeen) this.#fail("shape", "the answer has no data");
    if (!this.#fieldsSeen) this.#fail("shape", "the answer has no fields");
  }

  #fail(reason: SplitFailure, message: string): never {
    this.#failure = new AnswerSplitError(reason, message);
    throw this.#failure;
  }

  #write(chunk: Uint8Array): unknown[] {
    this.#out = [];
    if (this.#rowText) this.#texts = [];
    if (this.#ndjson) this.#lineRuns = [];
    if (this.#rowCheckOf) this.#times = [];
    const scan = this.#scan;
    scan.ascii = 0;
    scan.start = this.#carry.bytes > 0 ? 0 : -1; // a value carried over goes on from byte 0
    const n = chunk.length;
    let i = this.#guessRows(chunk);
    while (i < n) {
      if (this.#state === VALUES) {
        if (this.#check && this.#inData && scan.start < 0 && this.#carry.bytes === 0) {
          while (i < n && isSpace(chunk[i] as number)) i += 1;
          const next = i < n ? this.#checkedRow(chunk, i) : -1;
          if (next >= 0) {
            i = next;
            continue;
          }
        }
        i = scan.scan(chunk, i);
        if (i < n) i = this.#endValue(chunk, i);
      } else if (this.#state === KEY) i = this.#readKey(chunk, i);
      else i = this.#step(chunk, i);
    }
    this.#flushChecked(chunk);
    this.#flushRun(chunk);
    if (scan.start >= 0) this.#keep(chunk, scan.start, scan.ascii < 0x80);
    this.#offset += n;
    return this.#out;
  }

  /**
   * Rows up to the chunk's last `,{"firstKey":` without scanning them, when their parse confirms the
   * guess (the rows' size then bounds each row's); returns where the scan goes on.
   */
  #guessRows(chunk: Uint8Array): number {
    const prefix = this.#rowPrefix;
    if (prefix === undefined || this.#state !== VALUES || !this.#inData || this.#check) return 0;
    const end = lastRowStart(chunk, prefix);
    if (end < 0 || this.#carry.bytes + end > this.#max) return 0;
    const rows = rowsIfWhole(this.#carry, chunk.subarray(0, end));
    if (rows === undefined || rows.length === 0) {
      if (++this.#wrongGuesses >= MAX_WRONG_GUESSES) this.#rowPrefix = undefined;
      return 0;
    }
    const { pieces } = this.#carry.take();
    if (this.#rowText) pushRowTexts(pieces, chunk.subarray(0, end), rows, this.#texts);
    if (this.#ndjson) this.#lineRuns.push(ndjsonLinesOf(pieces, chunk.subarray(0, end), rows));
    this.#out = rows;
    if (this.#rowCheckOf) this.#times = rows.map(() => Number.NaN);
    this.#rows += rows.length;
    this.#scan.reset();
    this.#rowsAfterComma = true;
    return end + 1;
  }

  /** Keeps the rest of the chunk, the start of an incomplete value, for the next chunk, within the cap. */
  #keep(chunk: Uint8Array, start: number, ascii: boolean): void {
    const at = this.#carry.bytes > 0 ? this.#carry.offset : this.#offset + start;
    if (this.#carry.bytes + chunk.length - start > this.#max) this.#tooLarge(at);
    this.#carry.keep(chunk, start, this.#offset, ascii);
  }

  #tooLarge(at: number): never {
    const what = this.#inData
      ? `row ${this.#rows + this.#run.size}`
      : `the value of "${this.#key}"`;
    const which = this.#state === KEY ? "a key" : what;
    return this.#fail("too-large", `${which} from byte ${at} is larger than ${this.#max} bytes`);
  }

  /** The current value's (or key's) text up to `end` of the chunk, carried bytes included; drops the carry. */
  #take(chunk: Uint8Array, end: number): string {
    const start = this.#scan.start;
    const at = this.#carry.bytes > 0 ? this.#carry.offset : this.#offset + start;
    if (this.#carry.bytes + end - start > this.#max) this.#tooLarge(at);
    const text = textOf(this.#carry.take().pieces, chunk.subarray(start, end), false);
    this.#scan.start = -1;
    return text;
  }

  /** A key's bytes up to its closing quote; then the key is read. */
  #readKey(chunk: Uint8Array, from: number): number {
    const i = this.#scan.scanKey(chunk, from);
    if (i === chunk.length) return i; // the key goes on in the next chunk
    const at = this.#carry.bytes > 0 ? this.#carry.offset : this.#offset + this.#scan.start;
    const key = parseValue(this.#take(chunk, i + 1), `the key at byte ${at}`) as string;
    if ((key === "fields" && this.#fieldsSeen) || (key === "data" && this.#dataSeen))
      this.#fail("shape", `the answer has a second "${key}" (byte ${at})`);
    if (key === "fields") this.#fieldsSeen = true;
    else if (key === "data") this.#dataSeen = true;
    else if (this.#extraKeys.length < MAX_EXTRA_KEYS && !this.#extraKeys.includes(key))
      this.#extraKeys.push(key);
    this.#key = key;
    this.#state = Where.afterKey;
    return i + 1;
  }

  /**
   * A comma or closing bracket at depth 0 ends a value: a row joins this chunk's run, another value is
   * parsed. Returns where to go on.
   */
  #endValue(chunk: Uint8Array, i: number): number {
    const b = chunk[i] as number;
    const start = this.#scan.start;
    const at = this.#offset + i;
    if (b === (this.#inData ? CLOSE_BRACE : CLOSE_BRACKET))
      this.#fail("invalid-json", `unexpected byte 0x${b.toString(16)} at byte ${at}`);
    if (start < 0 && (b === COMMA || !this.#inData || this.#rowsAfterComma))
      this.#fail("invalid-json", `a value is missing at byte ${at}`);
    if (!this.#inData) {
      const value = parseValue(this.#take(chunk, i), `the value of "${this.#key}"`);
      if (this.#key === "fields") this.#fields = value;
      this.#state = b === COMMA ? NEXT_KEY : DONE;
      return i + 1;
    }
    if (start >= 0) {
      const carried = this.#carry.bytes > 0;
      if (this.#carry.bytes + i - start > this.#max)
        this.#tooLarge(carried ? this.#carry.offset : this.#offset + start);
      if (!(carried && this.#checkedJoined(chunk, start, i))) {
        this.#flushChecked(chunk);
        this.#run.add(start, i, carried ? this.#carry.take() : undefined);
      }
    }
    this.#scan.start = -1;
    this.#rowsAfterComma = b === COMMA;
    if (b === COMMA) return i + 1;
    this.#flushRun(chunk);
    this.#state = afterValue;
    return i + 1;
  }

  /**
   * The row at `i` when the check passes it (whole in the chunk, then a comma or the closing
   * bracket, whitespace around it), added to the checked run; returns where to go on, or -1 to scan
   * it instead.
   */
  #checkedRow(chunk: Uint8Array, i: number): number {
    const check = this.#check as RowBytesCheck;
    const n = chunk.length;
    if (chunk[i] !== OPEN_BRACE) return -1;
    const end = check.check(chunk, i, n);
    if (end < 0 || end - i > this.#max) return -1;
    let after = end;
    while (after < n && isSpace(chunk[after] as number)) after += 1;
    if (after >= n) return -1;
    const b = chunk[after];
    if (b !== COMMA && b !== CLOSE_BRACKET) return -1;
    if (check.nonAscii && !isUtf8(chunk.subarray(i, end))) return -1;
    this.#flushRun(chunk);
    if (!this.#checked.continues(i)) this.#flushChecked(chunk);
    this.#checked.add(i, end);
    this.#passed(chunk.subarray(i, end), check.time);
    this.#rowsAfterComma = b === COMMA;
    if (b === COMMA) return after + 1;
    this.#flushChecked(chunk);
    this.#state = afterValue;
    return after + 1;
  }

  /**
   * Whether the check passes the row begun in earlier chunks that ends at bytes [start, end) of the
   * chunk: then it is handed out as passed (the carry taken), else left to be parsed.
   */
  #checkedJoined(chunk: Uint8Array, start: number, end: number): boolean {
    const check = this.#check;
    if (check === undefined) return false;
    const whole = joined(this.#carry.pieces, chunk.subarray(start, end));
    let last = whole.length;
    while (last > 0 && isSpace(whole[last - 1] as number)) last -= 1;
    const row = whole.subarray(0, last);
    if (check.check(row, 0, row.length) !== row.length) return false;
    if (check.nonAscii && !isUtf8(row)) return false;
    this.#carry.take();
    this.#flushRun(chunk);
    this.#flushChecked(chunk);
    this.#checked.addJoined(row);
    this.#passed(row, check.time);
    return true;
  }

  /** Hands out a row the check passed: `undefined` in the rows, its time, its text. */
  #passed(row: Uint8Array, time: number): void {
    this.#out.push(undefined);
    this.#times.push(time);
    if (this.#rowText) this.#texts.push(row);
    this.#rows += 1;
  }

  /** Hands the checked run's NDJSON out. */
  #flushChecked(chunk: Uint8Array): void {
    if (this.#checked.size === 0) return;
    const lines = this.#checked.flush(chunk);
    if (this.#ndjson) this.#lineRuns.push(lines);
  }

  /** Parses this chunk's run of complete rows at once, and hands them out. */
  #flushRun(chunk: Uint8Array): void {
    if (this.#run.size === 0) return;
    const rows = this.#run.flush(
      chunk,
      this.#scan.ascii < 0x80,
      this.#offset,
      this.#rows,
      this.#rowText ? this.#texts : undefined,
      this.#ndjson ? this.#lineRuns : undefined,
    );
    if (this.#out.length === 0) this.#out = rows;
    else for (const row of rows) this.#out.push(row);
    if (this.#rowCheckOf) for (let k = 0; k < rows.length; k += 1) this.#times.push(Number.NaN);
    this.#rows += rows.length;
    const first = rows[0];
    if (this.#rowPrefix === undefined && this.#wrongGuesses === 0 && isRecord(first)) {
      const key = Object.keys(first)[0];
      if (key !== undefined)
        this.#rowPrefix = new TextEncoder().encode(`,{${JSON.stringify(key)}:`);
    }
  }

  /** One byte of the top-level object's structure; returns where to go on. */
  #step(chunk: Uint8Array, i: number): number {
    const b = chunk[i] as number;
    const at = this.#offset + i;
    if (this.#state === START && at === this.#bom && at < BOM.length && b === BOM[at]) {
      this.#bom += 1; // a BOM is skipped only whole and only at the very start, as TextDecoder does
      return i + 1;
    }
    const partialBom = this.#bom > 0 && this.#bom < BOM.length;
    const next = partialBom ? -1 : isSpace(b) ? this.#state : nextWhere(this.#state, b);
    if (next < 0) this.#fail("invalid-json", `unexpected byte 0x${b.toString(16)} at byte ${at}`);
    if (next === KEY) {
      this.#scan.reset();
      this.#scan.start = i;
    } else if (next === VALUES) {
      this.#scan.reset();
      this.#inData = this.#key === "data";
      if (!this.#inData) {
        this.#state = next;
        return i; // the value's scan starts with this byte
      }
      if (b !== OPEN_BRACKET) this.#fail("shape", `data is not an array (byte ${at})`);
      this.#rowsAfterComma = false;
      this.#check = this.#fieldsSeen ? this.#rowCheckOf?.(this.#fields) : undefined;
    }
    this.#state = next;
    return i + 1;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

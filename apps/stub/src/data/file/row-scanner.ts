// Where each column's JSON text lies in a line's bytes, found without parsing the line; and its time.
import { ADVANCED_COLUMN_NAMES } from "@giosg-reporting/contract";

const encoder = new TextEncoder();
/** Each advanced column's key as JSON text (quoted), in the contract's order. */
const KEYS = ADVANCED_COLUMN_NAMES.map((name) => encoder.encode(JSON.stringify(name)));
const KEY_VIEWS = KEYS.map((key) => new DataView(key.buffer));
/** The number of advanced columns. */
export const COLUMN_COUNT = KEYS.length;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpaces(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && isSpace(bytes[i])) i += 1;
  return i;
}

/** Whether `bytes[start, end)` is only JSON whitespace (a blank line). */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  return skipSpaces(bytes, start, end) === end;
}

/** Whether the quoted key of `column` starts at `at` (compared four bytes at a time). */
function keyMatches(bytes: DataView, at: number, end: number, column: number): boolean {
  const key = KEY_VIEWS[column] as DataView;
  const length = key.byteLength;
  if (at + length > end) return false;
  let i = 0;
  for (; i + 4 <= length; i += 4) if (bytes.getUint32(at + i) !== key.getUint32(i)) return false;
  for (; i < length; i += 1) if (bytes.getUint8(at + i) !== key.getUint8(i)) return false;
  return true;
}

/** The column whose quoted key starts at `at` (`expected` tried first), or -1. */
function keyAt(bytes: DataView, at: number, end: number, expected: number): number {
  if (expected < COLUMN_COUNT && keyMatches(bytes, at, end, expected)) return expected;
  for (let column = 0; column < COLUMN_COUNT; column += 1)
    if (keyMatches(bytes, at, end, column)) return column;
  return -1;
}

/** The end of the string whose opening quote is at `at`, or -1 (a control character, no closing quote). */
function stringEnd(bytes: Uint8Array, view: DataView, at: number, end: number): number {
  let i = at + 1;
  // Four bytes at a time while none is a quote, a backslash or a control character (bit tricks on a
  // word: a byte equal to 0 after the XOR, or below 0x20, sets its top bit; none is set falsely).
  for (; i + 4 <= end; i += 4) {
    const word = view.getUint32(i, true);
    const quote = word ^ 0x22222222;
    const backslash = word ^ 0x5c5c5c5c;
    const found =
      ((quote - 0x01010101) & ~quote) |
      ((backslash - 0x01010101) & ~backslash) |
      ((word - 0x20202020) & ~word);
    if ((found & 0x80808080) !== 0) break;
  }
  for (; i < end; i += 1) {
    const byte = bytes[i] as number;
    if (byte === QUOTE) return i + 1;
    if (byte === BACKSLASH) i += 1;
    else if (byte < 0x20) return -1;
  }
  return -1;
}

/** The end of the value starting at `at`: a string, an array (of anything but objects), or a literal. */
function valueEnd(bytes: Uint8Array, view: DataView, at: number, end: number): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, view, at, end);
  if (first === 0x5b) {
    let depth = 0;
    for (let i = at; i < end; i += 1) {
      const byte = bytes[i] as number;
      if (byte === QUOTE) {
        const after = stringEnd(bytes, view, i, end);
        if (after < 0) return -1;
        i = after - 1;
      } else if (byte === 0x5b) depth += 1;
      else if (byte === 0x5d && --depth === 0) return i + 1;
      else if (byte === 0x7b) return -1;
    }
    return -1;
  }
  if (first === 0x7b || first === undefined) return -1;
  let i = at;
  while (i < end) {
    const byte = bytes[i] as number;
    if (byte === 0x2c || byte === 0x7d || byte === 0x5d || isSpace(byte)) break;
    i += 1;
  }
  return i === at ? -1 : i;
}

/**
 * Writes into `spans` (two per column, in the contract's order) where each column's value text starts
 * and ends in `bytes[start, end)` (`view` views the same bytes), when the line is one flat object of the advanced columns, each once,
 * keys written plainly; false otherwise (the caller then parses the line as JSON). Values are only
 * delimited here: the caller checks that their texts are JSON of the column's kind.
 */
export function scanRow(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  spans: Int32Array,
): boolean {
  let i = skipSpaces(bytes, start, end);
  if (bytes[i] !== 0x7b) return false;
  i = skipSpaces(bytes, i + 1, end);
  let seen = 0;
  let expected = 0;
  for (let n = 0; n < COLUMN_COUNT; n += 1) {
    if (bytes[i] !== QUOTE) return false;
    const column = keyAt(view, i, end, expected);
    if (column < 0 || (seen & (1 << column)) !== 0) return false;
    seen |= 1 << column;
    i = skipSpaces(bytes, i + (KEYS[column] as Uint8Array).length, end);
    if (bytes[i] !== 0x3a) return false;
    i = skipSpaces(bytes, i + 1, end);
    const after = valueEnd(bytes, view, i, end);
    if (after < 0) return false;
    spans[2 * column] = i;
    spans[2 * column + 1] = after;
    i = skipSpaces(bytes, after, end);
    if (bytes[i] !== (n === COLUMN_COUNT - 1 ? 0x7d : 0x2c)) return false;
    i = skipSpaces(bytes, i + 1, end);
    expected = column + 1;
  }
  return i === end;
}

/** The value of the two ASCII digits at `at`, or NaN. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = (bytes[at] as number) - 0x30;
  const ones = (bytes[at + 1] as number) - 0x30;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The epoch milliseconds of a quoted `"YYYY-MM-DDTHH:mm:ss.sssZ"` at `bytes[start, end)` naming a real
 * instant (the timestamp the contract accepts, written plainly), or NaN for any other text.
 */
export function timeOf(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 26 || bytes[start] !== QUOTE || bytes[end - 1] !== QUOTE) return Number.NaN;
  const at = start + 1;
  if (
    bytes[at + 4] !== 0x2d ||
    bytes[at + 7] !== 0x2d ||
    bytes[at + 10] !== 0x54 ||
    bytes[at + 13] !== 0x3a ||
    bytes[at + 16] !== 0x3a ||
    bytes[at + 19] !== 0x2e ||
    bytes[at + 23] !== 0x5a
  )
    return Number.NaN;
  const year = twoDigits(bytes, at) * 100 + twoDigits(bytes, at + 2);
  const month = twoDigits(bytes, at + 5);
  const day = twoDigits(bytes, at + 8);
  const hours = twoDigits(bytes, at + 11);
  const minutes = twoDigits(bytes, at + 14);
  const seconds = twoDigits(bytes, at + 17);
  const third = (bytes[at + 22] as number) - 0x30;
  const millis = twoDigits(bytes, at + 20) * 10 + (third >= 0 && third <= 9 ? third : Number.NaN);
  if (!(month >= 1 && month <= 12 && day >= 1 && hours <= 23 && minutes <= 59 && seconds <= 59))
    return Number.NaN;
  const days = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > days || Number.isNaN(year) || Number.isNaN(millis)) return Number.NaN;
  return (
    daysFromCivil(year, month, day) * 86_400_000 +
    hours * 3_600_000 +
    minutes * 60_000 +
    seconds * 1000 +
    millis
  );
}

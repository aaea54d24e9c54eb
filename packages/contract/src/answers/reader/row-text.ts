// Each row's own bytes in a run of rows the splitter parsed: found by counting braces, or by an exact scan.
import { isSpace } from "./answer-structure";
import { ValueScan } from "./value-scan";

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

type NodeBuffer = typeof Buffer;

/** Node's Buffer, when there is one: its `indexOf` is a vector search, TypedArray's a plain loop. */
const NodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/**
 * Whether the bytes are UTF-8: Node's `isUtf8` (node:buffer, a vector scan), found without importing
 * node:buffer so that the contract bundles for browsers, where a fatal TextDecoder stands in.
 */
export const isUtf8: (bytes: Uint8Array) => boolean =
  (
    globalThis as {
      process?: {
        getBuiltinModule?: (
          name: string,
        ) => { isUtf8?: (bytes: Uint8Array) => boolean } | undefined;
      };
    }
  ).process?.getBuiltinModule?.("node:buffer")?.isUtf8 ??
  ((bytes) => {
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  });

/** The bytes as a Buffer (no copy) where Node has one, for its faster search. */
const searchable = (bytes: Uint8Array): Uint8Array =>
  NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;

/** The offsets of `byte` in `bytes`, if it occurs exactly `count` times; undefined otherwise. */
function exactly(bytes: Uint8Array, byte: number, count: number): number[] | undefined {
  const at: number[] = [];
  for (let i = bytes.indexOf(byte); i >= 0; i = bytes.indexOf(byte, i + 1)) {
    if (at.length === count) return undefined;
    at.push(i);
  }
  return at.length === count ? at : undefined;
}

/** Whether every value is an object (not null, not an array): a row as the contract has it. */
function allObjects(rows: readonly unknown[]): boolean {
  for (const row of rows)
    if (typeof row !== "object" || row === null || Array.isArray(row)) return false;
  return true;
}

/** How many times `byte` occurs in the pieces. */
function countIn(pieces: readonly Uint8Array[], byte: number): number {
  let count = 0;
  for (const piece of pieces) {
    const search = searchable(piece);
    for (let i = search.indexOf(byte); i >= 0; i = search.indexOf(byte, i + 1)) count += 1;
  }
  return count;
}

/** Whether the bytes hold a line feed or a carriage return. */
function hasBreak(bytes: Uint8Array): boolean {
  const search = searchable(bytes);
  return search.indexOf(LINE_FEED) >= 0 || search.indexOf(CARRIAGE_RETURN) >= 0;
}

/**
 * The texts of the rows that make up `pieces` then `last` (parsed from them as `[bytes]`: rows
 * separated by commas and whitespace; the pieces, kept from earlier chunks, begin the first row),
 * pushed onto `out`: each row's bytes as the API sent them. A row's text is `undefined` where its
 * bytes cannot stand as one line of NDJSON as they are: when the bytes are not valid UTF-8 (the parse
 * replaced what was not), or when the row holds a line break between its values.
 */
export function pushRowTexts(
  pieces: readonly Uint8Array[],
  last: Uint8Array,
  rows: readonly unknown[],
  out: (Uint8Array | undefined)[],
): void {
  if (rows.length === 0) return;
  if (pieces.length > 0 && allObjects(rows) && pushCarried(pieces, last, rows.length, out)) return;
  pushJoined(joined(pieces, last), rows, out);
}

/**
 * The texts when the first row began in earlier chunks, copying only that row's bytes: as in
 * {@link pushJoined}, when the braces are exactly one pair a row (the pieces hold the first row's
 * `{`, and its `}` unless only its end came in `last`). False, pushing nothing, when they are not.
 */
function pushCarried(
  pieces: readonly Uint8Array[],
  last: Uint8Array,
  count: number,
  out: (Uint8Array | undefined)[],
): boolean {
  const carriedOpens = countIn(pieces, OPEN_BRACE);
  const carriedCloses = countIn(pieces, CLOSE_BRACE);
  if (carriedOpens !== 1 || carriedCloses > 1) return false;
  const search = searchable(last);
  const opens = exactly(search, OPEN_BRACE, count - 1);
  const closes = opens && exactly(search, CLOSE_BRACE, count - carriedCloses);
  if (!closes) return false;
  // The first row: the pieces, up to its `}` in `last` (or, trailing spaces dropped, in the pieces).
  let first = joined(pieces, last.subarray(0, carriedCloses === 1 ? 0 : (closes[0] as number) + 1));
  if (carriedCloses === 1) {
    let end = first.length;
    while (end > 0 && isSpace(first[end - 1] as number)) end -= 1;
    first = first.subarray(0, end);
  }
  // The other rows lie in `last` from the second row's `{`: whole characters, checked apart.
  const rest = count > 1 ? last.subarray(opens[0] as number) : new Uint8Array(0);
  if (!(isUtf8(first) && isUtf8(rest))) {
    for (let k = 0; k < count; k += 1) out.push(undefined);
    return true;
  }
  const breaks = hasBreak(rest);
  out.push(lineOf(first, hasBreak(first)));
  const shift = carriedCloses === 1 ? -1 : 0;
  for (let k = 1; k < count; k += 1)
    out.push(
      lineOf(last.subarray(opens[k - 1] as number, (closes[k + shift] as number) + 1), breaks),
    );
  return true;
}

/** The texts of the rows that make up `bytes`, as {@link pushRowTexts} says. */
function pushJoined(
  bytes: Uint8Array,
  rows: readonly unknown[],
  out: (Uint8Array | undefined)[],
): void {
  const count = rows.length;
  if (!isUtf8(bytes)) {
    for (let k = 0; k < count; k += 1) out.push(undefined);
    return;
  }
  const search = searchable(bytes);
  const breaks = hasBreak(bytes);
  // Rows that are all objects each hold a `{` and a `}` of their own: when the run holds no more than
  // one of each a row, no string and no nested value holds any, and the k-th of each opens and
  // closes the k-th row.
  const opens = allObjects(rows) ? exactly(search, OPEN_BRACE, count) : undefined;
  const closes = opens && exactly(search, CLOSE_BRACE, count);
  if (opens && closes) {
    for (let k = 0; k < count; k += 1)
      out.push(lineOf(bytes.subarray(opens[k] as number, (closes[k] as number) + 1), breaks));
    return;
  }
  // Otherwise each row's end is found by scanning every byte (depth, strings, escapes).
  const scan = new ValueScan();
  let from = 0;
  for (let k = 0; k < count; k += 1) {
    scan.reset();
    const end = scan.scan(bytes, from);
    let last = end;
    while (last > scan.start && isSpace(bytes[last - 1] as number)) last -= 1;
    out.push(lineOf(bytes.subarray(scan.start, last), breaks));
    from = end + 1;
  }
}

/** The row's bytes, unless a line break (whitespace between its values) sits among them. */
function lineOf(row: Uint8Array, breaks: boolean): Uint8Array | undefined {
  return breaks && hasBreak(row) ? undefined : row;
}

/** The pieces and `last` as one array (no copy when there are no pieces). */
export function joined(pieces: readonly Uint8Array[], last: Uint8Array): Uint8Array {
  return pieces.length === 0 ? last : copied(pieces, last, 0);
}

/** A copy of the pieces and `last` one after another, with `spare` bytes (zero) after them. */
function copied(pieces: readonly Uint8Array[], last: Uint8Array, spare: number): Uint8Array {
  let size = last.length + spare;
  for (const piece of pieces) size += piece.length;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  bytes.set(last, at);
  return bytes;
}

const encoder = new TextEncoder();
const COMMA = 0x2c;

/** The NDJSON of a run of rows: each row's line (its text and a line feed), back to back. */
export interface NdjsonLines {
  /** The lines' bytes. */
  readonly bytes: Uint8Array;
  /** Where each row's line ends in `bytes` (just past its line feed), in row order. */
  readonly ends: readonly number[];
}

/** The lines of no row. */
export const NO_LINES: NdjsonLines = { bytes: new Uint8Array(0), ends: [] };

/**
 * The rows as NDJSON bytes, with where each row's line ends: each row's text (its `JSON.stringify`
 * where it has none) and a line feed. Texts that lie one separator byte apart in the same buffer, as
 * compact rows do, are copied as one stretch and the separators turned into line feeds.
 */
function linesOf(
  rows: readonly unknown[],
  texts: readonly (Uint8Array | undefined)[],
): NdjsonLines {
  const parts: Uint8Array[] = new Array(rows.length);
  let size = rows.length;
  for (let k = 0; k < rows.length; k += 1) {
    const part = texts[k] ?? encoder.encode(JSON.stringify(rows[k]));
    parts[k] = part;
    size += part.length;
  }
  const out = new Uint8Array(size);
  const ends: number[] = new Array(rows.length);
  let at = 0;
  for (let k = 0; k < parts.length; ) {
    const first = parts[k] as Uint8Array;
    // The stretch of texts each one byte after the one before it in the same buffer.
    let last = k;
    let end = first.byteOffset + first.length;
    while (last + 1 < parts.length) {
      const next = parts[last + 1] as Uint8Array;
      if (next.buffer !== first.buffer || next.byteOffset !== end + 1) break;
      end = next.byteOffset + next.length;
      last += 1;
    }
    out.set(new Uint8Array(first.buffer, first.byteOffset, end - first.byteOffset), at);
    for (let j = k; j <= last; j += 1) {
      at += (parts[j] as Uint8Array).length;
      out[at] = LINE_FEED;
      at += 1;
      ends[j] = at;
    }
    k = last + 1;
  }
  return { bytes: out, ends };
}

/** The rows as NDJSON bytes: {@link linesOf}'s bytes. */
export function ndjsonOf(
  rows: readonly unknown[],
  texts: readonly (Uint8Array | undefined)[],
): Uint8Array {
  return linesOf(rows, texts).bytes;
}

/**
 * The lines of compact rows copied at once (the bytes begin with the first row's first byte, as the
 * splitter's runs do): when the rows are objects, the bytes hold no line break, are UTF-8, and hold
 * exactly one `}` a row, the last of them their last byte (then no string and no nested value holds
 * one, and the k-th closes the k-th row), each but the last followed by `,{`. The copy's commas
 * between rows become line feeds. Undefined otherwise.
 */
function compactLines(
  pieces: readonly Uint8Array[],
  last: Uint8Array,
  rows: readonly unknown[],
): NdjsonLines | undefined {
  const count = rows.length;
  if (!allObjects(rows)) return undefined;
  // A byte to spare for the last row's line feed.
  const out = copied(pieces, last, 1);
  const size = out.length - 1;
  const text = out.subarray(0, size);
  if (!isUtf8(text) || hasBreak(text)) return undefined;
  const search = searchable(text);
  const ends: number[] = new Array(count);
  let close = -1;
  for (let k = 0; k < count; k += 1) {
    close = search.indexOf(CLOSE_BRACE, close + 1);
    if (close < 0) return undefined;
    if (k < count - 1 && (out[close + 1] !== COMMA || out[close + 2] !== OPEN_BRACE))
      return undefined;
    out[close + 1] = LINE_FEED;
    ends[k] = close + 2;
  }
  // The count-th `}` is the last byte: no other follows it.
  return close === size - 1 ? { bytes: out, ends } : undefined;
}

/**
 * The NDJSON lines of the rows that make up `pieces` then `last` (as {@link pushRowTexts} takes
 * them): each row's bytes as the API sent them and a line feed, or its `JSON.stringify` where its
 * bytes cannot stand as one line.
 */
export function ndjsonLinesOf(
  pieces: readonly Uint8Array[],
  last: Uint8Array,
  rows: readonly unknown[],
): NdjsonLines {
  if (rows.length === 0) return NO_LINES;
  const compact = compactLines(pieces, last, rows);
  if (compact) return compact;
  const texts: (Uint8Array | undefined)[] = [];
  pushRowTexts(pieces, last, rows, texts);
  return linesOf(rows, texts);
}

/** The lines of runs one after another, as one. */
export function joinedLines(runs: readonly NdjsonLines[]): NdjsonLines {
  if (runs.length === 0) return NO_LINES;
  if (runs.length === 1) return runs[0] as NdjsonLines;
  const bytes = joined(
    runs.slice(0, -1).map((run) => run.bytes),
    (runs[runs.length - 1] as NdjsonLines).bytes,
  );
  const ends: number[] = [];
  let offset = 0;
  for (const run of runs) {
    for (const end of run.ends) ends.push(offset + end);
    offset += run.bytes.length;
  }
  return { bytes, ends };
}

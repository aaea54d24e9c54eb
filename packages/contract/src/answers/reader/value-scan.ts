// The byte scan that finds where JSON values end (nesting depth, strings, escapes), resumable at any byte.
import { isSpace } from "./answer-structure";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Scans a sequence of values (data's rows, or one value after a key) for the comma or closing bracket
 * that ends one: only quotes, backslashes, brackets and commas matter, and strings are skipped in a
 * tight loop. Its state carries from chunk to chunk; what lies between the ends is left to JSON.parse.
 */
export class ValueScan {
  /** Nesting depth inside the current value. */
  depth = 0;
  /** Inside a string. */
  inString = false;
  /** The last chunk ended just after a backslash inside a string. */
  escaped = false;
  /** Where the current value's first byte is in the chunk; -1 before it. */
  start = -1;
  /** The bits of every string byte of this chunk: below 0x80 means ASCII. */
  ascii = 0;

  /** Starts scanning for a new value, from depth 0. */
  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.start = -1;
  }

  /** Returns the index of the next comma or closing bracket at depth 0, or the chunk's length. */
  scan(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let i = from;
    let depth = this.depth;
    let start = this.start;
    let ascii = this.ascii;
    let inString = this.inString;
    if (inString && this.escaped) i += 1; // the byte after a backslash that ended the last chunk
    for (; i < n; i += 1) {
      if (inString) {
        for (; i < n; i += 1) {
          const c = chunk[i] as number;
          if (c === QUOTE) break;
          if (c === BACKSLASH) i += 1;
          else ascii |= c;
        }
        if (i >= n) break;
        inString = false;
        continue;
      }
      const b = chunk[i] as number;
      if (b === QUOTE) {
        if (depth === 0 && start < 0) start = i;
        inString = true;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (depth === 0 && start < 0) start = i;
        depth += 1;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET || b === COMMA) {
        if (depth === 0) break;
        if (b !== COMMA) depth -= 1;
      } else if (depth === 0 && start < 0 && !isSpace(b)) start = i;
    }
    this.escaped = i > n;
    this.depth = depth;
    this.start = start;
    this.ascii = ascii;
    this.inString = inString;
    return Math.min(i, n);
  }

  /** Returns the index of a key's closing quote, or the chunk's length. */
  scanKey(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let escaped = this.escaped;
    let i = from;
    for (; i < n; i += 1) {
      const b = chunk[i] as number;
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) break;
    }
    this.escaped = escaped;
    return i;
  }
}

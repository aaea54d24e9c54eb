// JSON numbers and digits read from bytes, each bounded by the end of the bytes read.

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** The digit at `at`, or -1 when the byte is not one. */
export function digitAt(bytes: Uint8Array, at: number): number {
  const d = (bytes[at] as number) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Whether the byte at `at` is a digit. */
const isDigit = (bytes: Uint8Array, at: number) => {
  const b = bytes[at] as number;
  return b >= ZERO && b <= NINE;
};

/**
 * An integer of at most 15 digits (`-?(0|[1-9][0-9]*)`), so always a safe one; a fraction, an
 * exponent or another digit after it is not the row's next key, which the row's check reads next.
 */
export function integerEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  if (bytes[i] === MINUS) i += 1;
  const first = i;
  if (i < end && bytes[i] === ZERO) i += 1;
  else i = digitsEnd(bytes, i, end);
  return i === first || i - first > 15 || i >= end ? -1 : i;
}

/** The index past the digits from `from` (before `end`). */
function digitsEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && isDigit(bytes, i)) i += 1;
  return i;
}

/**
 * A JSON number, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, followed by a byte that is not
 * part of one before `end`.
 */
export function numberEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  if (bytes[i] === MINUS) i += 1;
  if (i >= end) return -1;
  if (bytes[i] === ZERO) i += 1;
  else if (isDigit(bytes, i)) i = digitsEnd(bytes, i, end);
  else return -1;
  if (i < end && bytes[i] === DOT) {
    const fraction = i + 1;
    i = digitsEnd(bytes, fraction, end);
    if (i === fraction) return -1;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i += 1;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i += 1;
    const exponent = i;
    i = digitsEnd(bytes, exponent, end);
    if (i === exponent) return -1;
  }
  return i < end ? i : -1;
}

// The top level of a step answer, one structural byte at a time: `{`, keys, `:`, `,`, `}`, nothing after.

/** Where a reader is in the answer's top-level object. */
export const Where = {
  /** Before `{` (a BOM may come first). */
  start: 0,
  /** After `{`: a key or `}`. */
  firstKey: 1,
  /** After `,`: a key. */
  nextKey: 2,
  /** Inside a key. */
  key: 3,
  /** Before `:`. */
  afterKey: 4,
  /** After `:`. */
  beforeValue: 5,
  /** Inside `data`'s elements, or inside the value of another key. */
  values: 6,
  /** After `data`'s `]`: `,` or `}`. */
  afterValue: 7,
  /** After the closing `}`: only whitespace. */
  done: 8,
} as const;

/** JSON's whitespace: space, line feed, carriage return, tab (nothing else, not even a BOM). */
export const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Where the structural (not whitespace) byte `b` leads from `where` (not inside a key or value); -1: nowhere. */
export function nextWhere(where: number, b: number): number {
  switch (where) {
    case Where.start:
      return b === 0x7b ? Where.firstKey : -1;
    case Where.firstKey:
      return b === 0x22 ? Where.key : b === 0x7d ? Where.done : -1;
    case Where.nextKey:
      return b === 0x22 ? Where.key : -1;
    case Where.afterKey:
      return b === 0x3a ? Where.beforeValue : -1;
    case Where.beforeValue:
      return Where.values;
    case Where.afterValue:
      return b === 0x2c ? Where.nextKey : b === 0x7d ? Where.done : -1;
    default:
      return -1;
  }
}

// One column's distinct values looked up by their JSON bytes, and each row's value index: only typed arrays.
import type { ColumnSnapshot } from "../memory/row-column";

/** Each row's value index, in the narrowest array that holds the distinct values so far. */
type Ids = Uint8Array | Uint16Array | Uint32Array;

const decoder = new TextDecoder();

/** A hash of `view`'s bytes `[start, end)`, four at a time: the same bytes anywhere hash the same. */
function hashOf(view: DataView, start: number, end: number): number {
  let hash = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ view.getUint32(i, true), 0x01000193);
  for (; i < end; i += 1) hash = Math.imul(hash ^ view.getUint8(i), 0x01000193);
  // Murmur3's finish: every bit of the last words reaches the slot's bits.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * A column being read from a file: each distinct value's JSON text once (the text `JSON.stringify`
 * writes, as a {@link Column} holds it), found again by its bytes without making a string, and each
 * row's value as an index. What it holds is typed arrays, so a million rows leave no garbage behind.
 */
export class ValueDictionary {
  #text = new Uint8Array(64 * 1024);
  #textView = new DataView(this.#text.buffer);
  #textLength = 0;
  /** Value `i`'s text is `#text[#starts[i], #starts[i + 1])`. */
  #starts = new Uint32Array(1024);
  #hashes = new Int32Array(1024);
  #distinct = 0;
  /** Open addressing, two numbers a slot: a value's index plus one (0 where free), and its hash. */
  #slots = new Int32Array(2048);
  #ids: Ids;
  #lastId = -1;
  /** Rows set so far. */
  #rows = 0;

  /** Room for `capacity` rows (an upper bound: pages never written cost no memory). */
  constructor(capacity: number) {
    this.#ids = new Uint8Array(capacity);
  }

  /** How many distinct values it holds. */
  get distinct(): number {
    return this.#distinct;
  }

  /**
   * The index of the value whose JSON text is bytes `[start, end)` of `bytes` exactly, or -1 when it holds none
   * (a value written otherwise, `"\u00e9"` for `"é"` or `1.0` for `1`, is not found by its bytes).
   */
  find(bytes: DataView, start: number, end: number): number {
    const length = end - start;
    const last = this.#lastId;
    // Rows in a row often share a value (the same organization, vendor, session): no hashing then.
    if (last >= 0 && this.#equals(last, bytes, start, length)) return last;
    const hash = hashOf(bytes, start, end) | 0;
    const slots = this.#slots;
    const mask = slots.length - 2;
    for (let slot = hash & mask; ; slot = (slot + 2) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) return -1;
      // The hash beside the index: a slot of another value is passed over without reading its text.
      if (slots[slot + 1] === hash && this.#equals(entry - 1, bytes, start, length)) {
        this.#lastId = entry - 1;
        return entry - 1;
      }
    }
  }

  #equals(id: number, bytes: DataView, start: number, length: number): boolean {
    const from = this.#starts[id] as number;
    if ((this.#starts[id + 1] as number) - from !== length) return false;
    // Four bytes at a time: most values (ids, URLs) are long.
    const text = this.#textView;
    let i = 0;
    for (; i + 4 <= length; i += 4)
      if (text.getUint32(from + i) !== bytes.getUint32(start + i)) return false;
    for (; i < length; i += 1)
      if (text.getUint8(from + i) !== bytes.getUint8(start + i)) return false;
    return true;
  }

  /** Adds a value by its JSON text (which {@link find} did not find) and returns its index. */
  add(bytes: DataView, start: number, end: number): number {
    const length = end - start;
    const id = this.#distinct;
    if (id + 2 > this.#starts.length) {
      this.#starts = grown(this.#starts, id + 2);
      this.#hashes = grown(this.#hashes, id + 2);
    }
    if (this.#textLength + length > this.#text.length) {
      this.#text = grown(this.#text, this.#textLength + length);
      this.#textView = new DataView(this.#text.buffer);
    }
    this.#text.set(
      new Uint8Array(bytes.buffer, bytes.byteOffset + start, length),
      this.#textLength,
    );
    this.#textLength += length;
    this.#starts[id + 1] = this.#textLength;
    const hash = hashOf(this.#textView, this.#textLength - length, this.#textLength) | 0;
    this.#hashes[id] = hash;
    this.#distinct = id + 1;
    if (this.#distinct * 4 > this.#slots.length) this.#rehash();
    else this.#place(id, hash);
    if (this.#distinct === 0x101) this.#widen(Uint16Array);
    else if (this.#distinct === 0x10001) this.#widen(Uint32Array);
    this.#lastId = id;
    return id;
  }

  /** Wider indexes, copying only the rows set so far (the rest of the room stays unwritten). */
  #widen(Wider: typeof Uint16Array | typeof Uint32Array): void {
    const wider = new Wider(this.#ids.length);
    wider.set(this.#ids.subarray(0, this.#rows));
    this.#ids = wider;
  }

  #place(id: number, hash: number): void {
    const slots = this.#slots;
    const mask = slots.length - 2;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 2) & mask;
    slots[slot] = id + 1;
    slots[slot + 1] = hash;
  }

  #rehash(): void {
    this.#slots = new Int32Array(this.#slots.length * 2);
    for (let id = 0; id < this.#distinct; id += 1) this.#place(id, this.#hashes[id] as number);
  }

  /** Row `row`'s value index. */
  idOf(row: number): number {
    return this.#ids[row] as number;
  }

  /** The value of index `id`, parsed from its text. */
  value(id: number): unknown {
    const text = this.#text.subarray(this.#starts[id], this.#starts[id + 1]);
    return JSON.parse(decoder.decode(text));
  }

  /** Sets row `row`'s value index. */
  set(row: number, id: number): void {
    if (row >= this.#ids.length) this.#ids = grown(this.#ids, row + 1);
    this.#ids[row] = id;
    if (row >= this.#rows) this.#rows = row + 1;
  }

  /** The first `rows` rows as a column's typed arrays (views of what it built: no copy). */
  seal(rows: number): ColumnSnapshot {
    const distinct = this.#distinct;
    return {
      ids: this.#ids.subarray(0, rows),
      text: this.#text.subarray(0, this.#textLength),
      starts: this.#starts.subarray(0, distinct + 1),
    };
  }
}

/** `array`'s content in a new array of at least `size` (half as much again, or double while small). */
function grown<Array extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(
  array: Array,
  size: number,
): Array {
  const length = Math.max(size, array.length < 1 << 20 ? array.length * 2 : array.length * 1.5);
  const bigger = new (array.constructor as new (length: number) => Array)(Math.ceil(length));
  bigger.set(array);
  return bigger;
}

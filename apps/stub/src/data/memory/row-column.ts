// One dictionary column of a row table: each distinct value's JSON text once, each row an index.
import { byteLengthOf } from "../json/bytes";

/** Each row's value as an index into the column's distinct values. */
export type ColumnIds = Uint8Array | Uint16Array | Uint32Array;

/** A sealed column as plain typed arrays: what a worker hands over (see `RowTableSnapshot`). */
export interface ColumnSnapshot {
  /** Each row's value, an index into the distinct values. */
  readonly ids: ColumnIds;
  /** The distinct values' JSON texts, one after the other, as UTF-8. */
  readonly text: Uint8Array;
  /** Value `i`'s text is `text[starts[i], starts[i + 1])`. */
  readonly starts: Uint32Array;
}

/** The key of every empty list. */
const EMPTY_LIST = "\u0000[]";

/** The value itself when primitive, else its JSON text behind a character no primitive starts with here. */
function keyOf(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  return Array.isArray(value) && value.length === 0 ? EMPTY_LIST : `\u0000${JSON.stringify(value)}`;
}

/** A value's JSON text as the column writes it. */
function jsonOf(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

const decoder = new TextDecoder();

/** Collects a column's values row by row; {@link ColumnBuilder.seal} turns it into a {@link Column}. */
export class ColumnBuilder {
  /** Each distinct value's JSON text, in order of first appearance. */
  readonly #json: string[] = [];
  readonly #ids = new Map<unknown, number>();
  #rows: Uint32Array = new Uint32Array(1024);
  #lastValue: unknown = Symbol("none");
  #lastId = 0;

  /** Sets row `row`'s value (rows come in order; room is made as they come). */
  set(row: number, value: unknown): void {
    if (row === this.#rows.length) {
      const grown = new Uint32Array(row * 2);
      grown.set(this.#rows);
      this.#rows = grown;
    }
    this.#rows[row] = this.#idOf(value);
  }

  #idOf(value: unknown): number {
    // Rows in a row often share a value (the same organization, vendor, session): skip the lookup.
    if (value === this.#lastValue) return this.#lastId;
    const key = typeof value === "object" && value !== null ? keyOf(value) : value;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#json.length;
      this.#ids.set(key, id);
      this.#json.push(jsonOf(value));
    }
    this.#lastValue = value;
    this.#lastId = id;
    return id;
  }

  /** The first `rows` rows as a column: the texts in one array, the indexes in the narrowest that holds them. */
  seal(rows: number): Column {
    const distinct = this.#json.length;
    const Narrow = distinct <= 0x100 ? Uint8Array : distinct <= 0x10000 ? Uint16Array : Uint32Array;
    const starts = new Uint32Array(distinct + 1);
    let bytes = 0;
    for (let id = 0; id < distinct; id += 1) {
      starts[id] = bytes;
      bytes += byteLengthOf(this.#json[id] as string);
    }
    starts[distinct] = bytes;
    // A typed array of its own (never a slice of Node's shared pool), so that it can be transferred.
    const text = new Uint8Array(bytes);
    const encoder = new TextEncoder();
    for (let id = 0; id < distinct; id += 1)
      encoder.encodeInto(this.#json[id] as string, text.subarray(starts[id]));
    return new Column({ ids: Narrow.from(this.#rows.subarray(0, rows)), text, starts });
  }
}

/**
 * A sealed column. Only typed arrays are held: the values as objects and the lookup of a value's
 * index are made the first time a query needs them, so an idle stub keeps no object per value.
 */
export class Column implements ColumnSnapshot {
  readonly ids: ColumnIds;
  readonly text: Uint8Array;
  readonly starts: Uint32Array;
  #values?: unknown[];
  #lookup?: Map<string, number>;

  constructor({ ids, text, starts }: ColumnSnapshot) {
    this.ids = ids;
    this.text = text;
    this.starts = starts;
  }

  /** The value of index `id` (arrays frozen: every row that holds it shares it). */
  value(id: number): unknown {
    this.#values ??= new Array(this.starts.length - 1);
    let value = this.#values[id];
    if (value === undefined) {
      value = JSON.parse(this.#json(id));
      if (Array.isArray(value)) Object.freeze(value);
      this.#values[id] = value;
    }
    return value;
  }

  #json(id: number): string {
    return decoder.decode(this.text.subarray(this.starts[id], this.starts[id + 1]));
  }

  /** The index of `value` if the column holds it (the same JSON text is the same value). */
  find(value: unknown): number | undefined {
    if (!this.#lookup) {
      this.#lookup = new Map();
      for (let id = 0; id < this.starts.length - 1; id += 1) this.#lookup.set(this.#json(id), id);
    }
    return this.#lookup.get(jsonOf(value));
  }
}

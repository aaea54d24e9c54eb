// Advanced rows held column by column: each value once in its column's dictionary, each row a number.
import {
  ADVANCED_COLUMN_NAMES,
  type AdvancedColumnName,
  type AdvancedRow,
  BASIC_COLUMNS,
} from "@giosg-reporting/contract";

/** Row values as numbers: a dictionary index, or for `timestamp` the epoch milliseconds. */
type Ids = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** The key of every empty list. */
const EMPTY_LIST = "\u0000[]";

/** One column: its distinct values, and each row's value as an index into them. */
class Column {
  /** The distinct values, in order of first appearance. */
  readonly values: unknown[] = [];
  /** Each distinct value's JSON text. */
  readonly json: string[] = [];
  /** Primitive values by themselves, arrays by their JSON text (with a prefix no primitive has). */
  readonly #ids = new Map<unknown, number>();
  /** Each row's value, as an index into {@link values}; the narrowest array that holds them once sealed. */
  ids: Ids = new Uint32Array(1024);

  /** The value itself when primitive, else its JSON text behind a character no primitive starts with here. */
  static key(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    return Array.isArray(value) && value.length === 0
      ? EMPTY_LIST
      : `\u0000${JSON.stringify(value)}`;
  }

  #lastValue: unknown = Symbol("none");
  #lastId = 0;

  /** The index of `value`, added when new. */
  idOf(value: unknown): number {
    // Rows in a row often share a value (the same organization, vendor, session): skip the lookup.
    if (value === this.#lastValue) return this.#lastId;
    const key = typeof value === "object" && value !== null ? Column.key(value) : value;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.#ids.set(key, id);
      this.values.push(Array.isArray(value) ? Object.freeze([...value]) : value);
      this.json.push(JSON.stringify(value) ?? "null");
    }
    this.#lastValue = value;
    this.#lastId = id;
    return id;
  }

  /** The index of `value` if the column holds it. */
  find(value: unknown): number | undefined {
    return this.#ids.get(Column.key(value));
  }

  /** Keeps room for `rows` rows. */
  reserve(rows: number): void {
    const grown = new Uint32Array(rows);
    grown.set(this.ids);
    this.ids = grown;
  }

  /** Keeps exactly `rows` rows, in the narrowest array that holds their indexes. */
  seal(rows: number): void {
    const distinct = this.values.length;
    const Narrow = distinct <= 0x100 ? Uint8Array : distinct <= 0x10000 ? Uint16Array : Uint32Array;
    this.ids = Narrow.from(this.ids.subarray(0, rows));
  }
}

/**
 * The `timestamp` column: epoch milliseconds, written back as `YYYY-MM-DDTHH:mm:ss.sssZ`, which is
 * what `toISOString` writes and the contract requires, so nothing is lost.
 */
class TimeColumn {
  ids = new Float64Array(1024);

  reserve(rows: number): void {
    const grown = new Float64Array(rows);
    grown.set(this.ids);
    this.ids = grown;
  }

  seal(rows: number): void {
    this.ids = this.ids.slice(0, rows);
  }
}

/** The `"key":` prefix of each column in a row's JSON text. */
function keyPrefix(name: string): string {
  return `${JSON.stringify(name)}:`;
}

/** The first column: its values are times (see {@link TimeColumn}). */
const TIME = ADVANCED_COLUMN_NAMES[0] as "timestamp";

const advancedPrefixes = ADVANCED_COLUMN_NAMES.map(
  (name, index) => (index === 0 ? "{" : ",") + keyPrefix(name),
);
const basicPlan = BASIC_COLUMNS.map(({ name, from }, index) => ({
  prefix: (index === 0 ? "{" : ",") + keyPrefix(name),
  column: ADVANCED_COLUMN_NAMES.indexOf(from),
}));

/**
 * Rows stored as one dictionary-encoded column per advanced column: a row costs 4 bytes a column
 * instead of an object, and a filter compares numbers. Rows are numbered in the order they are added.
 */
export class RowTable {
  readonly #times = new TimeColumn();
  /** One dictionary column per advanced column; the one of `timestamp` (index 0) stays empty. */
  readonly #columns = ADVANCED_COLUMN_NAMES.map(() => new Column());
  #size = 0;
  #capacity = 1024;

  /** How many rows it holds. */
  get size(): number {
    return this.#size;
  }

  /** Adds a row and returns its number. */
  add(row: AdvancedRow): number {
    const index = this.#size;
    const values = row as unknown as Record<string, unknown>;
    if (index === this.#capacity) {
      this.#capacity *= 2;
      this.#times.reserve(this.#capacity);
      for (const column of this.#columns) column.reserve(this.#capacity);
    }
    this.#times.ids[index] = Date.parse(row.timestamp);
    for (let column = 1; column < this.#columns.length; column += 1) {
      const holder = this.#columns[column] as Column;
      holder.ids[index] = holder.idOf(values[ADVANCED_COLUMN_NAMES[column] as string]);
    }
    this.#size = index + 1;
    return index;
  }

  /** Trims the storage to the rows held; call once every row is in. */
  seal(): void {
    this.#times.seal(this.#size);
    for (const column of this.#columns) column.seal(this.#size);
  }

  /** A row's time, epoch milliseconds. */
  time(row: number): number {
    return this.#times.ids[row] as number;
  }

  /** The column of an advanced column name. */
  #column(name: AdvancedColumnName): Column {
    return this.#columns[ADVANCED_COLUMN_NAMES.indexOf(name)] as Column;
  }

  /**
   * A test of a row's value in one column against a set of values, comparing dictionary indexes: a
   * value the column never holds matches no row.
   */
  matcher(name: AdvancedColumnName, values: Iterable<unknown>): (row: number) => boolean {
    if (name === TIME) {
      const times = new Set([...values].map((value) => Date.parse(String(value))));
      return (row) => times.has(this.time(row));
    }
    const column = this.#column(name);
    const ids = new Set<number>();
    for (const value of values) {
      const id = column.find(value);
      if (id !== undefined) ids.add(id);
    }
    const rowIds = column.ids;
    return (row) => ids.has(rowIds[row] as number);
  }

  /** A row as an object (a new one each time). */
  row(row: number): AdvancedRow {
    const object: Record<string, unknown> = { [TIME]: new Date(this.time(row)).toISOString() };
    for (let column = 1; column < this.#columns.length; column += 1) {
      const holder = this.#columns[column] as Column;
      object[ADVANCED_COLUMN_NAMES[column] as string] = holder.values[holder.ids[row] as number];
    }
    return object as unknown as AdvancedRow;
  }

  /** A row's JSON text, advanced or basic, keys in `fields` order: what `JSON.stringify` writes for it. */
  json(row: number, basic: boolean): string {
    const time = `"${new Date(this.time(row)).toISOString()}"`;
    let text = "";
    if (basic) {
      for (const { prefix, column } of basicPlan) {
        if (column === 0) {
          text += prefix + time;
          continue;
        }
        const holder = this.#columns[column] as Column;
        text += prefix + holder.json[holder.ids[row] as number];
      }
    } else {
      text = (advancedPrefixes[0] as string) + time;
      for (let column = 1; column < this.#columns.length; column += 1) {
        const holder = this.#columns[column] as Column;
        text += (advancedPrefixes[column] as string) + holder.json[holder.ids[row] as number];
      }
    }
    return `${text}}`;
  }
}

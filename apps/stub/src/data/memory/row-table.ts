// Advanced rows held column by column: each value's JSON text once in its column, each row a number.
import {
  ADVANCED_COLUMN_NAMES,
  type AdvancedColumnName,
  type AdvancedRow,
  BASIC_COLUMNS,
} from "@giosg-reporting/contract";
import { textOfBytes } from "../json/bytes";
import { Column, ColumnBuilder, type ColumnSnapshot } from "./row-column";

/** A sealed table as plain typed arrays, which a worker can transfer: see {@link RowTable.snapshot}. */
export interface RowTableSnapshot {
  /** Each row's `timestamp`, epoch milliseconds. */
  readonly times: Float64Array;
  /** One column per advanced column after `timestamp`, in the contract's order. */
  readonly columns: readonly ColumnSnapshot[];
}

/** The first column: its values are times, held as epoch milliseconds. */
const TIME = ADVANCED_COLUMN_NAMES[0] as "timestamp";

const encoder = new TextEncoder();

/** What a row's JSON text is made of, in order: each key's `"key":` (after `{` or `,`) and its column. */
interface Part {
  readonly prefix: Uint8Array;
  /** An index into the advanced columns; 0 is the time. */
  readonly column: number;
}

const prefix = (name: string, index: number) =>
  encoder.encode(`${index === 0 ? "{" : ","}${JSON.stringify(name)}:`);
const advancedPlan: readonly Part[] = ADVANCED_COLUMN_NAMES.map((name, column) => ({
  prefix: prefix(name, column),
  column,
}));
const basicPlan: readonly Part[] = BASIC_COLUMNS.map(({ name, from }, index) => ({
  prefix: prefix(name, index),
  column: ADVANCED_COLUMN_NAMES.indexOf(from),
}));

/** From 0000-01-01 to 9999-12-31 (epoch ms) `toISOString` writes 24 characters; outside, 27 (`+275760-…`). */
const FOUR_DIGIT_YEARS = { from: -62_167_219_200_000, to: 253_402_300_799_999 };

/** The length of a time's quoted ISO text. */
function timeBytes(time: number): number {
  return time >= FOUR_DIGIT_YEARS.from && time <= FOUR_DIGIT_YEARS.to ? 26 : 29;
}

/** Collects rows; {@link RowTableBuilder.seal} makes the {@link RowTable}. */
export class RowTableBuilder {
  #times = new Float64Array(1024);
  /** One per advanced column; the one of `timestamp` (index 0) stays empty. */
  readonly #columns = ADVANCED_COLUMN_NAMES.map(() => new ColumnBuilder());
  #size = 0;

  /** How many rows it holds. */
  get size(): number {
    return this.#size;
  }

  /** Adds a row and returns its number. */
  add(row: AdvancedRow): number {
    const index = this.#size;
    const values = row as unknown as Record<string, unknown>;
    if (index === this.#times.length) {
      const grown = new Float64Array(index * 2);
      grown.set(this.#times);
      this.#times = grown;
    }
    this.#times[index] = Date.parse(row.timestamp);
    for (let column = 1; column < this.#columns.length; column += 1)
      (this.#columns[column] as ColumnBuilder).set(
        index,
        values[ADVANCED_COLUMN_NAMES[column] as string],
      );
    this.#size = index + 1;
    return index;
  }

  /** The table of the rows added, in typed arrays of their exact size. */
  seal(): RowTable {
    const size = this.#size;
    return new RowTable({
      times: this.#times.slice(0, size),
      columns: this.#columns.slice(1).map((column) => column.seal(size)),
    });
  }
}

/**
 * Rows stored as one dictionary-encoded column per advanced column: a row costs a few bytes a column
 * instead of an object, a filter compares numbers, and a row's JSON text is copied from its values'
 * texts. Rows are numbered in the order they were added. Only typed arrays are held.
 */
export class RowTable {
  readonly #times: Float64Array;
  /** One per advanced column, aligned with them; index 0 (`timestamp`) is a placeholder. */
  readonly #columns: readonly Column[];
  /** The most bytes a row's JSON text (advanced or basic) can take. */
  readonly maxRowBytes: number;

  constructor({ times, columns }: RowTableSnapshot) {
    this.#times = times;
    this.#columns = [
      new Column({ ids: new Uint8Array(0), text: new Uint8Array(0), starts: new Uint32Array(1) }),
      ...columns.map((column) => new Column(column)),
    ];
    const longest = this.#columns.map(({ starts }) => {
      let most = 0;
      for (let id = 1; id < starts.length; id += 1)
        most = Math.max(most, (starts[id] as number) - (starts[id - 1] as number));
      return most;
    });
    const bytes = (plan: readonly Part[]) =>
      plan.reduce(
        (sum, { prefix, column }) =>
          sum + prefix.length + (column === 0 ? 29 : (longest[column] as number)),
        1,
      );
    this.maxRowBytes = Math.max(bytes(advancedPlan), bytes(basicPlan));
  }

  /** The table's typed arrays, to hand to another thread (which then owns them). */
  snapshot(): RowTableSnapshot {
    return {
      times: this.#times,
      columns: this.#columns.slice(1).map(({ ids, text, starts }) => ({ ids, text, starts })),
    };
  }

  /** How many rows it holds. */
  get size(): number {
    return this.#times.length;
  }

  /** A row's time, epoch milliseconds. */
  time(row: number): number {
    return this.#times[row] as number;
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
      object[ADVANCED_COLUMN_NAMES[column] as string] = holder.value(holder.ids[row] as number);
    }
    return object as unknown as AdvancedRow;
  }

  /** The bytes of a row's JSON text, advanced or basic. */
  jsonBytes(row: number, basic: boolean): number {
    let bytes = 1;
    for (const { prefix, column } of basic ? basicPlan : advancedPlan) {
      bytes += prefix.length;
      if (column === 0) {
        bytes += timeBytes(this.time(row));
        continue;
      }
      const { ids, starts } = this.#columns[column] as Column;
      const id = ids[row] as number;
      bytes += (starts[id + 1] as number) - (starts[id] as number);
    }
    return bytes;
  }

  /**
   * Writes a row's JSON text, advanced or basic, keys in `fields` order (what `JSON.stringify` writes
   * for it) into `out` at `at`, which has room for {@link maxRowBytes}; returns where it ends.
   */
  writeJson(row: number, basic: boolean, out: Uint8Array, at: number): number {
    let end = at;
    for (const { prefix, column } of basic ? basicPlan : advancedPlan) {
      for (let i = 0; i < prefix.length; i += 1) out[end++] = prefix[i] as number;
      if (column === 0) {
        const time = new Date(this.time(row)).toISOString();
        out[end++] = 0x22;
        for (let i = 0; i < time.length; i += 1) out[end++] = time.charCodeAt(i);
        out[end++] = 0x22;
        continue;
      }
      const { ids, text, starts } = this.#columns[column] as Column;
      const id = ids[row] as number;
      const stop = starts[id + 1] as number;
      for (let i = starts[id] as number; i < stop; i += 1) out[end++] = text[i] as number;
    }
    out[end++] = 0x7d;
    return end;
  }

  /** A row's JSON text, advanced or basic (see {@link writeJson}). */
  json(row: number, basic: boolean): string {
    const out = new Uint8Array(this.maxRowBytes);
    return textOfBytes(out.subarray(0, this.writeJson(row, basic, out, 0)));
  }
}

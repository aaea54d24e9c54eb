// A memory source's tables built while an NDJSON file of advanced rows streams by: no row object is kept.
import { statSync } from "node:fs";
import {
  ADVANCED_COLUMN_NAMES,
  ADVANCED_COLUMNS,
  type AdvancedRow,
  advancedRowSchema,
  compileCheck,
  isGoalEvent,
  isOuterGoalEvent,
  stepIndexOf,
  toFieldErrors,
  type WorkflowCatalog,
} from "@giosg-reporting/contract";
import { MemoryTables } from "../memory/memory-tables";
import { DataFileError } from "./data-file-error";
import { listIndexes } from "./list-indexes";
import { DEFAULT_MAX_LINE_BYTES, forEachLine } from "./ndjson-lines";
import { COLUMN_COUNT, isBlank, scanRow, timeOf } from "./row-scanner";
import { ValueDictionary } from "./value-dictionary";

/** The first five issues of a row that breaks the contract, as `path: message; …`. */
export function describeIssues(issues: Parameters<typeof toFieldErrors>[0]): string {
  return toFieldErrors(issues)
    .slice(0, 5)
    .map(({ path, message }) => `${path}: ${message}`)
    .join("; ");
}

/** Each column's check of a value (what the row's schema checks of it), in the contract's order. */
const CHECKS = ADVANCED_COLUMNS.map(({ schema }) => compileCheck(schema));
const column = (name: string) => ADVANCED_COLUMN_NAMES.indexOf(name as never);
const [LABEL, CATEGORY, STEP, ORGANIZATION] = ["label", "category", "dim5", "organization_id"].map(
  column,
) as [number, number, number, number];
/** The start of an organization's list of outer goal events among the lists' names (as MemoryTables names them). */
const OUTER_GOALS = "outer-goals:";
/** Fewer bytes than any line holding a whole row takes (its keys alone take 420): sizes the first arrays. */
const MIN_ROW_BYTES = 480;
/** The most rows the first arrays have room for (a larger file grows them as it is read). */
const MAX_FIRST_ROWS = 1 << 24;
const decoder = new TextDecoder();

/** Whether `bytes[from, to)` is a quoted string of printable ASCII characters without a backslash. */
function isPlainString(bytes: Uint8Array, from: number, to: number): boolean {
  if (bytes[from] !== 0x22 || to - from < 2) return false;
  for (let i = from + 1; i < to - 1; i += 1) {
    const byte = bytes[i] as number;
    if (byte < 0x20 || byte > 0x7e || byte === 0x5c) return false;
  }
  return true;
}

/**
 * Collects the rows of one file into dictionary columns and, per row, the lists it belongs to (its
 * workflow, step and half, or its organization's outer goals), refusing rows of workflows and
 * organizations the catalogue does not list: such a row would be dropped unseen, an answer that lies.
 */
class FileTablesBuilder {
  readonly #path: string;
  readonly #workflowsPath: string;
  readonly #workflows: ReadonlySet<string>;
  readonly #organizations: ReadonlySet<string>;
  readonly #columns: ValueDictionary[];
  readonly #spans = new Int32Array(2 * COLUMN_COUNT);
  /** The bytes of the lines read last, and a view of them to look values up in. */
  #viewed?: Uint8Array;
  #view: DataView = new DataView(new ArrayBuffer(0));
  #times: Float64Array;
  /** Each row's list, an index into {@link #listNames}. */
  #lists: Uint32Array;
  /** Each list's names: `workflow`, `workflow|step`, `workflow|step|half`, or the organization's. */
  readonly #listNames: string[][] = [];
  /** The list of each combination of label, category, step and organization seen (by value indexes). */
  readonly #listOf = new Map<number | string, number>();
  #size = 0;

  constructor(path: string, workflowsPath: string, catalog: WorkflowCatalog, capacity: number) {
    this.#path = path;
    this.#workflowsPath = workflowsPath;
    this.#workflows = new Set(catalog.workflows.map(({ id }) => id));
    this.#organizations = new Set(catalog.organizations.map(({ id }) => id));
    this.#columns = ADVANCED_COLUMN_NAMES.map(() => new ValueDictionary(capacity));
    this.#times = new Float64Array(capacity);
    this.#lists = new Uint32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds the row of one line: read in place when plainly written, else parsed and checked as JSON. */
  addLine(bytes: Buffer, start: number, end: number, number: number): void {
    const row = this.#size;
    if (row === this.#times.length) this.#grow();
    const spans = this.#spans;
    let time = Number.NaN;
    if (bytes !== this.#viewed) {
      this.#viewed = bytes;
      this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.#view;
    let read = scanRow(bytes, view, start, end, spans);
    if (read) {
      time = timeOf(bytes, spans[0] as number, spans[1] as number);
      read = !Number.isNaN(time);
    }
    for (let column = 1; read && column < COLUMN_COUNT; column += 1) {
      const from = spans[2 * column] as number;
      const to = spans[2 * column + 1] as number;
      const dictionary = this.#columns[column] as ValueDictionary;
      let id = dictionary.find(view, from, to);
      if (id < 0) id = this.#firstSeen(column, bytes, view, from, to);
      if (id < 0) read = false;
      else dictionary.set(row, id);
    }
    if (!read) {
      if (isBlank(bytes, start, end)) return;
      time = this.#parseLine(bytes, start, end, number);
      if (Number.isNaN(time)) return;
    }
    this.#times[row] = time;
    this.#lists[row] = this.#listOfRow(row, number);
    this.#size = row + 1;
  }

  /**
   * The index of a value that its column's dictionary did not find by its bytes: added once its text
   * is checked to be JSON of the column's kind, under the text `JSON.stringify` writes; -1 otherwise.
   */
  #firstSeen(column: number, bytes: Buffer, view: DataView, from: number, to: number): number {
    const check = CHECKS[column] as (value: unknown) => boolean;
    // A string of printable ASCII without escapes is written as `JSON.stringify` writes it: kept as is.
    if (isPlainString(bytes, from, to)) {
      const value = bytes.toString("latin1", from + 1, to - 1);
      return check(value) ? (this.#columns[column] as ValueDictionary).add(view, from, to) : -1;
    }
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(bytes.subarray(from, to)));
    } catch {
      return -1;
    }
    return check(value) ? this.#idOf(column, value) : -1;
  }

  /** The index of a checked value in its column, added if new, by its `JSON.stringify` text. */
  #idOf(column: number, value: unknown): number {
    const dictionary = this.#columns[column] as ValueDictionary;
    const text = Buffer.from(JSON.stringify(value) ?? "null");
    const view = new DataView(text.buffer, text.byteOffset, text.length);
    const id = dictionary.find(view, 0, text.length);
    return id >= 0 ? id : dictionary.add(view, 0, text.length);
  }

  /**
   * Parses a line as the contract's row, as `JSON.parse` and the row's schema read it, and sets its
   * columns; returns its time, or NaN for a blank line. A line that is not such a row is a
   * {@link DataFileError} naming the file and the line.
   */
  #parseLine(bytes: Uint8Array, start: number, end: number, number: number): number {
    const text = decoder.decode(bytes.subarray(start, end));
    if (text.trim() === "") return Number.NaN;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DataFileError(`${this.#path}:${number}: not JSON (${(error as Error).message})`);
    }
    const result = advancedRowSchema.safeParse(json);
    if (!result.success)
      throw new DataFileError(`${this.#path}:${number}: ${describeIssues(result.error.issues)}`);
    const values = result.data as unknown as Record<string, unknown>;
    for (let column = 1; column < COLUMN_COUNT; column += 1)
      (this.#columns[column] as ValueDictionary).set(
        this.#size,
        this.#idOf(column, values[ADVANCED_COLUMN_NAMES[column] as string]),
      );
    return Date.parse(result.data.timestamp);
  }

  /** The list of a row, from its label, category, step and organization; a row no list takes is refused. */
  #listOfRow(row: number, number: number): number {
    const columns = this.#columns;
    const label = (columns[LABEL] as ValueDictionary).idOf(row);
    const category = (columns[CATEGORY] as ValueDictionary).idOf(row);
    const step = (columns[STEP] as ValueDictionary).idOf(row);
    const organization = (columns[ORGANIZATION] as ValueDictionary).idOf(row);
    // A number while the indexes are small (they are: few workflows, categories, steps, organizations).
    const key =
      (label | category | step | organization) < 0x2000
        ? ((label * 0x2000 + category) * 0x2000 + step) * 0x2000 + organization
        : `${label},${category},${step},${organization}`;
    const known = this.#listOf.get(key);
    if (known !== undefined) return known;
    const list = this.#newList(label, category, step, organization, number);
    this.#listOf.set(key, list);
    return list;
  }

  /** A new list for rows of these values (by index), after checking that the catalogue knows it. */
  #newList(
    labelId: number,
    categoryId: number,
    stepId: number,
    organizationId: number,
    number: number,
  ): number {
    const valueIn = (column: number, id: number) =>
      (this.#columns[column] as ValueDictionary).value(id);
    const label = valueIn(LABEL, labelId) as string;
    const organization = valueIn(ORGANIZATION, organizationId) as string;
    const fields = {
      label,
      category: valueIn(CATEGORY, categoryId),
      dim5: valueIn(STEP, stepId),
      organization_id: organization,
    } as AdvancedRow;
    const outer = isOuterGoalEvent(fields);
    if (outer && !this.#organizations.has(organization))
      throw new DataFileError(
        `${this.#path}:${number}: organization_id: ${organization} is not an organization of ${this.#workflowsPath}`,
      );
    if (!outer && !this.#workflows.has(label))
      throw new DataFileError(
        `${this.#path}:${number}: label: workflow ${label} is not in ${this.#workflowsPath}`,
      );
    const list = this.#listNames.length;
    if (outer) this.#listNames.push([`${OUTER_GOALS}${organization}`]);
    else {
      const index = stepIndexOf(fields);
      const half = isGoalEvent(fields) ? "goals" : "events";
      this.#listNames.push(
        index === undefined ? [label] : [label, `${label}|${index}`, `${label}|${index}|${half}`],
      );
    }
    return list;
  }

  #grow(): void {
    const times = new Float64Array(Math.ceil(this.#times.length * 1.5) + 1024);
    times.set(this.#times);
    this.#times = times;
    const lists = new Uint32Array(times.length);
    lists.set(this.#lists);
    this.#lists = lists;
  }

  /** The tables: the rows in typed arrays, and each list's rows in time order (stably). */
  seal(): MemoryTables {
    const size = this.#size;
    const times = this.#times.subarray(0, size);
    const lists = listIndexes(times, this.#lists.subarray(0, size), this.#listNames, OUTER_GOALS);
    const columns = this.#columns.slice(1).map((column) => column.seal(size));
    return new MemoryTables({ table: { times, columns }, ...lists });
  }
}

/** Options of {@link readFileTables}. */
export interface FileTablesOptions {
  /** The most bytes a line may hold (default 1 MiB); a longer one is refused before it is held. */
  readonly maxLineBytes?: number;
}

/**
 * The tables of an NDJSON file of advanced rows (each line checked against the contract, and its
 * workflow or organization against `catalog`), built a chunk at a time: a plainly written row is read
 * in place, each distinct value parsed once. `undefined` when the file holds no row.
 */
export async function readFileTables(
  path: string,
  catalog: WorkflowCatalog,
  workflowsPath: string,
  { maxLineBytes = DEFAULT_MAX_LINE_BYTES }: FileTablesOptions = {},
): Promise<MemoryTables | undefined> {
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
    throw new RangeError(`maxLineBytes: ${maxLineBytes} is not a whole number of bytes above 0`);
  let bytes = 0;
  try {
    bytes = statSync(path).size;
  } catch (error) {
    throw new DataFileError(`${path}: ${(error as Error).message}`);
  }
  const builder = new FileTablesBuilder(
    path,
    workflowsPath,
    catalog,
    Math.min(Math.ceil(bytes / MIN_ROW_BYTES) + 16, MAX_FIRST_ROWS),
  );
  await forEachLine(
    path,
    (line, start, end, number) => builder.addLine(line, start, end, number),
    maxLineBytes,
  );
  return builder.size === 0 ? undefined : builder.seal();
}

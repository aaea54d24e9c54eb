// The rows of a memory source and their indexes by workflow and step, built from rows or handed over.
import {
  type AdvancedRow,
  isGoalEvent,
  isOuterGoalEvent,
  stepIndexOf,
  type WorkflowCatalog,
} from "@giosg-reporting/contract";
import { RowTable, RowTableBuilder, type RowTableSnapshot } from "./row-table";

/** Row numbers in time order, with their times for binary search. */
export interface TimeIndex {
  readonly rows: Uint32Array;
  readonly times: Float64Array;
}

/** {@link MemoryTables} as plain data and typed arrays: what a worker posts. */
export interface MemoryTablesSnapshot {
  readonly table: RowTableSnapshot;
  readonly byWorkflow: readonly (readonly [string, TimeIndex])[];
  readonly byStep: readonly (readonly [string, TimeIndex])[];
  readonly outerGoals: readonly (readonly [string, TimeIndex])[];
}

/** The start of an organization's list of outer goal events among the lists' names (no workflow id has it). */
const OUTER_GOALS = "outer-goals:";

/** Collects a list of rows before it is frozen into a {@link TimeIndex}. */
class IndexBuilder {
  readonly rows: number[] = [];
  readonly times: number[] = [];
  add(row: number, at: number): void {
    this.rows.push(row);
    this.times.push(at);
  }
  build(): TimeIndex {
    return { rows: Uint32Array.from(this.rows), times: Float64Array.from(this.times) };
  }
}

/**
 * A table of rows indexed by workflow and by step (the step's own events and its goal events apart),
 * and the outer goal events by organization: only typed arrays, so that a worker can build it and
 * hand it over.
 */
export class MemoryTables {
  readonly table: RowTable;
  /** By workflow id. */
  readonly byWorkflow: ReadonlyMap<string, TimeIndex>;
  /** By `workflow|step`, and `workflow|step|goals` / `workflow|step|events` for each half. */
  readonly byStep: ReadonlyMap<string, TimeIndex>;
  /** The outer goal events (`isOuterGoalEvent`) by organization id. */
  readonly outerGoals: ReadonlyMap<string, TimeIndex>;

  constructor({ table, byWorkflow, byStep, outerGoals }: MemoryTablesSnapshot) {
    this.table = new RowTable(table);
    this.byWorkflow = new Map(byWorkflow);
    this.byStep = new Map(byStep);
    this.outerGoals = new Map(outerGoals);
  }

  /**
   * Indexes `rows` of the workflows in `catalog` (rows of other workflows are kept out), and the outer
   * goal events of its organizations apart from any workflow's (whatever their `label`). Rows are put
   * in time order (stably) whatever order they come in.
   */
  static build(catalog: WorkflowCatalog, rows: Iterable<AdvancedRow>): MemoryTables {
    const builder = new RowTableBuilder();
    // Each row's lists (workflow; step; step's events or goals), as an index into `listNames`, whose
    // entries are made the first time a combination comes.
    const listNames: (readonly [string, string?, string?])[] = [];
    /** By workflow, by step (`-1` for none), the list of its events and of its goals. */
    const listOf = new Map<string, number[][]>();
    let lists = new Uint16Array(1024);
    const known = new Set(catalog.workflows.map(({ id }) => id));
    const organizations = new Set(catalog.organizations.map(({ id }) => id));
    /** By organization, the list of its outer goal events. */
    const outerListOf = new Map<string, number>();
    for (const row of rows) {
      const outer = isOuterGoalEvent(row);
      if (outer ? !organizations.has(row.organization_id) : !known.has(row.label)) continue;
      const number = builder.add(row);
      if (number === lists.length) {
        const grown = new Uint16Array(lists.length * 2);
        grown.set(lists);
        lists = grown;
      }
      if (outer) {
        let list = outerListOf.get(row.organization_id);
        if (list === undefined) {
          list = listNames.length;
          outerListOf.set(row.organization_id, list);
          listNames.push([`${OUTER_GOALS}${row.organization_id}`]);
        }
        lists[number] = list;
        continue;
      }
      const step = stepIndexOf(row);
      const goals = isGoalEvent(row);
      let steps = listOf.get(row.label);
      if (!steps) {
        steps = [];
        listOf.set(row.label, steps);
      }
      let halves = steps[(step ?? -1) + 1];
      if (!halves) {
        halves = [];
        steps[(step ?? -1) + 1] = halves;
      }
      let list = halves[goals ? 1 : 0];
      if (list === undefined) {
        list = listNames.length;
        halves[goals ? 1 : 0] = list;
        const half = goals ? "goals" : "events";
        listNames.push(
          step === undefined
            ? [row.label]
            : [row.label, `${row.label}|${step}`, `${row.label}|${step}|${half}`],
        );
      }
      lists[number] = list;
    }
    const table = builder.seal();
    const size = table.size;
    // Rows come in time order from the fixtures: sort only when they do not.
    let order = Uint32Array.from({ length: size }, (_, row) => row);
    let sorted = true;
    for (let row = 1; row < size && sorted; row += 1)
      sorted = table.time(row - 1) <= table.time(row);
    if (!sorted) order = order.sort((a, b) => table.time(a) - table.time(b) || a - b);
    const builders = new Map<string, IndexBuilder>();
    for (const row of order) {
      const at = table.time(row);
      for (const name of listNames[lists[row] as number] ?? []) {
        if (name === undefined) continue;
        let list = builders.get(name);
        if (!list) {
          list = new IndexBuilder();
          builders.set(name, list);
        }
        list.add(row, at);
      }
    }
    const byWorkflow: [string, TimeIndex][] = [];
    const byStep: [string, TimeIndex][] = [];
    const outerGoals: [string, TimeIndex][] = [];
    for (const [key, list] of builders) {
      if (key.startsWith(OUTER_GOALS))
        outerGoals.push([key.slice(OUTER_GOALS.length), list.build()]);
      else (key.includes("|") ? byStep : byWorkflow).push([key, list.build()]);
    }
    return new MemoryTables({ table: table.snapshot(), byWorkflow, byStep, outerGoals });
  }

  /** The tables as a snapshot, and the buffers to transfer with it (this copy must not be used after). */
  snapshot(): { snapshot: MemoryTablesSnapshot; transfer: ArrayBuffer[] } {
    const snapshot: MemoryTablesSnapshot = {
      table: this.table.snapshot(),
      byWorkflow: [...this.byWorkflow],
      byStep: [...this.byStep],
      outerGoals: [...this.outerGoals],
    };
    const buffers = new Set<ArrayBuffer>([snapshot.table.times.buffer as ArrayBuffer]);
    for (const { ids, text, starts } of snapshot.table.columns)
      for (const array of [ids, text, starts]) buffers.add(array.buffer as ArrayBuffer);
    for (const [, { rows, times }] of [
      ...snapshot.byWorkflow,
      ...snapshot.byStep,
      ...snapshot.outerGoals,
    ])
      for (const array of [rows, times]) buffers.add(array.buffer as ArrayBuffer);
    return { snapshot, transfer: [...buffers] };
  }
}

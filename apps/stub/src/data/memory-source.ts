import { type AdvancedRow, stepIndexOf } from "@giosg-reporting/contract";
import type { Dataset, Workflow, WorkflowCatalog } from "@giosg-reporting/fixtures";
import type { EventSource } from "./event-source";

/** Rows in time order, with their times for binary search. */
interface TimeIndex {
  readonly rows: AdvancedRow[];
  readonly times: number[];
}

const emptyIndex = (): TimeIndex => ({ rows: [], times: [] });

function firstAtOrAfter(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function* slice(index: TimeIndex | undefined, from: number, to: number): Generator<AdvancedRow> {
  if (!index) return;
  const { rows, times } = index;
  for (let i = firstAtOrAfter(times, from); i < rows.length && (times[i] as number) < to; i += 1) {
    yield rows[i] as AdvancedRow;
  }
}

/**
 * Events held in memory, indexed by workflow and by step for fast interval queries. Rows are put in
 * time order (stably) whatever order they come in.
 */
export class MemorySource implements EventSource {
  readonly catalog: WorkflowCatalog;
  readonly retainsRows = true;
  readonly #byWorkflow = new Map<string, TimeIndex>();
  readonly #byStep = new Map<string, Map<number, TimeIndex>>();

  /** The fixtures dataset the rows were generated from, when they were. */
  readonly dataset?: Dataset;

  /** Indexes `rows` of the workflows in `catalog` (rows of other workflows are kept out), generated from `dataset` if given. */
  constructor(catalog: WorkflowCatalog, rows: Iterable<AdvancedRow>, dataset?: Dataset) {
    this.catalog = catalog;
    if (dataset !== undefined) this.dataset = dataset;
    const known = new Set(catalog.workflows.map(({ id }) => id));
    const timed: { at: number; row: AdvancedRow }[] = [];
    for (const row of rows)
      if (known.has(row.label)) timed.push({ at: Date.parse(row.timestamp), row });
    timed.sort((a, b) => a.at - b.at);
    for (const { at, row } of timed) {
      const workflowIndex = this.#byWorkflow.get(row.label) ?? emptyIndex();
      this.#byWorkflow.set(row.label, workflowIndex);
      workflowIndex.rows.push(row);
      workflowIndex.times.push(at);
      const step = stepIndexOf(row);
      if (step === undefined) continue;
      const steps = this.#byStep.get(row.label) ?? new Map<number, TimeIndex>();
      this.#byStep.set(row.label, steps);
      const stepIndex = steps.get(step) ?? emptyIndex();
      steps.set(step, stepIndex);
      stepIndex.rows.push(row);
      stepIndex.times.push(at);
    }
  }

  /** How many events it holds. */
  get size(): number {
    let size = 0;
    for (const { rows } of this.#byWorkflow.values()) size += rows.length;
    return size;
  }

  events(workflow: Workflow, from: number, to: number, step?: number): Iterable<AdvancedRow> {
    const index =
      step === undefined
        ? this.#byWorkflow.get(workflow.id)
        : this.#byStep.get(workflow.id)?.get(step);
    return slice(index, from, to);
  }
}

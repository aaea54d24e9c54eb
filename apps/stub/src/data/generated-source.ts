// A fixtures dataset generated per query, for datasets too large to hold in memory.
import {
  type AdvancedRow,
  type Filter,
  isGoalEvent,
  type Workflow,
  type WorkflowCatalog,
} from "@giosg-reporting/contract";
import { type Dataset, iterateEvents } from "@giosg-reporting/fixtures";
import type { EventSource, StepSelection } from "./event-source";
import { RunTexts, runJson } from "./run-json";

/** Whether a row passes every filter (filters AND together, the values of one filter OR together). */
function matcher(filters: readonly Filter[]): (row: AdvancedRow) => boolean {
  const sets = filters.map(({ property, values }) => ({
    property: property as keyof AdvancedRow,
    values: new Set<unknown>(values),
  }));
  return (row) => sets.every(({ property, values }) => values.has(row[property]));
}

/**
 * A fixtures dataset generated per query: each query generates only its workflow's events in its
 * interval, and only its step's when it names one (the fixtures make those exactly the rows the whole
 * dataset has there). Memory stays flat however large the dataset.
 */
export class GeneratedSource implements EventSource {
  readonly catalog: WorkflowCatalog;
  /** The dataset whose events are generated. */
  readonly dataset: Dataset;
  /** The encoded texts of column runs, kept between answers (bounded). */
  readonly #texts = new RunTexts();

  constructor(dataset: Dataset) {
    this.dataset = dataset;
    this.catalog = { organizations: dataset.organizations, workflows: dataset.workflows };
  }

  /** The workflow's step events (its outer goal events are `outerGoalEvents`', as in a memory source). */
  *events(workflow: Workflow, from: number, to: number, step?: number): Generator<AdvancedRow> {
    const range = this.#range(from, to);
    if (range === undefined) return;
    yield* iterateEvents(this.dataset, {
      ...range,
      workflowIds: [workflow.id],
      outerGoals: "exclude",
      ...(step === undefined ? {} : { step }),
    });
  }

  /** The organization's outer goal events in `[from, to)`, generated alone (no step event is built). */
  *outerGoalEvents(organizationId: string, from: number, to: number): Generator<AdvancedRow> {
    const range = this.#range(from, to);
    if (range === undefined) return;
    yield* iterateEvents(this.dataset, {
      ...range,
      organizationIds: [organizationId],
      outerGoals: "only",
    });
  }

  /** `[from, to)` within the dataset's range, as `iterateEvents` takes it; undefined when empty. */
  #range(from: number, to: number): { from: string; to: string } | undefined {
    const start = Math.max(from, Date.parse(this.dataset.start));
    const end = Math.min(to, Date.parse(this.dataset.end));
    if (start >= end) return undefined;
    return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
  }

  /**
   * The selected rows' JSON, written from the generated rows without the object path's
   * `JSON.stringify`, from texts of column runs kept between answers (see {@link RunTexts}).
   */
  stepJson(selection: StepSelection): Iterable<Uint8Array> {
    const { workflow, step, from, to, goals, filters, limit, basic, onRows } = selection;
    const range = this.#range(from, to);
    const keep = filters.length === 0 ? undefined : matcher(filters);
    const dataset = this.dataset;
    function* selected(): Generator<AdvancedRow> {
      let taken = 0;
      if (limit > 0 && range !== undefined) {
        const events = iterateEvents(dataset, {
          ...range,
          workflowIds: [workflow.id],
          outerGoals: "exclude",
          step,
        });
        for (const row of events) {
          if (isGoalEvent(row) !== goals || (keep && !keep(row))) continue;
          yield row;
          taken += 1;
          if (taken === limit) break;
        }
      }
      onRows?.(taken);
    }
    return runJson(selected(), basic, this.#texts);
  }
}

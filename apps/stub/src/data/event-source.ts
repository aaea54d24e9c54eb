// What the query engine reads events from: the catalog, each workflow's events, and optionally the JSON text of a step's rows.
import type { AdvancedRow, Filter, Workflow, WorkflowCatalog } from "@giosg-reporting/contract";
import type { Dataset } from "@giosg-reporting/fixtures";

/** The rows of one step that a query selects, as {@link EventSource.stepJson} takes them. */
export interface StepSelection {
  /** The workflow. */
  readonly workflow: Workflow;
  /** The step's index (1, 2, …). */
  readonly step: number;
  /** Start of the interval, epoch milliseconds, included. */
  readonly from: number;
  /** End of the interval, epoch milliseconds, excluded. */
  readonly to: number;
  /** Goal events (`triggered_goal`) rather than the step's own. */
  readonly goals: boolean;
  /** Filters on supported properties (the engine has checked them). */
  readonly filters: readonly Filter[];
  /** At most this many rows. */
  readonly limit: number;
  /** Basic rows rather than advanced ones. */
  readonly basic: boolean;
  /** Optional: told how many rows were selected, once the last piece has been produced. */
  readonly onRows?: (rows: number) => void;
}

/** Where the stub's events come from: the organizations and workflows, and each workflow's events. */
export interface EventSource {
  /** The organizations and workflows the stub knows. */
  readonly catalog: WorkflowCatalog;
  /** The fixtures dataset the events come from, when they do: the seed, range and volume in force. */
  readonly dataset?: Dataset;
  /**
   * The workflow's events in `[from, to)` (epoch milliseconds), in time order with ties in a stable
   * order; only those of step `step` when it is given.
   */
  events(workflow: Workflow, from: number, to: number, step?: number): Iterable<AdvancedRow>;
  /**
   * Optional: the selected rows of one step as JSON texts separated by commas (the inside of `data`),
   * in pieces of any size, exactly as `JSON.stringify` writes the rows {@link events} gives. A source
   * that holds its rows answers so without building row objects.
   */
  stepJson?(selection: StepSelection): Iterable<Uint8Array>;
  /**
   * Optional: the organization's outer goal events (`isOuterGoalEvent`: goals reached outside any
   * workflow step) in `[from, to)`, in time order with ties in a stable order. A source without it
   * holds none.
   */
  outerGoalEvents?(organizationId: string, from: number, to: number): Iterable<AdvancedRow>;
}

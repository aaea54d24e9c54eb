import type { AdvancedRow } from "@giosg-reporting/contract";
import type { Dataset, Workflow, WorkflowCatalog } from "@giosg-reporting/fixtures";

/** Where the stub's events come from: the organizations and workflows, and each workflow's events. */
export interface EventSource {
  /** The organizations and workflows the stub knows. */
  readonly catalog: WorkflowCatalog;
  /** The fixtures dataset the events come from, when they do: the seed, range and volume in force. */
  readonly dataset?: Dataset;
  /**
   * Whether `events` hands out the same row objects every time (rows held in memory): then their
   * serialized form can be kept and reused.
   */
  readonly retainsRows: boolean;
  /**
   * The workflow's events in `[from, to)` (epoch milliseconds), in time order with ties in a stable
   * order; only those of step `step` when it is given.
   */
  events(workflow: Workflow, from: number, to: number, step?: number): Iterable<AdvancedRow>;
}

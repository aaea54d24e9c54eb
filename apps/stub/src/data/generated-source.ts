// A fixtures dataset generated per query, for datasets too large to hold in memory.
import { type AdvancedRow, stepIndexOf } from "@giosg-reporting/contract";
import {
  type Dataset,
  iterateEvents,
  type Workflow,
  type WorkflowCatalog,
} from "@giosg-reporting/fixtures";
import type { EventSource } from "./event-source";

/**
 * A fixtures dataset generated per query: each query generates only its workflow's events in its
 * interval (the fixtures make those exactly the rows the whole dataset has there). Memory stays flat
 * however large the dataset.
 */
export class GeneratedSource implements EventSource {
  readonly catalog: WorkflowCatalog;
  /** The dataset whose events are generated. */
  readonly dataset: Dataset;

  constructor(dataset: Dataset) {
    this.dataset = dataset;
    this.catalog = { organizations: dataset.organizations, workflows: dataset.workflows };
  }

  *events(workflow: Workflow, from: number, to: number, step?: number): Generator<AdvancedRow> {
    const start = Math.max(from, Date.parse(this.dataset.start));
    const end = Math.min(to, Date.parse(this.dataset.end));
    if (start >= end) return;
    const rows = iterateEvents(this.dataset, {
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      workflowIds: [workflow.id],
    });
    for (const row of rows) if (step === undefined || stepIndexOf(row) === step) yield row;
  }
}

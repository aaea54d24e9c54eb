import { type AdvancedRow, stepIndexOf } from "@giosg-reporting/contract";
import {
  createDataset,
  type Dataset,
  type DatasetOptions,
  EVENTS_PER_SESSION,
  iterateEvents,
  type Workflow,
  type WorkflowCatalog,
} from "@giosg-reporting/fixtures";
import type { EventSource } from "./event-source";
import { MemorySource } from "./memory-source";

/** Datasets expected to hold more events than this are generated per query instead of held in memory. */
export const MATERIALIZE_LIMIT = 400_000;

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

/** The expected number of events of a dataset, from its range and volume. */
export function expectedEvents(dataset: Dataset): number {
  const days = (Date.parse(dataset.end) - Date.parse(dataset.start)) / 86_400_000;
  return days * dataset.sessionsPerDay * EVENTS_PER_SESSION;
}

/**
 * The events of a fixtures dataset (the default one without options): held in memory when it is
 * small enough ({@link MATERIALIZE_LIMIT}), generated per query otherwise, unless `materialize` says.
 */
export function fixtureSource(
  options: DatasetOptions = {},
  materialize: boolean | "auto" = "auto",
): EventSource {
  const dataset = createDataset(options);
  const inMemory =
    materialize === "auto" ? expectedEvents(dataset) <= MATERIALIZE_LIMIT : materialize;
  if (!inMemory) return new GeneratedSource(dataset);
  return new MemorySource(dataset, iterateEvents(dataset), { dataset });
}

// A source with an endless answer that counts the rows it makes: shows when the stub stops asking.
import type { AdvancedRow } from "@giosg-reporting/contract";
import { createDataset, generateEvents, type Workflow } from "@giosg-reporting/fixtures";
import type { EventSource } from "../../src/index";
import { stepPath } from "./harness";

/** The source, the API path and payload that reach its endless answer, and its counters. */
export interface EndlessSource {
  readonly source: EventSource;
  /** The API route's path for the source's workflow, step 1. */
  readonly path: string;
  /** A payload (no `limit`) whose answer never ends. */
  readonly payload: { filters: []; interval: { start: string; end: string } };
  /** The JSON length of one row, in bytes. */
  readonly rowBytes: number;
  /** Rows made so far. */
  readonly produced: () => number;
  /** How many times the rows' generator was closed (the stub stopped asking). */
  readonly closed: () => number;
}

/** A fixtures catalog whose first workflow's step answers rows without end. */
export function endlessSource(): EndlessSource {
  const interval = { start: "2022-11-01T00:00:00Z", end: "2022-11-03T00:00:00Z" };
  const dataset = createDataset(interval);
  const template = generateEvents(dataset)[0] as AdvancedRow;
  const workflow = dataset.workflows.find(({ id }) => id === template.label) as Workflow;
  let produced = 0;
  let closed = 0;
  const source: EventSource = {
    catalog: dataset,
    *events(_workflow, _from, _to, step) {
      try {
        for (let i = 0; ; i += 1) {
          produced += 1;
          yield {
            ...template,
            dim5: String(step ?? 1),
            timestamp: new Date(Date.parse(template.timestamp) + i).toISOString(),
          };
        }
      } finally {
        closed += 1;
      }
    },
  };
  return {
    source,
    path: stepPath(workflow.organizationId, workflow.id, 1),
    payload: { filters: [], interval },
    rowBytes: Buffer.byteLength(JSON.stringify({ ...template, dim5: "1" })),
    produced: () => produced,
    closed: () => closed,
  };
}

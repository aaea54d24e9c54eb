// The fixtures' dataset as a source in Node: its in-memory tables built in a worker thread.
import type { DatasetOptions } from "@giosg-reporting/fixtures";
import { datasetSource } from "./dataset-source";
import type { EventSource } from "./event-source";
import { buildTablesInWorker } from "./fixture-tables";
import { GeneratedSource } from "./generated-source";

export { expectedEvents, MATERIALIZE_LIMIT } from "./dataset-source";
export { GeneratedSource };

/**
 * The events of a fixtures dataset (the default one without options): held in memory when it is
 * small enough ({@link MATERIALIZE_LIMIT}), generated per query otherwise, unless `materialize` says.
 */
export function fixtureSource(
  options: DatasetOptions = {},
  materialize: boolean | "auto" = "auto",
): EventSource {
  return datasetSource(options, materialize, buildTablesInWorker);
}

// The fixtures' dataset as a source in Node: its in-memory tables built in a worker thread.
import { createDataset, type DatasetOptions } from "@giosg-reporting/fixtures";
import { datasetSource, expectedEvents, MATERIALIZE_LIMIT } from "./dataset-source";
import type { EventSource } from "./event-source";
import { buildTablesInWorker, tablesFromWorker } from "./fixture-tables";
import { GeneratedSource } from "./generated-source";
import { WarmingSource } from "./warming-source";

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

/**
 * {@link fixtureSource} without waiting for its tables: a dataset small enough to hold is a
 * {@link WarmingSource}, which answers at once (by generating each query's events) and, once warmed,
 * from the tables a worker builds; a larger one is generated per query, as ever.
 */
export function warmingFixtureSource(options: DatasetOptions = {}): EventSource {
  const dataset = createDataset(options);
  if (expectedEvents(dataset) > MATERIALIZE_LIMIT) return new GeneratedSource(dataset);
  return new WarmingSource(dataset, () => tablesFromWorker(options));
}

// The fixtures' dataset as a source, on any platform: held in memory when small, generated per query when large.
import {
  createDataset,
  type Dataset,
  type DatasetOptions,
  EVENTS_PER_SESSION,
  iterateEvents,
} from "@giosg-reporting/fixtures";
import type { EventSource } from "./event-source";
import { GeneratedSource } from "./generated-source";
import { MemorySource } from "./memory-source";
import type { MemoryTables } from "./memory-tables";

/** Datasets expected to hold more events than this are generated per query instead of held in memory. */
export const MATERIALIZE_LIMIT = 400_000;

/** The expected number of events of a dataset, from its range and volume. */
export function expectedEvents(dataset: Dataset): number {
  const days = (Date.parse(dataset.end) - Date.parse(dataset.start)) / 86_400_000;
  return days * dataset.sessionsPerDay * EVENTS_PER_SESSION;
}

/**
 * The events of a fixtures dataset (the default one without options): held in memory when it is
 * small enough ({@link MATERIALIZE_LIMIT}), generated per query otherwise, unless `materialize` says.
 * `buildTables` may build the in-memory tables elsewhere (Node's worker); by default this thread does.
 */
export function datasetSource(
  options: DatasetOptions = {},
  materialize: boolean | "auto" = "auto",
  buildTables: (options: DatasetOptions) => MemoryTables | undefined = () => undefined,
): EventSource {
  const dataset = createDataset(options);
  const inMemory =
    materialize === "auto" ? expectedEvents(dataset) <= MATERIALIZE_LIMIT : materialize;
  if (!inMemory) return new GeneratedSource(dataset);
  const rows = buildTables(options) ?? iterateEvents(dataset);
  return new MemorySource(dataset, rows, { dataset });
}

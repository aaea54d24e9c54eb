// A worker thread's entry: builds the fixtures dataset's tables and hands their typed arrays over.
import { workerData } from "node:worker_threads";
import { createDataset, iterateEvents } from "@giosg-reporting/fixtures";
import type { TablesRequest } from "./fixture-tables";
import { MemoryTables } from "./memory-tables";

const { options, port, signal } = workerData as TablesRequest;
try {
  const dataset = createDataset(options);
  const { snapshot, transfer } = MemoryTables.build(dataset, iterateEvents(dataset)).snapshot();
  port.postMessage({ snapshot }, transfer);
} catch (error) {
  port.postMessage({ error: String(error) });
}
port.close();
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);

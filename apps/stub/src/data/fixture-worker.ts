// A worker thread's entry: builds the fixtures dataset's tables and hands their typed arrays over.
import module from "node:module";
import { workerData } from "node:worker_threads";
import type { TablesRequest } from "./fixture-tables";
import { MemoryTables } from "./memory-tables";

const { options, port, signal, compileCache } = workerData as TablesRequest;
// The caller's compile cache, for the modules imported below (a worker does not inherit it).
if (compileCache !== undefined)
  (module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(
    compileCache,
  );
try {
  // Imported here, not above: if the package cannot be loaded, the caller still hears so at once
  // (it waits for the signal below) and builds the tables in its own thread.
  const { createDataset, iterateEvents } = await import("@giosg-reporting/fixtures");
  const dataset = createDataset(options);
  const { snapshot, transfer } = MemoryTables.build(dataset, iterateEvents(dataset)).snapshot();
  port.postMessage({ snapshot }, transfer);
} catch (error) {
  port.postMessage({ error: String(error) });
} finally {
  port.close();
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

// The fixtures dataset's tables built in a worker thread: the build's garbage dies with the worker.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import type { DatasetOptions } from "@giosg-reporting/fixtures";
import { MemoryTables, type MemoryTablesSnapshot } from "./memory-tables";

/** What the worker is given: the dataset's options, where to post, and what to wake the caller with. */
export interface TablesRequest {
  readonly options: DatasetOptions;
  readonly port: MessagePort;
  /** Set to 1 once the answer is posted. */
  readonly signal: Int32Array;
}

/** The worker's entry, built beside the bundle that imports this module (see tsup.config.ts). */
const WORKER_FILE = "./fixture-worker.js";
/**
 * A build slower than this is given up (the caller then builds in its own thread). The default dataset
 * takes about a second; a worker that dies before it starts never signals, and this bounds the wait.
 */
const TIMEOUT_MS = 30_000;

/**
 * The tables of the fixtures dataset of `options`, built in a worker thread while this one waits, or
 * undefined when no worker can build them (run from sources, or bundled without the worker's file).
 * Built here, the rows' objects and the dictionaries' lookups would grow this thread's heap (its young
 * generation most) to about twice what the tables take, for good; the worker's heap goes with it.
 */
export function buildTablesInWorker(options: DatasetOptions): MemoryTables | undefined {
  const url = new URL(WORKER_FILE, import.meta.url);
  if (url.protocol !== "file:" || !existsSync(fileURLToPath(url))) return undefined;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const request: TablesRequest = { options, port: port2, signal };
  // No flags of this process (`--input-type`, loaders, …): the worker's file is plain built JavaScript.
  const worker = new Worker(url, { workerData: request, transferList: [port2], execArgv: [] });
  // Waiting blocks this thread (the caller is synchronous); the worker runs on its own.
  Atomics.wait(signal, 0, 0, TIMEOUT_MS);
  const answer = receiveMessageOnPort(port1)?.message as
    | { snapshot: MemoryTablesSnapshot }
    | { error: string }
    | undefined;
  port1.close();
  if (answer === undefined || "error" in answer) {
    void worker.terminate();
    return undefined;
  }
  return new MemoryTables(answer.snapshot);
}

// The fixtures dataset's tables built in a worker thread: the build's garbage dies with the worker.
import { existsSync } from "node:fs";
import module from "node:module";
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
  /** The compile cache this thread uses (the CLI turns it on, Node 22.1 and later), for the worker too. */
  readonly compileCache?: string;
}

/** What the worker posts: the tables, or why it could not build them. */
type TablesAnswer = { snapshot: MemoryTablesSnapshot } | { error: string };

/** The worker's entry, built beside the bundle that imports this module (see tsup.config.ts). */
const WORKER_FILE = "./fixture-worker.js";
/**
 * A build slower than this is given up (the caller then builds in its own thread). The default dataset
 * takes about a second; a worker that dies before it starts never signals, and this bounds the wait.
 */
const TIMEOUT_MS = 30_000;

/** A worker building the tables of `options`, and where its answer comes; undefined without its file. */
function startWorker(
  options: DatasetOptions,
): { worker: Worker; answers: MessagePort; signal: Int32Array } | undefined {
  const url = new URL(WORKER_FILE, import.meta.url);
  if (url.protocol !== "file:" || !existsSync(fileURLToPath(url))) return undefined;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const { getCompileCacheDir } = module as { getCompileCacheDir?: () => string | undefined };
  const compileCache = getCompileCacheDir?.();
  const request: TablesRequest = {
    options,
    port: port2,
    signal,
    ...(compileCache === undefined ? {} : { compileCache }),
  };
  // No flags of this process (`--input-type`, loaders, …): the worker's file is plain built JavaScript.
  const worker = new Worker(url, { workerData: request, transferList: [port2], execArgv: [] });
  return { worker, answers: port1, signal };
}

/** The tables of an answer; undefined (the worker stopped) for an error or no answer. */
function tablesOf(answer: TablesAnswer | undefined, worker: Worker): MemoryTables | undefined {
  if (answer === undefined || "error" in answer) {
    void worker.terminate();
    return undefined;
  }
  return new MemoryTables(answer.snapshot);
}

/**
 * The tables of the fixtures dataset of `options`, built in a worker thread while this one waits, or
 * undefined when no worker can build them (run from sources, or bundled without the worker's file).
 * Built here, the rows' objects and the dictionaries' lookups would grow this thread's heap (its young
 * generation most) to about twice what the tables take, for good; the worker's heap goes with it.
 */
export function buildTablesInWorker(options: DatasetOptions): MemoryTables | undefined {
  const started = startWorker(options);
  if (started === undefined) return undefined;
  const { worker, answers, signal } = started;
  // Waiting blocks this thread (the caller is synchronous); the worker runs on its own.
  Atomics.wait(signal, 0, 0, TIMEOUT_MS);
  const answer = receiveMessageOnPort(answers)?.message as TablesAnswer | undefined;
  answers.close();
  return tablesOf(answer, worker);
}

/**
 * {@link buildTablesInWorker} without waiting: this thread goes on (loads the server, listens) while the
 * worker builds. Resolves undefined when no worker can build them, or the worker fails or dies.
 */
export function tablesFromWorker(options: DatasetOptions): Promise<MemoryTables | undefined> {
  const started = startWorker(options);
  if (started === undefined) return Promise.resolve(undefined);
  const { worker, answers } = started;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: TablesAnswer | undefined) => {
      if (settled) return;
      settled = true;
      answers.close();
      resolve(tablesOf(answer, worker));
    };
    answers.once("message", (answer: TablesAnswer) => settle(answer));
    worker.once("error", (error) => settle({ error: String(error) }));
    // An answer posted just before the worker ended may not have been delivered yet: read it first.
    worker.once("exit", () =>
      settle(receiveMessageOnPort(answers)?.message as TablesAnswer | undefined),
    );
  });
}

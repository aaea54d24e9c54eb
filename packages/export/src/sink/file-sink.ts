// The file sink: each unit to `<dir>/<workflow>/step-<n>/<target>/<start>_<end>.<format>`, through a temporary name renamed when whole.
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { csvLines, ndjsonLines } from "@giosg-reporting/client";
import { type ExportUnit, parseUnitKey, unitKey } from "../plan/units";
import type { ExportSink, UnitAnswer } from "./sink";
import { StateFile } from "./state-file";

/** The files' format: `ndjson` (one JSON row a line) or `csv` (the contract's CSV, a header first). */
export type FileFormat = "ndjson" | "csv";

/** Options of {@link openFileSink}. */
export interface FileSinkOptions {
  /** The folder the export writes under; the workflow's files go to `<dir>/<workflowId>/`. */
  readonly dir: string;
  /** The workflow (UUID): the folder's name, and the state file's owner. */
  readonly workflowId: string;
  /** `ndjson` (default) or `csv`. */
  readonly format?: FileFormat;
}

/** The name of the state file in `<dir>/<workflowId>/`. */
export const STATE_FILE = "export-state.json";

/** The suffix of a unit's file while it is written: never a finished unit's name. */
export const PARTIAL_SUFFIX = ".partial";

/** Removes the `.partial` files an earlier run killed mid-unit left under `root` (units it may not write again). */
async function sweepPartials(root: string): Promise<void> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries)
    if (entry.isFile() && entry.name.endsWith(PARTIAL_SUFFIX))
      await rm(join(entry.parentPath, entry.name), { force: true });
}

/** Counts the rows as they pass. */
async function* counted(rows: AsyncIterable<object>, count: { rows: number }) {
  for await (const row of rows) {
    count.rows += 1;
    yield row;
  }
}

/** Characters of lines joined into one chunk: a chunk through the streams costs about what a row's JSON does. */
const BATCH_CHARS = 64 * 1024;
const IDLE = Symbol("idle");

/**
 * Joins lines into chunks of about {@link BATCH_CHARS}, pulling the next line only when the chunk is
 * taken; lines held while the answer pauses (the next one not there within a turn of the event loop)
 * are written at once, so a slow answer's rows are not held back.
 */
async function* batched(lines: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  const iterator = lines[Symbol.asyncIterator]();
  let chunk = "";
  let turn: Promise<typeof IDLE> | undefined;
  let next: Promise<IteratorResult<string>> | undefined;
  let done = false;
  try {
    for (;;) {
      next = iterator.next();
      let result = turn === undefined ? await next : await Promise.race([next, turn]);
      if (result === IDLE) {
        turn = undefined;
        yield chunk;
        chunk = "";
        result = await next;
      }
      next = undefined;
      if (result.done) {
        done = true;
        break;
      }
      turn ??= new Promise((resolve) => setImmediate(resolve, IDLE));
      chunk += result.value;
      if (chunk.length >= BATCH_CHARS) {
        turn = undefined;
        yield chunk;
        chunk = "";
      }
    }
    if (chunk !== "") yield chunk;
  } finally {
    // Stopped early (the file failed, or the export was stopped): the answer is released too, at
    // once, or when the line still awaited comes (an async generator closes after its pending step).
    if (!done) {
      const closing = Promise.resolve(iterator.return?.()).catch(() => {});
      if (next) next.catch(() => {});
      else await closing;
    }
  }
}

/**
 * Opens a file sink: reads the state file of `<dir>/<workflowId>/` (the units finished by earlier runs)
 * and writes each new unit to a temporary name, flushed and renamed when whole. A run killed at any
 * point leaves at most a `.partial` file, which the next run removes on opening the sink.
 */
export async function openFileSink(options: FileSinkOptions): Promise<ExportSink> {
  const format = options.format ?? "ndjson";
  const root = join(options.dir, options.workflowId);
  await mkdir(root, { recursive: true });
  await sweepPartials(root);
  const state = await StateFile.open(join(root, STATE_FILE), options.workflowId);
  const keyOf = (unit: ExportUnit) => `${unitKey(unit)}.${format}`;
  return {
    isFinished: (unit) => state.has(keyOf(unit)),
    finishedUnits: () =>
      state
        .keys()
        .filter((key) => key.endsWith(`.${format}`))
        .map((key) => parseUnitKey(key.slice(0, -`.${format}`.length)))
        .filter((unit) => unit !== undefined),
    close: async () => {},
    async writeUnit(unit: ExportUnit, answer: UnitAnswer) {
      const key = keyOf(unit);
      const path = join(root, key);
      const temporary = `${path}${PARTIAL_SUFFIX}`;
      await mkdir(dirname(path), { recursive: true });
      const count = { rows: 0 };
      const rows = counted(answer.rows, count);
      const lines = format === "csv" ? csvLines(answer.fields, rows) : ndjsonLines(rows);
      try {
        // pipeline pulls a line only when the file has taken the last ones: backpressure down to the socket.
        await pipeline(Readable.from(batched(lines)), createWriteStream(temporary));
        const handle = await open(temporary, "r+");
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await rename(temporary, path);
      await state.add(key);
      return count.rows;
    },
  };
}

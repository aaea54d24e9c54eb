// The file sink: each unit to `<dir>/<workflow>/step-<n>/<target>/<start>_<end>.<format>`, through a temporary name renamed when whole.
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { csvLines } from "@giosg-reporting/client";
import { type ExportUnit, parseUnitKey, unitKey } from "../plan/units";
import type { RowBatch } from "../run/guarded-rows";
import { directWritesWork, openUnitOutput } from "./direct-writes";
import { LOCK_FILE, lockFolder } from "./folder-lock";
import type { ExportSink, UnitAnswer } from "./sink";
import { StateFile } from "./state-file";
import { type UnitWrites, writeUnitFile } from "./unit-file";

const ndjsonLine = (row: object) => `${JSON.stringify(row)}\n`;
const same = (line: string) => line;

/** Writes the batches' NDJSON to the file; resolves with the number of rows. */
async function ndjsonOfBatches(
  output: UnitWrites,
  batches: AsyncIterable<RowBatch>,
): Promise<number> {
  let rows = 0;
  await writeUnitFile(output, batches, (batch) => {
    rows += batch.count;
    return batch.ndjson;
  });
  return rows;
}

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
  /**
   * Write the units' files with O_DIRECT where the system and each unit folder's file system take it
   * (Linux, a probe file a folder; default true): past the page cache, so that a large export neither
   * fills the cache nor pays to copy into it. Elsewhere, or false, through the page cache. Either way
   * each file is flushed to the disk before it is renamed into place.
   */
  readonly directWrites?: boolean;
}

/** The name of the state file in `<dir>/<workflowId>/`. */
export const STATE_FILE = "export-state.json";

/** The name of the state file's log in `<dir>/<workflowId>/`: the changes since it was last written whole. */
export const STATE_LOG = "export-state.log";

/** The suffix of a unit's file while it is written: never a finished unit's name. */
export const PARTIAL_SUFFIX = ".partial";

/** Every file under `root`, as paths relative to it with `/` between folders. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/** Whether `inner`'s window lies inside `outer`'s, of the same step and target. */
const isInside = (inner: ExportUnit, outer: ExportUnit) =>
  inner.stepIndex === outer.stepIndex &&
  inner.target === outer.target &&
  inner.window.start.getTime() >= outer.window.start.getTime() &&
  inner.window.end.getTime() <= outer.window.end.getTime();

/** The units the state file records in `format`. */
function recordedUnits(state: StateFile, format: FileFormat): ExportUnit[] {
  return state
    .keys()
    .filter((key) => key.endsWith(`.${format}`))
    .map((key) => parseUnitKey(key.slice(0, -`.${format}`.length)))
    .filter((unit) => unit !== undefined);
}

/**
 * Tidies what a run killed at any point left under `root`: the `.partial` files (units it may not write
 * again), and every unit's file the state does not record: one renamed into place just before the
 * kill (its unit is not finished, and a rerun with another bound or window would not rewrite it but
 * write its rows again in another unit), or one that a recorded unit replaced and was not yet removed.
 * Files whose names are not units' are left alone.
 */
async function sweep(root: string, state: StateFile, format: FileFormat): Promise<void> {
  for (const file of await filesUnder(root)) {
    if (file.endsWith(PARTIAL_SUFFIX)) {
      await rm(join(root, file), { force: true });
      continue;
    }
    if (!file.endsWith(`.${format}`) || state.has(file)) continue;
    if (parseUnitKey(file.slice(0, -`.${format}`.length)))
      await rm(join(root, file), { force: true });
  }
}

/**
 * Opens a file sink: takes the folder's lock (`<dir>/<workflowId>/export.lock`, released by `close`),
 * reads the state file (the units finished by earlier runs) and writes each new unit to a temporary
 * name, flushed and renamed when whole, then records it, replacing the finished units inside its
 * window. A run killed at any point leaves at most `.partial` files and unit files the state does not
 * record, which the next run removes on opening the sink. A live run's lock is a `FolderLockedError`.
 */
export async function openFileSink(options: FileSinkOptions): Promise<ExportSink> {
  const format = options.format ?? "ndjson";
  const root = join(options.dir, options.workflowId);
  await mkdir(root, { recursive: true });
  // The lock first: the sweep must not remove the files of a run still writing.
  const unlock = await lockFolder(join(root, LOCK_FILE));
  let state: StateFile;
  try {
    state = await StateFile.open(join(root, STATE_FILE), options.workflowId);
    await sweep(root, state, format);
  } catch (error) {
    await unlock();
    throw error;
  }
  const keyOf = (unit: ExportUnit) => `${unitKey(unit)}.${format}`;
  // The recorded units of this format by step and target, kept beside the state file's keys.
  const recorded = new Map<string, Map<string, ExportUnit>>();
  const groupOf = (unit: ExportUnit) => {
    const id = `${unit.stepIndex}/${unit.target}`;
    const group = recorded.get(id) ?? new Map<string, ExportUnit>();
    recorded.set(id, group);
    return group;
  };
  for (const unit of recordedUnits(state, format)) groupOf(unit).set(keyOf(unit), unit);
  let closed = false;
  /**
   * The folders of units made by this run, each with whether direct writes work there (probed once:
   * a unit's folder may lie on another file system than the root, through a link or a mount).
   */
  const folders = new Map<string, Promise<boolean>>();
  return {
    // CSV is made from the rows: only an NDJSON folder writes the batches' bytes, and reads no row.
    writesNdjson: format === "ndjson",
    readsRows: format !== "ndjson",
    isFinished: (unit) => state.has(keyOf(unit)),
    finishedUnits: () => [...recorded.values()].flatMap((group) => [...group.values()]),
    async close() {
      if (closed) return;
      closed = true;
      try {
        // The log folded into export-state.json: a finished run leaves one file that lists its units.
        await state.close();
      } finally {
        await unlock();
      }
    },
    async writeUnit(unit: ExportUnit, answer: UnitAnswer) {
      const key = keyOf(unit);
      const path = join(root, key);
      const temporary = `${path}${PARTIAL_SUFFIX}`;
      // Opened before the rows flow, so that nothing creates it after a failure removed it. Its folder
      // is made once per run (again if something removed it meanwhile).
      const folder = dirname(path);
      let ready = folders.get(folder);
      if (ready === undefined) {
        // One probe a folder, however many of its units start at once; a failed mkdir is tried again.
        ready = mkdir(folder, { recursive: true }).then(
          () => options.directWrites !== false && directWritesWork(folder, PARTIAL_SUFFIX),
        );
        folders.set(folder, ready);
        ready.catch(() => folders.delete(folder));
      }
      const direct = await ready;
      const output = await openUnitOutput(temporary, direct).catch(
        async (error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
          await mkdir(folder, { recursive: true });
          return openUnitOutput(temporary, direct);
        },
      );
      let rows: number;
      try {
        try {
          // NDJSON from the batches' own bytes (from the rows when a caller gives only rows); CSV
          // through the client's lines (a header first, then a record a row, as the contract writes it).
          const { writes } = output;
          rows =
            format === "csv"
              ? (await writeUnitFile(writes, csvLines(answer.fields, answer.rows), same)) - 1
              : answer.batches
                ? await ndjsonOfBatches(writes, answer.batches)
                : await writeUnitFile(writes, answer.rows, ndjsonLine);
          await output.file.sync();
        } finally {
          await output.close();
        }
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await rename(temporary, path);
      // The finished units this one replaces: those of its step and target inside its window (the
      // halves of an earlier split, a window clipped at now). Recorded in the same write as this one,
      // then their files removed: a crash before the record rewrites this unit, one after it leaves
      // files the next opening sweeps, and no moment lacks the rows.
      const group = groupOf(unit);
      const replaced = [...group]
        .filter(([old, inner]) => old !== key && isInside(inner, unit))
        .map(([old]) => old);
      for (const old of replaced) group.delete(old);
      group.set(key, unit);
      await state.replace(key, replaced);
      for (const old of replaced) await rm(join(root, old), { force: true });
      return rows;
    },
  };
}

// Reading an export's folder back for the tests: the rows of each (step, target) in time order, and every file's name.
import { watch } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { readStateKeys, STATE_FILE, STATE_LOG } from "../../src";

/** The documentation's example organization. */
export const ORGANIZATION = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
/** The documentation's example workflow in the stub's dataset. */
export const WORKFLOW = "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9";
/** A month of the stub's dataset, with goal events. */
export const MONTH = "2022-11-01T00:00:00Z/2022-12-01T00:00:00Z";

/** Every file under `dir`, as paths relative to it, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The NDJSON rows of one (step, target) of an export under `dir`, its files read in time order (their names sort so). */
export async function ndjsonRows(dir: string, step: number, target: string): Promise<unknown[]> {
  const folder = join(dir, WORKFLOW, `step-${step}`, target);
  const names = (await readdir(folder)).filter((name) => name.endsWith(".ndjson")).sort();
  const rows: unknown[] = [];
  for (const name of names) {
    const text = await readFile(join(folder, name), "utf8");
    for (const line of text.split("\n")) if (line !== "") rows.push(JSON.parse(line));
  }
  return rows;
}

/** Every file of an export folder with its text, the state file as the sorted keys of its finished units. */
export async function contentsOf(folder: string): Promise<Record<string, unknown>> {
  const contents: Record<string, unknown> = {};
  for (const file of await filesUnder(folder)) {
    // The state as its units (the snapshot and its log read together), whatever its files' shape.
    if (file.endsWith(STATE_LOG)) continue;
    contents[file] = file.endsWith(STATE_FILE)
      ? [...(await readStateKeys(join(folder, file)))].sort()
      : await readFile(join(folder, file), "utf8");
  }
  return contents;
}

/** Resolves once a file of `folder` whose name starts with `prefix` holds bytes: waits on the folder's events, not a clock. */
export async function untilBytes(folder: string, prefix: string): Promise<void> {
  const holds = async () => {
    for (const name of await readdir(folder))
      if (
        name.startsWith(prefix) &&
        ((await stat(join(folder, name)).catch(() => undefined))?.size ?? 0) > 0
      )
        return true;
    return false;
  };
  const watcher = watch(folder);
  try {
    await new Promise<void>((resolve, reject) => {
      const check = () => holds().then((done) => done && resolve(), reject);
      watcher.on("change", check);
      check();
    });
  } finally {
    watcher.close();
  }
}

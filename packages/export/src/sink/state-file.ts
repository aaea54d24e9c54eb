// The state file: the keys of the units written whole, a snapshot (replaced atomically) and a log of changes appended since.

import type { FileHandle } from "node:fs/promises";
import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { compareUnitKeys } from "../plan/units";

/** What the snapshot holds: its format version, the workflow, and the finished units' keys. */
interface StateContent {
  readonly version: 1;
  readonly workflowId: string;
  readonly finished: readonly string[];
}

/** One change in the log: a unit recorded, and the units it replaces forgotten, in one line. */
interface StateChange {
  readonly add: string;
  readonly remove?: readonly string[];
}

/** The log beside a snapshot: `export-state.json` → `export-state.log`. */
export const stateLogOf = (path: string) => join(dirname(path), `${basename(path, ".json")}.log`);

/** The text of `path`, or undefined when there is no such file. */
async function textOf(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Reads the finished units' keys: the snapshot, then each whole line of the log (a last line without
 * its newline is a write a crash cut: neither of its changes happened). Writes nothing.
 */
export async function readStateKeys(path: string, workflowId?: string): Promise<Set<string>> {
  const finished = new Set<string>();
  const snapshot = await textOf(path);
  if (snapshot !== undefined) {
    let content: Partial<StateContent>;
    try {
      content = JSON.parse(snapshot) as Partial<StateContent>;
    } catch {
      throw new Error(`${path} is not an export state: it is not JSON`);
    }
    if (
      content.version !== 1 ||
      (workflowId !== undefined && content.workflowId !== workflowId) ||
      !Array.isArray(content.finished)
    )
      throw new Error(
        `${path} is not this workflow's export state (version 1 of ${workflowId ?? "a workflow"})`,
      );
    for (const key of content.finished) if (typeof key === "string") finished.add(key);
  }
  const log = stateLogOf(path);
  const lines = (await textOf(log))?.split("\n") ?? [];
  // The part after the last newline: empty, or a line a crash cut short.
  lines.pop();
  lines.forEach((line, index) => {
    let change: Partial<StateChange>;
    try {
      change = JSON.parse(line) as Partial<StateChange>;
    } catch {
      throw new Error(`${log} line ${index + 1} is not a change of the export state`);
    }
    if (typeof change.add !== "string")
      throw new Error(`${log} line ${index + 1} is not a change of the export state`);
    for (const old of change.remove ?? []) if (old !== change.add) finished.delete(old);
    finished.add(change.add);
  });
  return finished;
}

/**
 * The finished units of one workflow's export. Each change is one line appended to the log and
 * flushed (a run of 10^5 units writes each key once, not the whole set each time); opening and closing
 * fold the log into the snapshot, which is written to a temporary name, flushed and renamed.
 */
export class StateFile {
  readonly #path: string;
  readonly #workflowId: string;
  #finished = new Set<string>();
  #log: FileHandle | undefined;
  /** The last append queued: each waits for the one before. */
  #queue: Promise<void> = Promise.resolve();
  /** Lines waiting for the next append (changes made while one is in progress share it). */
  #pending: string[] = [];
  #next: Promise<void> | undefined;
  /** Set when an append failed: the log may end in a cut line, so no other may follow it. */
  #broken: Error | undefined;

  private constructor(path: string, workflowId: string) {
    this.#path = path;
    this.#workflowId = workflowId;
  }

  /** Opens the state at `path` (none yet is an empty state) and folds its log into the snapshot; another workflow's is an error. */
  static async open(path: string, workflowId: string): Promise<StateFile> {
    const state = new StateFile(path, workflowId);
    state.#finished = await readStateKeys(path, workflowId);
    if ((await textOf(stateLogOf(path))) !== undefined) await state.#compact();
    return state;
  }

  /** Whether the unit of `key` was written whole. */
  has(key: string): boolean {
    return this.#finished.has(key);
  }

  /** The finished units' keys, in the order they were recorded. */
  keys(): string[] {
    return [...this.#finished];
  }

  /** How many units are finished. */
  get size(): number {
    return this.#finished.size;
  }

  /** Records the unit of `key` as finished. */
  add(key: string): Promise<void> {
    return this.replace(key, []);
  }

  /**
   * Records the unit of `key` as finished and forgets the units of `removed` (those it replaces), in
   * one line of the log. Appends are queued, one at a time; changes made while one is in progress share
   * the next. Resolves once the change is flushed to disk.
   */
  replace(key: string, removed: readonly string[]): Promise<void> {
    if (this.#broken) return Promise.reject(this.#broken);
    for (const old of removed) if (old !== key) this.#finished.delete(old);
    this.#finished.add(key);
    const change: StateChange = removed.length > 0 ? { add: key, remove: removed } : { add: key };
    this.#pending.push(`${JSON.stringify(change)}\n`);
    if (this.#next) return this.#next;
    const append = this.#queue.then(() => {
      this.#next = undefined;
      return this.#append();
    });
    this.#next = append;
    this.#queue = append.catch(() => {});
    return append;
  }

  /**
   * Folds the log, if this run wrote one, into the snapshot; the state can no longer change. A fold
   * that fails (a full disk) leaves the log as it is, whole and flushed: the next opening folds it,
   * and nothing of the run's record is lost, so the close does not fail for it.
   */
  async close(): Promise<void> {
    await this.#queue;
    if (this.#broken) return;
    this.#broken = new Error("the export state is closed");
    if (this.#log === undefined) return;
    await this.#log.close();
    this.#log = undefined;
    await this.#compact().catch(async () => {
      await rm(`${this.#path}.partial`, { force: true }).catch(() => {});
    });
  }

  async #append(): Promise<void> {
    const text = this.#pending.join("");
    this.#pending = [];
    try {
      this.#log ??= await open(stateLogOf(this.#path), "a");
      await this.#log.write(text);
      await this.#log.datasync();
    } catch (error) {
      this.#broken = error as Error;
      throw error;
    }
  }

  /** Writes the snapshot of the current set (temporary name, flush, rename), then removes the log it holds. */
  async #compact(): Promise<void> {
    const content: StateContent = {
      version: 1,
      workflowId: this.#workflowId,
      // In the units' order, not the order they finished in: runs that wrote the same units, one at
      // a time or resumed after a crash, leave the same snapshot.
      finished: [...this.#finished].sort(compareUnitKeys),
    };
    const temporary = `${this.#path}.partial`;
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(`${JSON.stringify(content, null, 1)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.#path);
    // A crash before this removal replays the log over a snapshot that holds it already: the same set.
    await rm(stateLogOf(this.#path), { force: true });
  }
}

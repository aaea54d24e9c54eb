// @ts-nocheck
// The state file: the keys of the units written whole, rewritten atomically (a temporary file renamed over it), one write at a time.
import { open, readFile, rename } from "node:fs/promises";

/** What the state file holds: its format version, the workflow, and the finished units' keys. */
interface StateContent {
  readonly version: 1;
  readonly workflowId: string;
  readonly finished: readonly string[];
}

/** The finished units of one workflow's export, kept in a JSON file. */
export class StateFile {
  readonly #path: string;
  readonly #workflowId: string;
  readonly #finished = new Set<string>();
  /** The last write queued: each waits for the one before. */
  #queue: Promise<void> = Promise.resolve();
  /** The write queued behind the one in progress, not yet started: later changes join it. */
  #next: Promise<void> | undefined;

  private constructor(path: string, workflowId: string) {
    this.#path = path;
    this.#workflowId = workflowId;
  }

  /** Opens the state file at `path` (none yet is an empty state); a file of another workflow or format is an error. */
  static async open(path: string, workflowId: string): Promise<StateFile> {
    const state = new StateFile(path, workflowId);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return state;
      throw error;
    }
    const content = JSON.parse(text) as Partial<StateContent>;
    if (
      content.version !== 1 ||
      content.workflowId !== workflowId ||
      !Array.isArray(content.finished)
    )
      throw new Error(`${path} is not this workflow's export state (version 1 of ${workflowId})`);
    for (const key of content.finished) if (typeof key === "string") state.#finished.add(key);
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

  /** Records the unit of `key` as finished: the file is written to a temporary name, flushed, then renamed over the old one. */
  add(key: string): Promise<void> {
    return this.replace(key, []);
  }

  /**
   * Records the unit of `key` as finished and forgets the units of `removed` (those it replaces), in
   * one write of the file. Writes are queued, one at a time, each of the whole current set (changes
   * made while one is in progress share the next): concurrent calls all land, and the file on disk is
   * always one of them whole. Resolves once a write made after the change is on disk.
   */
  replace(key: string, removed: readonly string[]): Promise<void> {
    for (const old of removed) if (old !== key) this.#finished.delete(old);
    this.#finished.add(key);
    // A write queued and not yet started will write this change too: share it.
    if (this.#next) return this.#next;
    const write = this.#queue.then(() => {
      this.#next = undefined;
      return this.#write();
    });
    this.#next = write;
    // The queue goes on after a failed write (the caller gets the failure; the next write has the set).
    this.#queue = write.catch(() => {});
    return write;
  }

  async #write(): Promise<void> {
    const content: StateContent = {
      version: 1,
      workflowId: this.#workflowId,
      finished: [...this.#finished],
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
  }
}

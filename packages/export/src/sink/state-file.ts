// The state file: the keys of the units written whole, rewritten atomically (a temporary file renamed over it).
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
  async add(key: string): Promise<void> {
    this.#finished.add(key);
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

// @ts-nocheck
// The lock of an export folder: `export.lock`, created exclusively with the pid, so that two runs never write into one folder at once.
import { open, readFile, rm } from "node:fs/promises";

/** The name of the lock file in `<dir>/<workflowId>/`. */
export const LOCK_FILE = "export.lock";

/** A lock held by another run that is still alive. */
export class FolderLockedError extends Error {
  override readonly name = "FolderLockedError";
  /** The lock file. */
  readonly path: string;

  constructor(path: string, holder: string) {
    super(
      `${path} is held by ${holder}: another export is running into this folder (remove the file if none is)`,
    );
    this.path = path;
  }
}

/** Whether a process of `pid` is alive on this machine (one that is not ours to signal still is). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates the lock file exclusively with our pid; false when it exists. */
async function create(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Takes the lock at `path`: creates it exclusively with this process's pid. A lock whose pid is alive
 * (this process's own included) is a {@link FolderLockedError}; one left by a process that is gone (a
 * run killed with SIGKILL) is taken over. Resolves with the function that releases it.
 */
export async function lockFolder(path: string): Promise<() => Promise<void>> {
  const release = async () => {
    await rm(path, { force: true });
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await create(path)) return release;
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
    // A lock being written (empty yet) or of another format is left alone, as a live one is.
    if (pid === undefined)
      throw new FolderLockedError(path, `something else ("${text.trim().slice(0, 40)}")`);
    if (pid === process.pid || isAlive(pid)) throw new FolderLockedError(path, `process ${pid}`);
    // Its process is gone: the lock is stale.
    await rm(path, { force: true });
  }
  throw new FolderLockedError(path, "another run that took it over at the same time");
}

// The lock of an export folder: `export.lock`, created exclusively with the pid, so that two runs never write into one folder at once.
import { open, readFile, rm } from "node:fs/promises";

/** The name of the lock file in `<dir>/<workflowId>/`. */
export const LOCK_FILE = "export.lock";

/** Appended to the lock file's name for the file held while a stale lock is taken over. */
export const TAKEOVER_SUFFIX = ".takeover";

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

/** What a lock file says: the pid of its holder, or (empty, being written, or another format) its text. */
type Holder = { readonly pid: number } | { readonly text: string };

/** Reads the lock file at `path`: its holder, or undefined when it is gone. */
async function holderOf(path: string): Promise<Holder | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? { pid: Number(trimmed) } : { text: trimmed };
}

/** Whether `holder` is a process that is gone: its lock is stale (this process's own is alive). */
const isStale = (holder: Holder): holder is { readonly pid: number } =>
  "pid" in holder && !isAlive(holder.pid);

/** Who holds a lock, for the error's message. */
const shown = (holder: Holder) =>
  "pid" in holder ? `process ${holder.pid}` : `something else ("${holder.text.slice(0, 40)}")`;

/**
 * Takes over the stale lock at `path` whose holder was `pid`: if it is still that one, replaces it
 * with this process's; false when it has changed meanwhile. Only one run at a time does this, holding
 * `<path>.takeover`: without it, a run that read the stale lock could remove the lock another run has
 * just put in its place, and both would write into the folder. A takeover file left by a run that is
 * gone is removed first (two runs doing that at once could both go on: that needs a run killed inside
 * a takeover and two starting together after it); one held by a live run is a {@link FolderLockedError}.
 */
export async function takeOver(path: string, pid: number): Promise<boolean> {
  const takeover = `${path}${TAKEOVER_SUFFIX}`;
  let taken = false;
  for (let attempt = 0; attempt < 2 && !taken; attempt += 1) {
    taken = await create(takeover);
    if (taken) break;
    const holder = await holderOf(takeover);
    if (holder === undefined) continue;
    if (!isStale(holder))
      throw new FolderLockedError(path, `${shown(holder)}, which is taking it over (${takeover})`);
    await rm(takeover, { force: true });
  }
  if (!taken) throw new FolderLockedError(path, `another run taking it over (${takeover})`);
  try {
    const holder = await holderOf(path);
    if (holder === undefined || !("pid" in holder) || holder.pid !== pid) return false;
    await rm(path, { force: true });
    return await create(path);
  } finally {
    await rm(takeover, { force: true });
  }
}

/**
 * Takes the lock at `path`: creates it exclusively with this process's pid. A lock whose pid is alive
 * (this process's own included) is a {@link FolderLockedError}; one left by a process that is gone (a
 * run killed with SIGKILL) is taken over, by one run only when several start at once. Resolves with
 * the function that releases it.
 */
export async function lockFolder(path: string): Promise<() => Promise<void>> {
  const release = async () => {
    await rm(path, { force: true });
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await create(path)) return release;
    const holder = await holderOf(path);
    if (holder === undefined) continue;
    // A lock being written (empty yet) or of another format is left alone, as a live one is.
    if (!isStale(holder)) throw new FolderLockedError(path, shown(holder));
    if (await takeOver(path, holder.pid)) return release;
  }
  throw new FolderLockedError(path, "another run that took it over at the same time");
}

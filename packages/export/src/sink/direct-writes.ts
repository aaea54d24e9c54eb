// Unit files written past the page cache (O_DIRECT) where the system allows it: whole aligned blocks from lent aligned memory, the file always exactly the bytes written so far.
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { BLOCK_BYTES, borrowStaging, giveBack } from "./staging-memory";
import { bufferedWrites, type UnitWrites } from "./unit-file";

export { BLOCK_BYTES, STAGING_BYTES } from "./staging-memory";

/** O_DIRECT, where Node knows it for this system (Linux); undefined elsewhere. */
const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT;

/** Writes `bytes` whole at `position`, again from where a short write stopped. */
async function writeAt(file: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0)
      throw new Error(`a direct write at byte ${position + done} wrote nothing`);
    done += bytesWritten;
  }
}

/**
 * A unit's writes to a file opened with O_DIRECT: the bytes are copied into aligned staging memory
 * and written a whole number of blocks at a time; what is left (less than a block) is written as a
 * block too, zeros after it, and the file cut back to its length, then written again with what
 * follows. So the file holds exactly the bytes written so far, after every call.
 */
export class DirectWrites implements UnitWrites {
  /** Bytes held at the staging memory's start, less than a block once a call is over. */
  #held = 0;
  /** Where the next block goes in the file. */
  #position = 0;
  /** Whether the held bytes are in the file already (written as a block at {@link #position}). */
  #heldWritten = false;

  constructor(
    readonly file: FileHandle,
    readonly memory: Uint8Array,
  ) {}

  async write(buffers: readonly Uint8Array[]): Promise<void> {
    const memory = this.memory;
    for (const buffer of buffers) {
      for (let from = 0; from < buffer.length; ) {
        const taken = Math.min(buffer.length - from, memory.length - this.#held);
        memory.set(buffer.subarray(from, from + taken), this.#held);
        this.#held += taken;
        from += taken;
        // The held block in the file, if any, lacks these bytes.
        if (taken > 0) this.#heldWritten = false;
        if (this.#held === memory.length) await this.#writeBlocks();
      }
    }
    await this.#writeBlocks();
    // What is held goes to the file now too: a slow answer's rows are in it as soon as they are
    // written, as through the page cache.
    await this.#writeHeld();
  }

  async end(): Promise<void> {
    await this.#writeHeld();
    this.#position += this.#held;
    this.#held = 0;
  }

  /**
   * Writes the held bytes (less than a block) as a whole block at their place, zeros after them (no
   * byte another unit left in the memory reaches the disk), and cuts the file back to its length;
   * unless they are there already.
   */
  async #writeHeld(): Promise<void> {
    if (this.#held === 0 || this.#heldWritten) return;
    this.memory.fill(0, this.#held, BLOCK_BYTES);
    await writeAt(this.file, this.memory.subarray(0, BLOCK_BYTES), this.#position);
    await this.file.truncate(this.#position + this.#held);
    this.#heldWritten = true;
  }

  /** Writes the whole blocks held; what is left (less than a block) moves to the memory's start. */
  async #writeBlocks(): Promise<void> {
    const whole = this.#held - (this.#held % BLOCK_BYTES);
    if (whole === 0) return;
    await writeAt(this.file, this.memory.subarray(0, whole), this.#position);
    this.#position += whole;
    this.memory.copyWithin(0, whole, this.#held);
    this.#held -= whole;
  }
}

/** A unit's file, open for writing, and how its bytes go there; `close` closes it (and frees its memory). */
export interface UnitOutput {
  readonly file: FileHandle;
  readonly writes: UnitWrites;
  /** Whether the file was opened with O_DIRECT. */
  readonly direct: boolean;
  /** Closes the file; its staging memory goes back for later units. */
  close(): Promise<void>;
}

/** Whether the error says the system or the file system does not take O_DIRECT (or its alignment). */
const refusesDirect = (error: unknown) => (error as NodeJS.ErrnoException).code === "EINVAL";

/**
 * Opens `path` for a unit's bytes (created or emptied): with O_DIRECT when `direct` and the system
 * takes it for this file, else through the page cache.
 */
export async function openUnitOutput(path: string, direct: boolean): Promise<UnitOutput> {
  const memory = direct && O_DIRECT !== undefined ? borrowStaging() : undefined;
  if (memory) {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (O_DIRECT ?? 0);
    const file = await open(path, flags, 0o666).catch((error: unknown) => {
      giveBack(memory);
      if (refusesDirect(error)) return undefined;
      throw error;
    });
    if (file) {
      return {
        file,
        writes: new DirectWrites(file, memory),
        direct: true,
        close: async () => {
          try {
            await file.close();
          } finally {
            giveBack(memory);
          }
        },
      };
    }
  }
  const file = await open(path, "w");
  return { file, writes: bufferedWrites(file), direct: false, close: () => file.close() };
}

/**
 * Whether direct writes work in `folder`: a block written from staging memory with O_DIRECT to a
 * probe file of a name no other has (created, never opened through a link; it ends in `suffix`, the
 * sink's temporary suffix, so that a later run's sweep removes one a kill left), its length cut, and
 * the file removed. False where the system has no O_DIRECT, the file system refuses it or asks for more
 * alignment than {@link BLOCK_BYTES}, or the probe fails in any other way (the units then meet the
 * same error through the page cache, each reported).
 */
export async function directWritesWork(folder: string, suffix: string): Promise<boolean> {
  if (O_DIRECT === undefined) return false;
  const memory = borrowStaging();
  if (memory === undefined) return false;
  const path = join(folder, `${DIRECT_PROBE_PREFIX}${randomUUID()}${suffix}`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_DIRECT;
  let file: FileHandle | undefined;
  try {
    file = await open(path, flags, 0o666);
    const writes = new DirectWrites(file, memory);
    await writes.write([new Uint8Array([0x7b, 0x7d, 0x0a])]);
    await writes.end();
    return true;
  } catch {
    return false;
  } finally {
    await file?.close().catch(() => {});
    giveBack(memory);
    // Its name is this probe's alone: whatever is there (a file an open refused may have made) is ours.
    await rm(path, { force: true }).catch(() => {});
  }
}

/** How the probe files' names begin (then a random UUID and the caller's suffix). */
export const DIRECT_PROBE_PREFIX = "direct-writes-probe-";

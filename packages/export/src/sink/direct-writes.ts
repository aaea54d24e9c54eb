// Unit files written past the page cache (O_DIRECT) where the system allows it: whole aligned blocks from reused aligned memory, the tail written as a block then cut.
import { constants } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { bufferedWrites, type UnitWrites } from "./unit-file";

/** The block that direct writes' memory, lengths and file positions are multiples of (the largest logical block size in use). */
export const BLOCK_BYTES = 4096;

/** Bytes of a unit's aligned staging memory: a multiple of {@link BLOCK_BYTES} and of WebAssembly's 64 KiB page. */
export const STAGING_BYTES = 1024 * 1024;

/** Staging memories kept for later units: as many as units are written at once, up to this many. */
const KEPT_STAGINGS = 16;

const WASM_PAGE_BYTES = 64 * 1024;

/** WebAssembly's memories, where the runtime has WebAssembly (not under `--jitless`); read at each use. */
const wasmMemory = () =>
  (
    globalThis as {
      WebAssembly?: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer } };
    }
  ).WebAssembly?.Memory;

/** Staging memories no unit uses now: reused, so that each unit writes from memory already touched. */
const idle: Uint8Array[] = [];

/**
 * Memory at an address that is a multiple of {@link BLOCK_BYTES}, as O_DIRECT asks: a WebAssembly
 * memory's, which is mapped whole pages at a time (an ArrayBuffer's is only malloc's 16 bytes).
 * Undefined where there is no WebAssembly, or it cannot have the memory (its address space reserved
 * under a `ulimit -v`, say): the unit is then written through the page cache.
 */
function staging(): Uint8Array | undefined {
  const kept = idle.pop();
  if (kept) return kept;
  const Memory = wasmMemory();
  if (Memory === undefined) return undefined;
  try {
    return new Uint8Array(new Memory({ initial: STAGING_BYTES / WASM_PAGE_BYTES }).buffer);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Gives a staging memory back for a later unit. */
function release(memory: Uint8Array): void {
  if (idle.length < KEPT_STAGINGS && !idle.includes(memory)) idle.push(memory);
}

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
 * A unit's writes to a file opened with O_DIRECT: the bytes are copied into aligned staging memory,
 * written a whole number of blocks at a time (the rest held for the next write), and at the end the
 * last part written as a whole block and the file cut back to its length.
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
        // The held block in the file, if any, lacks these bytes.
        if (taken > 0) this.#heldWritten = false;
        from += taken;
        if (this.#held === memory.length) await this.#writeBlocks();
      }
    }
    await this.#writeBlocks();
    // What is held goes to the file now too, as a block the next call writes again with what follows:
    // a slow answer's rows are in the file as soon as they are written, as through the page cache.
    await this.#writeHeld();
  }

  async end(): Promise<void> {
    const held = this.#held;
    if (held === 0) return;
    await this.#writeHeld();
    // The held block's rest, whatever the memory held, is cut (until then the file is a .partial).
    await this.file.truncate(this.#position + held);
    this.#held = 0;
    this.#position += held;
  }

  /** Writes the held bytes (less than a block) as a whole block at their place, unless they are there. */
  async #writeHeld(): Promise<void> {
    if (this.#held === 0 || this.#heldWritten) return;
    await writeAt(this.file, this.memory.subarray(0, BLOCK_BYTES), this.#position);
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
  const memory = direct && O_DIRECT !== undefined ? staging() : undefined;
  if (memory && O_DIRECT !== undefined) {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | O_DIRECT;
    const file = await open(path, flags, 0o666).catch((error: unknown) => {
      release(memory);
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
            release(memory);
          }
        },
      };
    }
  }
  const file = await open(path, "w");
  return { file, writes: bufferedWrites(file), direct: false, close: () => file.close() };
}

/**
 * Whether direct writes work in `folder`: a block written from staging memory to a probe file there
 * with O_DIRECT, its length cut, and the file removed. False where the system has no O_DIRECT, the
 * file system refuses it, or it asks for more alignment than {@link BLOCK_BYTES}.
 */
export async function directWritesWork(folder: string, name: string): Promise<boolean> {
  if (O_DIRECT === undefined) return false;
  const path = `${folder}/${name}`;
  try {
    const output = await openUnitOutput(path, true);
    try {
      if (!output.direct) return false;
      await output.writes.write([new Uint8Array([0x7b, 0x7d, 0x0a])]);
      await output.writes.end();
      return true;
    } finally {
      await output.close();
    }
  } catch (error) {
    if (refusesDirect(error)) return false;
    throw error;
  } finally {
    await rm(path, { force: true });
  }
}

// Aligned memory for direct writes: slots of one WebAssembly memory (one address-space reservation for all), lent to a unit at a time.
import { readFileSync } from "node:fs";

/** The block that direct writes' memory, lengths and file positions are multiples of (the largest logical block size in use). */
export const BLOCK_BYTES = 4096;

/** Bytes of a unit's staging memory: a multiple of {@link BLOCK_BYTES} and of WebAssembly's 64 KiB page. */
export const STAGING_BYTES = 1024 * 1024;

/**
 * Slots of the one memory: more than units are ever written at once (two a request in flight at
 * `--concurrency 16`); a unit that finds none free is written through the page cache. A slot's pages
 * are the system's only once used.
 */
export const STAGING_SLOTS = 40;

const WASM_PAGE_BYTES = 64 * 1024;

/** WebAssembly's memories, where the runtime has WebAssembly (not under `--jitless`); read at each use. */
const wasmMemory = () =>
  (
    globalThis as {
      WebAssembly?: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer } };
    }
  ).WebAssembly?.Memory;

/**
 * Whether the process's address space is bounded (`ulimit -v`, Linux's /proc/self/limits): a
 * WebAssembly memory reserves about 10 GiB of it, which Node's own `fetch` (a WebAssembly parser)
 * may then lack, so no memory is made under a bound.
 */
function addressSpaceBounded(): boolean {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const line = limits.split("\n").find((row) => row.startsWith("Max address space"));
    return line !== undefined && !/\bunlimited\b/.test(line);
  } catch {
    return false;
  }
}

/** The slots' memory once made; null when it cannot be (no WebAssembly, a bound, no room). */
let slots: Uint8Array[] | null | undefined;
/** The slots not lent now. */
const free: Uint8Array[] = [];

/** Makes the slots' memory, once: at an address that is a multiple of a page, as O_DIRECT asks (an ArrayBuffer's is only malloc's 16 bytes). */
function makeSlots(): Uint8Array[] | null {
  const Memory = wasmMemory();
  if (Memory === undefined || addressSpaceBounded()) return null;
  let buffer: ArrayBuffer;
  try {
    buffer = new Memory({ initial: (STAGING_SLOTS * STAGING_BYTES) / WASM_PAGE_BYTES }).buffer;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  return Array.from(
    { length: STAGING_SLOTS },
    (_, slot) => new Uint8Array(buffer, slot * STAGING_BYTES, STAGING_BYTES),
  );
}

/**
 * Lends a slot of aligned staging memory (undefined where there is none: no WebAssembly, an
 * address-space bound, every slot lent); {@link giveBack} returns it.
 */
export function borrowStaging(): Uint8Array | undefined {
  if (slots === undefined) {
    slots = makeSlots();
    if (slots) free.push(...slots);
  }
  return free.pop();
}

/** Returns a slot {@link borrowStaging} lent (once; a second return is ignored). */
export function giveBack(memory: Uint8Array): void {
  if (slots?.includes(memory) && !free.includes(memory)) free.push(memory);
}

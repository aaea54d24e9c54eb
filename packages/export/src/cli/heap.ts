// The CLI process's heap: let grow further between full collections, so that the answers' buffers (outside the heap) do not set one off every few MB.
import { setFlagsFromString } from "node:v8";

/**
 * How much V8 lets the heap grow past what a full collection left before the next one, in percent
 * (its own factor is at most 4x, and far less for a small heap). An export keeps little on its heap:
 * its rows stream through buffers outside it, which V8 counts toward the same limit. With the default
 * the limit is reached every few tens of MB read, and a full collection (marking, with the write
 * barrier on meanwhile) follows: some 60 per million rows. At 400 % a few remain.
 */
export const HEAP_GROWING_PERCENT = 400;

/** The V8 flag this module sets. */
const FLAG = "--heap-growing-percent";

/**
 * Sets {@link HEAP_GROWING_PERCENT} for this process, unless the user set the flag themselves on
 * node's command line (`NODE_OPTIONS` cannot carry it); returns whether it did. For the CLI only:
 * the library never changes its host's flags.
 */
export function tuneHeap(
  execArgv: readonly string[] = process.execArgv,
  set: (flags: string) => void = setFlagsFromString,
): boolean {
  const named = (option: string) => option === FLAG || option.startsWith(`${FLAG}=`);
  if (execArgv.some((option) => named(option.replaceAll("_", "-")))) return false;
  set(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}

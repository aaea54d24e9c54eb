// The CLI process's heap: let it grow further between full collections, and keep its young generation small, so that the answers' buffers (outside the heap) neither set off a full collection every few MB nor pile up dead between scavenges.
import { setFlagsFromString } from "node:v8";

/**
 * How much V8 lets the heap grow past what a full collection left before the next one, in percent
 * (its own factor is at most 4x, and far less for a small heap). An export keeps little on its heap:
 * its rows stream through buffers outside it, which V8 counts toward the same limit. With the default
 * the limit is reached every few tens of MB read, and a full collection (marking, with the write
 * barrier on meanwhile) follows: some 60 per million rows. At 400 % a few remain.
 */
export const HEAP_GROWING_PERCENT = 400;

/**
 * By how much V8 grows its young generation when it is busy (its default doubles it, up to a limit
 * that newer Node.js versions raised). Each buffer an export reads or writes dies young, but the memory
 * behind it is freed only when a scavenge finds it dead: the larger the young generation, the more
 * dead buffers wait. Kept at its first size (1), a 300 MB window into PostgreSQL peaks at about
 * 150 MiB of RSS on Node 24, against about 200 MiB with the default.
 */
export const SEMI_SPACE_GROWTH_FACTOR = 1;

/** The V8 flags this module sets, with their values. */
const FLAGS: readonly (readonly [string, number])[] = [
  ["--heap-growing-percent", HEAP_GROWING_PERCENT],
  ["--semi-space-growth-factor", SEMI_SPACE_GROWTH_FACTOR],
];

/**
 * Sets {@link HEAP_GROWING_PERCENT} and {@link SEMI_SPACE_GROWTH_FACTOR} for this process, each
 * unless the user set that flag themselves on node's command line (`NODE_OPTIONS` cannot carry
 * them); returns the flags it set. For the CLI only: the library never changes its host's flags.
 */
export function tuneHeap(
  execArgv: readonly string[] = process.execArgv,
  set: (flags: string) => void = setFlagsFromString,
): string[] {
  const given = execArgv.map((option) => option.replaceAll("_", "-"));
  const done: string[] = [];
  for (const [flag, value] of FLAGS) {
    if (given.some((option) => option === flag || option.startsWith(`${flag}=`))) continue;
    set(`${flag}=${value}`);
    done.push(flag);
  }
  return done;
}

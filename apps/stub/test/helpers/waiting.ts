// How tests wait for what arrives asynchronously, without betting on how fast the machine is: a bounded
// poll for output written after the fact, and a timer that shows a wait by the order of events.
import { vi } from "vitest";

/**
 * Retries `check` every 15 ms until it passes (and returns what it returns), failing with its last
 * error after 10 s: for output that arrives after the answer, such as a child process's log line.
 */
export function eventually<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 15 });
}

/**
 * A timer of `ms` started now, to show that something waited at least `ms` by the order of events
 * rather than by reading a clock: Node fires timers in the order they fall due, and a wait of `ms`
 * started after this one falls due no earlier, so once that wait is over `rang()` is true, however
 * busy the machine.
 */
export function alarm(ms: number): { readonly rang: () => boolean } {
  let rang = false;
  setTimeout(() => {
    rang = true;
  }, ms).unref();
  return { rang: () => rang };
}

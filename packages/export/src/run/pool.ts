// Runs tasks with at most `concurrency` in flight, in their order, until all are done.

/** The concurrency's bounds: 1 to 16 answers read at once. */
export const MAX_CONCURRENCY = 16;

/**
 * Runs `work` on each item with at most `concurrency` at once, starting them in order; resolves when
 * every one has ended. `work` must not throw: it reports its own failures.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

// Permits to read an answer: at most `size` held at once, handed out in the order they were asked for.

/**
 * A counting semaphore, first come first served. An export holds one permit per answer being read
 * (`--concurrency` of them), from the request to the answer's last row: a unit whose rows are all in
 * lets the next unit's request start while it finishes (flush, rename, commit).
 */
export class Permits {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  /**
   * Resolves with the release of a permit once one is free (at once when one is); the release may be
   * called any number of times, and frees the permit once. An abort before or while waiting rejects
   * with the signal's reason and takes nothing.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const granted = () => {
        signal?.removeEventListener("abort", aborted);
        resolve(this.#releaser());
      };
      const aborted = () => {
        const index = this.#waiting.indexOf(granted);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(granted);
      signal?.addEventListener("abort", aborted, { once: true });
    });
  }

  /** A release of one permit held: hands it to the first waiting, or frees it. */
  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    };
  }
}

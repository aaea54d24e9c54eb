// Half-open time windows [from, to) in milliseconds, kept merged: what a recording holds completely.

/** A half-open window of time, `[from, to)` in milliseconds since the epoch. */
export type Window = readonly [from: number, to: number];

/** A set of half-open windows, merged so that no two overlap or touch. */
export class Windows {
  #list: Window[] = [];

  /** The windows, in time order. */
  get list(): readonly Window[] {
    return this.#list;
  }

  /** Adds `[from, to)`, merging it with the windows it overlaps or touches; an empty window adds nothing. */
  add(from: number, to: number): void {
    if (!(from < to)) return;
    const kept: Window[] = [];
    let start = from;
    let end = to;
    for (const [a, b] of this.#list) {
      if (b < start || a > end) kept.push([a, b]);
      else {
        start = Math.min(start, a);
        end = Math.max(end, b);
      }
    }
    kept.push([start, end]);
    kept.sort((x, y) => x[0] - y[0]);
    this.#list = kept;
  }

  /** Whether the instant `at` lies in one of the windows. */
  holds(at: number): boolean {
    for (const [from, to] of this.#list) if (at >= from && at < to) return true;
    return false;
  }

  /** Whether some of `[from, to)` lies in a window. */
  overlaps(from: number, to: number): boolean {
    return this.#list.some(([a, b]) => a < to && from < b);
  }

  /** Whether the whole of `[from, to)` lies in one window. */
  covers(from: number, to: number): boolean {
    return this.#list.some(([a, b]) => a <= from && to <= b);
  }
}

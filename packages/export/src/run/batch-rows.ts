// A unit's batches as single rows, for sinks that read rows: one row a call, no generator's cost per row.
import type { RowBatch } from "./guarded-rows";

/** What a finished iterator answers. */
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The rows of `batches`, one by one and in order: a row of a batch already read is handed out at
 * once; ending early (`return`) ends the batches too.
 */
export class BatchRows implements AsyncIterableIterator<object> {
  #rows: readonly object[] = [];
  #next = 0;
  readonly #batches: AsyncIterator<RowBatch>;

  constructor(batches: AsyncIterable<RowBatch>) {
    this.#batches = batches[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<object>> {
    if (this.#next < this.#rows.length) {
      const value = this.#rows[this.#next] as object;
      this.#next += 1;
      return Promise.resolve({ done: false, value });
    }
    return this.#more();
  }

  async return(): Promise<IteratorResult<object>> {
    this.#rows = [];
    await this.#batches.return?.();
    return DONE;
  }

  /** Reads batches until one has a row, or they end. */
  async #more(): Promise<IteratorResult<object>> {
    for (;;) {
      const batch = await this.#batches.next();
      if (batch.done) {
        this.#rows = [];
        return DONE;
      }
      if (batch.value.rows.length > 0) {
        this.#rows = batch.value.rows;
        this.#next = 1;
        return { done: false, value: this.#rows[0] as object };
      }
    }
  }
}

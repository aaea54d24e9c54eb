// The rows of a stream handed out as an async generator would hand them, one by one or in batches, without a generator's cost per row.
import type { Sent } from "../transport/transport";
import type { RowReader, StreamRequest } from "./stream";
import { checkRow } from "./validation";

/** What a finished generator answers. */
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The rows split so far, handed out together, with their NDJSON. */
export interface RowBatch<Row> {
  /** The rows, in order, each checked against the contract (none in a batch asked for with `rows: false`). */
  readonly rows: readonly Row[];
  /** How many rows the batch holds (`rows.length`, but for batches asked for with `rows: false`). */
  readonly count: number;
  /**
   * With `rows: false`, each row's time in ms since the epoch: its value of the answer's first
   * `datetime` field (`timestamp` in advanced rows), NaN where that is not an instant. Absent otherwise.
   */
  readonly times?: Float64Array;
  /**
   * The same rows as NDJSON (UTF-8): each row's JSON text as the API sent it, then a line feed; a row
   * whose text could not stand as one line as it was sent (a line break between its values, bytes
   * that are not UTF-8) is written as `JSON.stringify` writes it. Empty when the stream was asked
   * for with `ndjson: false`.
   */
  readonly ndjson: Uint8Array;
}

/** The NDJSON of a batch asked for without it. */
const NO_NDJSON = new Uint8Array(0);

/** The rows of a batch asked for with `rows: false`. */
const NO_ROWS: readonly never[] = Object.freeze([]);

/** How an iterator hands out what the reader has split: one row (checked), or every row split so far. */
type Take<T> = (iterator: RowIterator<T>) => T;

/** The next row split, checked. */
const takeRow: Take<unknown> = (iterator) => {
  const { reader, request, sent } = iterator;
  const row = reader.queue[reader.head];
  reader.queue[reader.head] = undefined;
  reader.head += 1;
  if (request.validateResponse) checkRow(row, request.basic, iterator.index, sent.attempts);
  iterator.index += 1;
  return row;
};

/**
 * Every row split and not yet handed out, checked, with their NDJSON (none when the request keeps no
 * row texts). A row that breaks the contract
 * ends the batch before it; the next call checks it again and throws.
 */
export const takeBatch: Take<RowBatch<unknown>> = (iterator) => {
  const { reader, request, sent } = iterator;
  const { head, queue } = reader;
  let end = head;
  try {
    for (; end < queue.length; end += 1) {
      if (request.validateResponse)
        checkRow(queue[end], request.basic, iterator.index, sent.attempts);
      iterator.index += 1;
    }
  } catch (error) {
    if (end === head) throw error;
  }
  const rows = queue.slice(head, end);
  return { rows, count: rows.length, ndjson: handOut(iterator, end) };
};

/** Hands out the queue's rows up to `end`: their NDJSON (if asked for), the queue emptied up to there. */
function handOut(iterator: RowIterator<RowBatch<unknown>>, end: number): Uint8Array {
  const { reader, request } = iterator;
  const ndjson = request.ndjson ? reader.ndjsonOf(end - reader.head) : NO_NDJSON;
  for (let k = reader.head; k < end; k += 1) reader.queue[k] = undefined;
  reader.head = end;
  return ndjson;
}

/**
 * Every row split and not yet handed out, as {@link takeBatch} takes them, for a stream asked for
 * with `rows: false`: no rows, but their count and times. A row the splitter did not parse (its bytes
 * passed the contract's check) is `undefined` in the queue with its time beside it; a parsed row is
 * checked here and its time read from it.
 */
export const takeCountedBatch: Take<RowBatch<unknown>> = (iterator) => {
  const { reader, request, sent } = iterator;
  const { head, queue } = reader;
  const split = reader.times;
  const times = new Float64Array(queue.length - head);
  let end = head;
  try {
    for (; end < queue.length; end += 1) {
      const row = queue[end];
      if (row === undefined) times[end - head] = split[end] as number;
      else {
        if (request.validateResponse) checkRow(row, request.basic, iterator.index, sent.attempts);
        times[end - head] = reader.timeOf(row);
      }
      iterator.index += 1;
    }
  } catch (error) {
    if (end === head) throw error;
  }
  const count = end - head;
  return {
    rows: NO_ROWS,
    count,
    ndjson: handOut(iterator, end),
    times: count === times.length ? times : times.subarray(0, count),
  };
};

/**
 * The rows of a stream, handed out as an async generator would hand them (one call at a time, in
 * order; ended by `return` or `throw`, after which it is done), without a generator's cost per row:
 * a row already split is handed out at once. Each row is checked as it is handed out, and none once
 * the caller has aborted or the deadline has passed. The body is cancelled and the call's clocks
 * ended on every way out.
 */
export class RowIterator<T = unknown> implements AsyncGenerator<T, void, undefined> {
  /** The index of the next row to hand out. */
  index = 0;
  #over = false;
  /** The call that is reading more of the answer, which any other call waits for. */
  #reading: Promise<IteratorResult<T, void>> | undefined;

  constructor(
    readonly reader: RowReader,
    readonly sent: Sent,
    readonly request: StreamRequest,
    /** One row at a time (the default), or {@link takeBatch}. */
    readonly take: Take<T> = takeRow as Take<T>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, void>> {
    const reading = this.#reading;
    if (reading !== undefined) {
      const next = () => this.next();
      return reading.then(next, next);
    }
    if (this.#over) return Promise.resolve(DONE);
    const { reader } = this;
    if (reader.head < reader.queue.length) {
      try {
        return Promise.resolve({ done: false, value: this.#take() });
      } catch (error) {
        return this.#after(() => this.#fail(error));
      }
    }
    return this.#after(() => this.#more());
  }

  return(): Promise<IteratorResult<T, void>> {
    const end = async () => {
      await this.#end();
      return DONE;
    };
    return this.#reading ? this.#reading.then(end, end) : end();
  }

  throw(error: unknown): Promise<IteratorResult<T, void>> {
    const fail = () => this.#fail(error);
    return this.#reading ? this.#reading.then(fail, fail) : fail();
  }

  /** Runs `step` as the call every other waits for until it settles. */
  #after(step: () => Promise<IteratorResult<T, void>>): Promise<IteratorResult<T, void>> {
    const reading = step();
    this.#reading = reading;
    const settled = () => {
      if (this.#reading === reading) this.#reading = undefined;
    };
    reading.then(settled, settled);
    return reading;
  }

  /** The next row (or batch) split, checked (throws once the call is over, or for a row that breaks the contract). */
  #take(): T {
    // Rows already split are not handed out once the caller has aborted (or the deadline passed).
    if (this.request.call.over) throw this.sent.failure(undefined);
    return this.take(this);
  }

  /** Reads until a row is split (handed out) or the answer ends. */
  async #more(): Promise<IteratorResult<T, void>> {
    const { reader } = this;
    try {
      for (;;) {
        if (reader.head < reader.queue.length) return { done: false, value: this.#take() };
        reader.queue = [];
        reader.lines = [];
        reader.times = [];
        reader.head = 0;
        if (!(await reader.more()) && reader.queue.length === 0) {
          await this.#end();
          return DONE;
        }
      }
    } catch (error) {
      return this.#fail(error);
    }
  }

  async #fail(error: unknown): Promise<never> {
    await this.#end();
    throw error;
  }

  /** Ends the stream (once): cancels the body, ends the call's clocks. */
  async #end(): Promise<void> {
    if (this.#over) return;
    this.#over = true;
    await this.sent.cancel();
    this.request.call.end();
  }
}

/**
 * An async generator of rows that starts the stream at its first call, as an `async function*`
 * would, then hands each call to the rows as they are: a row costs no second generator.
 */
export class LazyRows implements AsyncGenerator<unknown, void, undefined> {
  #rows: AsyncGenerator<unknown, void, undefined> | undefined;
  #starting: Promise<void> | undefined;
  #over = false;

  constructor(readonly start: () => Promise<AsyncGenerator<unknown, void, undefined>>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<unknown, void>> {
    if (this.#rows !== undefined) return this.#rows.next();
    return this.#started(
      (rows) => rows.next(),
      () => Promise.resolve(DONE),
    );
  }

  return(): Promise<IteratorResult<unknown, void>> {
    if (this.#rows !== undefined) return this.#rows.return();
    if (this.#starting === undefined) this.#over = true; // ended before it started: nothing is sent
    return this.#started(
      (rows) => rows.return(),
      () => Promise.resolve(DONE),
    );
  }

  throw(error: unknown): Promise<IteratorResult<unknown, void>> {
    if (this.#rows !== undefined) return this.#rows.throw(error);
    if (this.#starting === undefined) this.#over = true;
    return this.#started(
      (rows) => rows.throw(error),
      () => Promise.reject(error),
    );
  }

  /** `then` on the rows once the stream has started (the first call starts it), or `over` once it is over. */
  #started(
    then: (
      rows: AsyncGenerator<unknown, void, undefined>,
    ) => Promise<IteratorResult<unknown, void>>,
    over: () => Promise<IteratorResult<unknown, void>>,
  ): Promise<IteratorResult<unknown, void>> {
    if (this.#over) return over();
    if (this.#starting === undefined) {
      // The first call: the stream's error (an answer other than 200, no answer) is its to throw.
      this.#starting = this.start().then(
        (rows) => {
          this.#rows = rows;
        },
        (error: unknown) => {
          this.#over = true;
          throw error;
        },
      );
      return this.#starting.then(() =>
        then(this.#rows as AsyncGenerator<unknown, void, undefined>),
      );
    }
    return this.#starting.then(
      () => then(this.#rows as AsyncGenerator<unknown, void, undefined>),
      over,
    );
  }
}

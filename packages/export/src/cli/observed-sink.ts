// A sink that tells a listener when each unit's rows start, pass and end: the CLI's progress without a change to the export.
import type { ExportUnit } from "../plan/units";
import type { RowBatch } from "../run/guarded-rows";
import type { ExportSink, UnitAnswer } from "../sink/sink";

/** What {@link observedSink} reports. */
export interface SinkListener {
  /** A unit's answer has come and its rows begin to be written: the entry's `rows` is counted up as they pass. */
  started(unit: ExportUnit): { rows: number };
  /** Rows have been handed to the sink, counted in the entry already (called per row or per batch: keep it cheap). */
  row(): void;
  /** The unit's writing ended, whole or not. */
  ended(unit: ExportUnit): void;
}

/**
 * The items of `items`, the rows of each (`rowsOf`: 1 for a row, a batch's length) counted in `entry`
 * as it passes (an iterator, not a generator: an item costs one call more, not a generator's queue).
 */
function reported<T>(
  items: AsyncIterable<T>,
  rowsOf: (item: T) => number,
  entry: { rows: number },
  listener: SinkListener,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const inner = items[Symbol.asyncIterator]();
      const count = (result: IteratorResult<T>) => {
        if (!result.done) {
          entry.rows += rowsOf(result.value);
          listener.row();
        }
        return result;
      };
      return {
        next: () => inner.next().then(count),
        return: (value?: unknown) =>
          inner.return ? inner.return(value) : Promise.resolve({ done: true, value: undefined }),
      };
    },
  };
}

/** One row an item. */
const one = () => 1;
/** A batch's rows. */
const batchRows = (batch: RowBatch) => batch.count;

/**
 * `sink` with its `writeUnit` observed (the rows counted as the sink reads them, one by one or in
 * batches); every other member is the sink's own (bound to it, so that a class with private fields
 * works), including members added to the interface later.
 */
export function observedSink(sink: ExportSink, listener: SinkListener): ExportSink {
  const writeUnit = async (unit: ExportUnit, answer: UnitAnswer) => {
    const entry = listener.started(unit);
    try {
      return await sink.writeUnit(unit, {
        ...answer,
        rows: reported(answer.rows, one, entry, listener),
        ...(answer.batches
          ? { batches: reported(answer.batches, batchRows, entry, listener) }
          : {}),
      });
    } finally {
      listener.ended(unit);
    }
  };
  return new Proxy(sink, {
    get(target, property) {
      if (property === "writeUnit") return writeUnit;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

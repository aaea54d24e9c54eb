// A sink that tells a listener when each unit's rows start, pass and end: the CLI's progress without a change to the export.
import type { ExportUnit } from "../plan/units";
import { observedRows } from "../run/checked-rows";
import type { ExportSink, UnitAnswer } from "../sink/sink";

/** What {@link observedSink} reports. */
export interface SinkListener {
  /** A unit's answer has come and its rows begin to be written: the entry's `rows` is counted up as they pass. */
  started(unit: ExportUnit): { rows: number };
  /** A row has been handed to the sink (called per row: keep it cheap). */
  row(): void;
  /** The unit's writing ended, whole or not. */
  ended(unit: ExportUnit): void;
}

/** The rows of `rows`, each counted in `entry` as it passes (an iterator, not a generator: a row costs one call more, not a generator's queue). */
function reported(
  rows: AsyncIterable<object>,
  entry: { rows: number },
  listener: SinkListener,
): AsyncIterable<object> {
  return {
    [Symbol.asyncIterator]() {
      const inner = rows[Symbol.asyncIterator]();
      const count = (result: IteratorResult<object>) => {
        if (!result.done) {
          entry.rows += 1;
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

/**
 * `sink` with its `writeUnit` observed; every other member is the sink's own (bound to it, so that a
 * class with private fields works), including members added to the interface later.
 */
export function observedSink(sink: ExportSink, listener: SinkListener): ExportSink {
  const writeUnit = async (unit: ExportUnit, answer: UnitAnswer) => {
    const entry = listener.started(unit);
    try {
      return await sink.writeUnit(unit, {
        ...answer,
        // Checked rows stay so: a sink that checks each row with a call counts it there.
        rows: observedRows(
          answer.rows,
          () => {
            entry.rows += 1;
            listener.row();
          },
          (rows) => reported(rows, entry, listener),
        ),
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

// A sink that tells a listener when each unit's rows start, pass and end: the CLI's progress without a change to the export.
import type { ExportUnit } from "../plan/units";
import type { ExportSink, UnitAnswer } from "../sink/sink";

/** What {@link observedSink} reports. */
export interface SinkListener {
  /** A unit's answer has come and its rows begin to be written. */
  started(unit: ExportUnit): void;
  /** One more row of the unit has been handed to the sink. */
  row(unit: ExportUnit): void;
  /** The unit's writing ended, whole or not. */
  ended(unit: ExportUnit): void;
}

/** The rows of `rows`, each reported as it passes. */
async function* reported(rows: AsyncIterable<object>, unit: ExportUnit, listener: SinkListener) {
  for await (const row of rows) {
    listener.row(unit);
    yield row;
  }
}

/**
 * `sink` with its `writeUnit` observed; every other member is the sink's own (bound to it, so that a
 * class with private fields works), including members added to the interface later.
 */
export function observedSink(sink: ExportSink, listener: SinkListener): ExportSink {
  const writeUnit = async (unit: ExportUnit, answer: UnitAnswer) => {
    listener.started(unit);
    try {
      return await sink.writeUnit(unit, { ...answer, rows: reported(answer.rows, unit, listener) });
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

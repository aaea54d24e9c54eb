// `interval` is half-open: the answers for [start, m) and [m, end) add up to the answer for [start, end).
import { sameRows } from "./compare";
import { type CheckDefinition, isoOf, timeOf, windowOf } from "./context";

/** Half-open interval additivity over W, split at the time of its middle row. */
export const intervalAdditivity: CheckDefinition = {
  id: "interval-additivity",
  title: "[start, m) followed by [m, end) equals [start, end)",
  reading: "interval",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const start = Date.parse(window.start);
    const end = Date.parse(window.end);
    // At a row's own time, so that the row sits on the boundary: it belongs to the second half only.
    const middle = timeOf(window.rows[Math.floor(window.rows.length / 2)] ?? {});
    const m = middle > start && middle < end ? middle : Math.floor((start + end) / 2);
    const first = await recorder.send(
      context.probe({ filters: [], interval: { start: window.start, end: isoOf(m) } }),
    );
    const second = await recorder.send(
      context.probe({ filters: [], interval: { start: isoOf(m), end: window.end } }),
    );
    const a = recorder.rowsOf(first);
    const b = recorder.rowsOf(second);
    if (!a || !b) return undefined;
    const deviation = sameRows(window.rows, [...a, ...b], {
      check: "interval.additivity",
      reading: "interval",
      what: `the window's answer (the answers for [start, ${isoOf(m)}) and [${isoOf(m)}, end) joined)`,
    });
    if (deviation) recorder.deviate(deviation, second);
    return undefined;
  },
};

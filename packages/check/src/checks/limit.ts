// `limit`: a number and a string of digits answer alike, and limit N answers the first N rows.
import { sameRows } from "./compare";
import type { CheckDefinition } from "./context";
import { windowOf } from "./context";

/** How many rows the limit checks ask for: fewer than the window holds, so that the limit bites. */
const limitFor = (rows: number) => Math.max(1, Math.min(5, Math.floor(rows / 2)));

/** `limit` as a number and as a string of digits give the same answer. */
export const limitString: CheckDefinition = {
  id: "limit-string",
  title: "limit as a number and as a string of digits give the same answer",
  reading: "limit",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const n = limitFor(window.rows.length);
    const interval = { start: window.start, end: window.end };
    const asNumber = await recorder.send(context.probe({ filters: [], interval, limit: n }));
    const asString = await recorder.send(
      context.probe({ filters: [], interval, limit: String(n) }),
    );
    const numbered = recorder.rowsOf(asNumber);
    const stringed = recorder.rowsOf(asString);
    if (!numbered || !stringed) return undefined;
    const deviation = sameRows(numbered, stringed, {
      check: "limit.string",
      reading: "limit",
      what: `the answer to limit ${n} (a number)`,
    });
    if (deviation) recorder.deviate(deviation, asString);
    return undefined;
  },
};

/** `limit N` answers the first N rows of the answer without it; the discovery sample agrees with W. */
export const limitPrefix: CheckDefinition = {
  id: "limit-prefix",
  title: "limit N answers the first N rows of the answer without limit",
  reading: "limit",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const n = limitFor(window.rows.length);
    const exchange = await recorder.send(
      context.probe({ filters: [], interval: { start: window.start, end: window.end }, limit: n }),
    );
    const rows = recorder.rowsOf(exchange);
    if (rows) {
      const deviation = sameRows(window.rows.slice(0, n), rows, {
        check: "limit.prefix",
        reading: "limit",
        what: `the first ${n} rows of the window's answer`,
      });
      if (deviation) recorder.deviate(deviation, exchange);
    }
    if (!window.fromSample) {
      // Discovery's limited answer over the interval began with W's rows: W's own answer must be them.
      const deviation = sameRows(window.sampleRows, window.rows, {
        check: "limit.prefix",
        reading: "limit",
        what: "discovery's limited answer, up to the window's end",
      });
      if (deviation) recorder.deviate(deviation);
    }
    return undefined;
  },
};

// The documentation's own example requests, basic and advanced, for an action of the window.
import { type AdvancedRow, toBasicRow } from "@giosg-reporting/contract";
import { sameRows } from "./compare";
import { type CheckDefinition, valuesByFrequency, windowOf } from "./context";

// The documentation writes its interval with a "+00:00" offset and its limit as the string "2".
const withOffset = (iso: string) => iso.replace(/Z$/, "+00:00");

function documentedExample(basic: boolean): CheckDefinition {
  return {
    id: basic ? "documented-basic" : "documented-advanced",
    title: `The documentation's ${basic ? "basic" : "advanced"} example: filter by action, offset interval, limit "2", basic ${basic}`,
    reading: basic ? "basic-rows" : "advanced-rows",
    async run(context, recorder) {
      const window = windowOf(context);
      if ("skip" in window) return window;
      const [action] = valuesByFrequency(window.rows, "action");
      if (action === undefined) return { skip: "no row of the window names an action" };
      const exchange = await recorder.send(
        context.probe({
          filters: [{ property: "action", values: [action] }],
          interval: { start: withOffset(window.start), end: withOffset(window.end) },
          limit: "2",
          basic,
        }),
      );
      const rows = recorder.rowsOf(exchange);
      if (!rows) return undefined;
      const first = window.rows.filter((row) => row.action === action).slice(0, 2);
      const expected = basic
        ? first.map((row) => toBasicRow(row as unknown as AdvancedRow))
        : first;
      const deviation = sameRows(expected, rows, {
        check: basic ? "basic.rows" : "filters.rows",
        reading: basic ? "basic-rows" : "filters",
        what: `the first 2 rows of the window with action ${JSON.stringify(action)}${basic ? ", projected to basic rows" : ""}`,
      });
      if (deviation) recorder.deviate(deviation, exchange);
      return undefined;
    },
  };
}

/** The documentation's basic example, for an action of the window. */
export const documentedBasic = documentedExample(true);
/** The documentation's advanced example, for an action of the window. */
export const documentedAdvanced = documentedExample(false);

// `basic: true` answers the projection of the advanced rows, row for row.
import { type AdvancedRow, toBasicRow } from "@giosg-reporting/contract";
import { sameRows } from "./compare";
import { type CheckDefinition, windowOf } from "./context";

/** The window's basic rows are `toBasicRow` of its advanced rows, in order. */
export const basicProjection: CheckDefinition = {
  id: "basic-projection",
  title: "basic: true answers each advanced row projected to the 11 basic columns, in order",
  reading: "basic-rows",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const exchange = await recorder.send(
      context.probe({
        filters: [],
        interval: { start: window.start, end: window.end },
        basic: true,
      }),
    );
    const rows = recorder.rowsOf(exchange);
    if (!rows) return undefined;
    const deviation = sameRows(
      window.rows.map((row) => toBasicRow(row as unknown as AdvancedRow)),
      rows,
      {
        check: "basic.projection",
        reading: "basic-rows",
        what: "the window's advanced rows projected",
      },
    );
    if (deviation) recorder.deviate(deviation, exchange);
    return undefined;
  },
};

// Filters: one filter's values OR together, filters AND together, matching exactly.
import { sameRows } from "./compare";
import { type CheckDefinition, valuesByFrequency, windowOf } from "./context";

/** Stands for a second action when the window holds only one: exact matching finds no row for it. */
export const ABSENT_ACTION = "giosg-reporting-check: no such action";

/** One filter with two action values equals the window's rows with either action, in order. */
export const filtersOr: CheckDefinition = {
  id: "filters-or",
  title: "One filter with two action values answers the rows with either action",
  reading: "filters",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const [first, second = ABSENT_ACTION] = valuesByFrequency(window.rows, "action");
    if (first === undefined) return { skip: "no row of the window names an action" };
    const values = [first, second];
    const exchange = await recorder.send(
      context.probe({
        filters: [{ property: "action", values }],
        interval: { start: window.start, end: window.end },
      }),
    );
    const rows = recorder.rowsOf(exchange);
    if (!rows) return undefined;
    const expected = window.rows.filter((row) => values.includes(row.action as string));
    const deviation = sameRows(expected, rows, {
      check: "filters.or",
      reading: "filters",
      what: `the window's rows with action ${values.map((v) => JSON.stringify(v)).join(" or ")}`,
    });
    if (deviation) recorder.deviate(deviation, exchange);
    return undefined;
  },
};

/** Two filters (action and category) equal the window's rows matching both, in order. */
export const filtersAnd: CheckDefinition = {
  id: "filters-and",
  title: "Two filters (action and category) answer the rows matching both",
  reading: "filters",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const [action] = valuesByFrequency(window.rows, "action");
    if (action === undefined) return { skip: "no row of the window names an action" };
    const [category] = valuesByFrequency(
      window.rows.filter((row) => row.action === action),
      "category",
    );
    if (category === undefined) return { skip: `no row with action ${action} names a category` };
    const exchange = await recorder.send(
      context.probe({
        filters: [
          { property: "action", values: [action] },
          { property: "category", values: [category] },
        ],
        interval: { start: window.start, end: window.end },
      }),
    );
    const rows = recorder.rowsOf(exchange);
    if (!rows) return undefined;
    const expected = window.rows.filter(
      (row) => row.action === action && row.category === category,
    );
    const deviation = sameRows(expected, rows, {
      check: "filters.and",
      reading: "filters",
      what: `the window's rows with action ${JSON.stringify(action)} and category ${JSON.stringify(category)}`,
    });
    if (deviation) recorder.deviate(deviation, exchange);
    return undefined;
  },
};

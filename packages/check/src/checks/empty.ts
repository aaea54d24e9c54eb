// An interval without events: a 200 with `data: []`, not a 404.
import type { CheckDefinition } from "./context";

/** A day long before any event: nothing can match. */
export const EMPTY_INTERVAL = { start: "2000-01-01T00:00:00Z", end: "2000-01-02T00:00:00Z" };

/** An empty window is answered 200 with `data: []` and the usual fields. */
export const emptyWindow: CheckDefinition = {
  id: "empty-window",
  title: "An interval without events is answered 200 with data: [], not 404",
  reading: "empty-answers",
  async run(context, recorder) {
    const exchange = await recorder.send(context.probe({ filters: [], interval: EMPTY_INTERVAL }));
    const rows = recorder.rowsOf(exchange);
    if (rows && rows.length > 0)
      recorder.deviate(
        {
          check: "rows.empty",
          reading: "empty-answers",
          message: `${rows.length} rows for ${EMPTY_INTERVAL.start}/${EMPTY_INTERVAL.end}, where no event can be`,
          expected: 0,
          actual: rows.length,
        },
        exchange,
      );
    return undefined;
  },
};

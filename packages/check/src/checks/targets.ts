// `target` and `step_data`: goal events apart from the step's events, and the funnel narrowing them.
import { ACTION_ID_COLUMN, GOAL_CATEGORY } from "@giosg-reporting/contract";
import { rowKey, sameRows, subsequence } from "./compare";
import { type CheckDefinition, valuesByFrequency, windowOf } from "./context";

/** `triggered_goal` answers goal events of the step (the audit checks each row); `default` never does. */
export const goalEvents: CheckDefinition = {
  id: "goal-events",
  title: 'target "triggered_goal" answers the step\'s goal events, target "default" never does',
  reading: "goal-events",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const interval = { start: window.start, end: window.end };
    const goals = await recorder.send(
      context.probe({ filters: [], interval, target: "triggered_goal" }),
    );
    const defaults = await recorder.send(
      context.probe({ filters: [], interval, target: "default" }),
    );
    const goalRows = recorder.rowsOf(goals);
    const defaultRows = recorder.rowsOf(defaults);
    if (defaultRows) {
      // Leaving target out means "default": both answer the window's rows.
      const deviation = sameRows(window.rows, defaultRows, {
        check: "target.default",
        reading: "goal-events",
        what: 'the window\'s answer without target (target "default" is the default)',
      });
      if (deviation) recorder.deviate(deviation, defaults);
    }
    if (goalRows && defaultRows) {
      const steps = new Set(defaultRows.map(rowKey));
      const shared = goalRows.findIndex((row) => steps.has(rowKey(row)));
      if (shared >= 0)
        recorder.deviate(
          {
            check: "target.goals",
            reading: "goal-events",
            message: `data[${shared}] of the triggered_goal answer is also a row of the default answer`,
            at: `data[${shared}]`,
            expected: GOAL_CATEGORY,
          },
          goals,
        );
    }
    return undefined;
  },
};

/** `step_data` naming the window's action ids answers a sub-sequence of the window's rows. */
export const stepData: CheckDefinition = {
  id: "step-data",
  title:
    "step_data (one object per step, the step's listing the window's action ids) answers a sub-sequence of the step's rows",
  reading: "step-data",
  async run(context, recorder) {
    const window = windowOf(context);
    if ("skip" in window) return window;
    const actions = valuesByFrequency(window.rows, ACTION_ID_COLUMN);
    const stepObject = actions.length > 0 ? { actions } : {};
    const step_data = Array.from({ length: context.target.step + 1 }, (_, i) =>
      i === context.target.step ? stepObject : {},
    );
    const exchange = await recorder.send(
      context.probe({ filters: [], interval: { start: window.start, end: window.end }, step_data }),
    );
    const rows = recorder.rowsOf(exchange);
    if (!rows) return undefined;
    const deviation = subsequence(window.rows, rows, {
      check: "step-data.subsequence",
      reading: "step-data",
      what: "the window's rows without step_data",
    });
    if (deviation) recorder.deviate(deviation, exchange);
    return undefined;
  },
};

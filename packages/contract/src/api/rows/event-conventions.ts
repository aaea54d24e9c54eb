import type { AdvancedColumnName } from "./columns";
import type { AdvancedRow } from "./rows";

// Where an advanced row says which workflow, session, step and action it belongs to: the reading in
// this package's README, "How the documentation is read".

/** The column that names the event's workflow (its UUID). */
export const WORKFLOW_COLUMN = "label" satisfies AdvancedColumnName;
/** The column that names the event's workflow session (flow). */
export const WORKFLOW_SESSION_COLUMN = "dim1" satisfies AdvancedColumnName;
/** The column that holds a step action's identifier (page URL or view UID), matched by `step_data`. */
export const ACTION_ID_COLUMN = "dim3" satisfies AdvancedColumnName;
/** The column that holds the step's name (the view title). */
export const STEP_NAME_COLUMN = "dim4" satisfies AdvancedColumnName;
/** The column that holds the step's index as text (`"0"` is the source step). */
export const STEP_INDEX_COLUMN = "dim5" satisfies AdvancedColumnName;

/**
 * The `category` of goal events: a goal triggered at a step is an event of that workflow whose step
 * columns name the step, returned by `target: "triggered_goal"` and never by `target: "default"`.
 */
export const GOAL_CATEGORY = "Goal";

/** Whether an advanced row is a goal event (what `target: "triggered_goal"` returns). */
export function isGoalEvent(row: Pick<AdvancedRow, "category">): boolean {
  return row.category === GOAL_CATEGORY;
}

/** The step index an advanced row belongs to, or `undefined` when its step column is not a whole number. */
export function stepIndexOf(row: Pick<AdvancedRow, typeof STEP_INDEX_COLUMN>): number | undefined {
  const text = row[STEP_INDEX_COLUMN];
  return text !== null && /^(0|[1-9][0-9]*)$/.test(text) ? Number(text) : undefined;
}

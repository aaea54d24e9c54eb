import {
  ACTION_ID_COLUMN,
  type AdvancedRow,
  isGoalEvent,
  type StepData,
  stepIndexOf,
  WORKFLOW_SESSION_COLUMN,
} from "@giosg-reporting/contract";

/** The events a query asks for at its step: the step's own events, or the goals triggered there. */
export type StepEvents = "default" | "triggered_goal";

/** Whether an event of step `step` matches what `step_data` shows for that step (any action when it lists none). */
function shows(stepData: readonly StepData[], step: number, row: AdvancedRow): boolean {
  const actions = stepData[step]?.actions;
  return actions === undefined || actions.includes(row[ACTION_ID_COLUMN] ?? "");
}

/**
 * The chart's funnel, as the contract's README reads `step_data` ("How the documentation is read"):
 * from a workflow's events in time order, the events of step `step` whose action `step_data` shows
 * and whose session passed, in time order, through an event of each earlier step (1 … step − 1)
 * that `step_data` shows. With `triggered_goal`, the goals triggered at `step` by sessions that
 * reached it that way. The source step is not used.
 */
export function* funnel(
  workflowEvents: Iterable<AdvancedRow>,
  stepData: readonly StepData[],
  step: number,
  target: StepEvents,
): Generator<AdvancedRow> {
  // How far each session has come through the funnel: the last step it passed (0: the source step).
  const progress = new Map<string, number>();
  for (const row of workflowEvents) {
    const session = row[WORKFLOW_SESSION_COLUMN] ?? "";
    const index = stepIndexOf(row);
    if (index === undefined) continue;
    const reached = progress.get(session) ?? 0;
    if (isGoalEvent(row)) {
      if (target === "triggered_goal" && index === step && reached >= step) yield row;
      continue;
    }
    if (index < 1 || index > step || reached < index - 1 || !shows(stepData, index, row)) continue;
    if (index > reached) progress.set(session, index);
    if (index === step && target === "default") yield row;
  }
}

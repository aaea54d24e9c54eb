// `POST …/workflows/{workflow_id}/source_data`: the outer goal events an interaction workflow affected.
import { z } from "zod/v3";
import { stepSourceDataRequestSchema } from "./request";
import { GOAL_CATEGORY } from "./rows/event-conventions";
import type { AdvancedRow } from "./rows/rows";

/** What `source_data` returns: the goal events the workflow affected, or all of them (the total). */
export const sourceDataTargetSchema = z
  .enum(["affected_goal", "affected_goal_total"])
  .describe(
    "`affected_goal`: the outer goal events the workflow affected; `affected_goal_total`: every outer goal event of the workflow's organization in the interval, affected or not (the total the affected ones are part of).",
  );

/** What `source_data` returns. */
export type SourceDataTarget = z.infer<typeof sourceDataTargetSchema>;

/** The `source_data` payload: the step endpoint's without `step_data`, with its own `target`. */
export const sourceDataRequestSchema = stepSourceDataRequestSchema
  .omit({ step_data: true, target: true })
  .extend({ target: sourceDataTargetSchema.default("affected_goal") })
  .strict()
  .describe("The query of an interaction workflow's outer goal events: filters, interval, target.");

/** The `source_data` payload as sent. */
export type SourceDataRequestInput = z.input<typeof sourceDataRequestSchema>;
/** The `source_data` payload once parsed. */
export type SourceDataRequest = z.output<typeof sourceDataRequestSchema>;

/**
 * Whether a row is an outer goal event: a goal (`category` `Goal`) reached outside any workflow step
 * (no step index in `dim5`). Its `label` names the interaction workflow that affected it, or is empty.
 */
export function isOuterGoalEvent(row: Pick<AdvancedRow, "category" | "dim5">): boolean {
  return row.category === GOAL_CATEGORY && row.dim5 === null;
}

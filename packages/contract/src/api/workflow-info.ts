// `GET …/workflows/{workflow_id}/info/`: what a workflow is, its type in the API's words, and when it ran.
import { z } from "zod/v3";
import { timestampSchema, uuidSchema } from "./primitives";
import type { Workflow, WorkflowType } from "./workflows";

/** The workflow types `info` names: giosg's own workflows, interaction workflows, user-generated ones. */
export const INFO_TYPES = ["giosg-default", "interaction", "user-generated"] as const;

/** A workflow type as `info` names it. */
export type InfoType = (typeof INFO_TYPES)[number];

/**
 * The `info` type of a workflow type: interaction and user-generated keep their names; giosg's own
 * web navigation, voice & video and chat workflows are `giosg-default`.
 */
export function infoTypeOf(type: WorkflowType): InfoType {
  return type === "interaction" || type === "user-generated" ? type : "giosg-default";
}

/** The 200 body of `info`: the workflow's id, organization, type, name, description, state and dates. */
export const workflowInfoSchema = z
  .object({
    id: uuidSchema.describe("The workflow's id."),
    org_id: uuidSchema.describe("The organization that owns the workflow."),
    type: z.enum(INFO_TYPES).describe("`giosg-default`, `interaction` or `user-generated`."),
    name: z.string().describe("The workflow's name."),
    description: z.string().describe("The workflow's description; empty when it has none."),
    modified_at: timestampSchema.describe("When the workflow was last changed, in UTC."),
    is_published: z.boolean().describe("Whether the workflow is published (collecting events)."),
    start_date: timestampSchema
      .nullable()
      .describe(
        "When the workflow started collecting events, in UTC; null before it was published.",
      ),
    end_date: timestampSchema
      .nullable()
      .describe("When the workflow stopped collecting events, in UTC; null while it runs."),
  })
  .strict()
  .describe("What a workflow is and when it ran.");

/** The 200 body of `info`. */
export type WorkflowInfo = z.output<typeof workflowInfoSchema>;

/** The `modified_at` of a workflow whose catalogue entry does not say when it was changed. */
const UNKNOWN_MODIFIED_AT = "1970-01-01T00:00:00.000Z";

/**
 * What `info` answers for a catalogue's workflow; fields the catalogue leaves out read as an empty
 * description, published, never modified (the epoch), no start and no end.
 */
export function workflowInfoOf(workflow: Workflow): WorkflowInfo {
  return {
    id: workflow.id,
    org_id: workflow.organizationId,
    type: infoTypeOf(workflow.type),
    name: workflow.name,
    description: workflow.description ?? "",
    modified_at: workflow.modifiedAt ?? UNKNOWN_MODIFIED_AT,
    is_published: workflow.isPublished ?? true,
    start_date: workflow.startDate ?? null,
    end_date: workflow.endDate ?? null,
  };
}

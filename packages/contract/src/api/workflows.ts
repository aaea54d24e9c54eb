// The organizations and workflows the API reports on (a workflow catalogue), and the API rule of which
// workflow types `step_data` applies to: shared by the fixtures that generate events and the stub that answers.
import { z } from "zod/v3";

/** The five kinds of workflow giosg reports on. */
export const WORKFLOW_TYPES = [
  "web-navigation",
  "interaction",
  "voice-video",
  "chat",
  "user-generated",
] as const;

/** A kind of workflow: web navigation, interaction, voice & video, chat or user-generated. */
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

const uuid = z.string().uuid();

/** An action of a step: its identifier (page URL, view UID or slug) and its title (the `action` column). */
export const workflowActionSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
});

/** An action of a step. */
export type WorkflowAction = z.infer<typeof workflowActionSchema>;

/** One step of a workflow; index 0 is the source step. */
export const workflowStepSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string().min(1),
  actions: z.array(workflowActionSchema).min(1),
});

/** One step of a workflow. */
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

/** A goal a workflow session can trigger, and the value it reports. */
export const workflowGoalSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  value: z.number().positive(),
});

/** A goal of a workflow. */
export type WorkflowGoal = z.infer<typeof workflowGoalSchema>;

const instant = z.string().datetime({ precision: 3 });

/**
 * A workflow: its organization, type, name, ordered steps (source step first) and goals; and what
 * `info` tells of it (description, published state, when changed, started and ended), each optional
 * so that a catalogue written without them still reads.
 */
export const workflowSchema = z
  .object({
    id: uuid,
    organizationId: uuid,
    type: z.enum(WORKFLOW_TYPES),
    name: z.string().min(1),
    steps: z.array(workflowStepSchema).min(2),
    goals: z.array(workflowGoalSchema),
    description: z.string().optional(),
    isPublished: z.boolean().optional(),
    modifiedAt: instant.optional(),
    startDate: instant.nullable().optional(),
    endDate: instant.nullable().optional(),
  })
  .superRefine((workflow, ctx) => {
    workflow.steps.forEach((step, position) => {
      if (step.index !== position) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["steps", position, "index"],
          message: `Steps must be listed in order from 0; expected index ${position}`,
        });
      }
    });
  });

/** A workflow. */
export type Workflow = z.infer<typeof workflowSchema>;

/** An organization: its id, name, website and the partner organizations that share its events. */
export const organizationSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  website: z.string().url(),
  partnerOrganizationIds: z.array(uuid),
});

/** An organization. */
export type Organization = z.infer<typeof organizationSchema>;

/** The organizations and workflows behind a dataset: what a workflows file holds. */
export const workflowCatalogSchema = z.object({
  organizations: z.array(organizationSchema),
  workflows: z.array(workflowSchema),
});

/** The organizations and workflows behind a dataset. */
export type WorkflowCatalog = z.infer<typeof workflowCatalogSchema>;

/**
 * Whether `step_data` applies to a workflow type: web navigation and interaction only; the API ignores
 * it for the others (the README's "How the documentation is read").
 */
export function usesStepData(type: WorkflowType): boolean {
  return type === "web-navigation" || type === "interaction";
}

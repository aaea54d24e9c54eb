// A hand-made interaction workflow beside test/fixtures.ts's, with outer goal events it affected, another affected, and none affected.
import type { AdvancedRow, WorkflowCatalog } from "@giosg-reporting/contract";
import { MemorySource } from "../../src/data/memory/memory-source";
import { CALL, catalog, event, ORG, OTHER_ORG, OTHER_WORKFLOW } from "./fixtures";

export const INTERACTION = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee";
export const OTHER_INTERACTION = "ffffffff-ffff-4fff-8fff-ffffffffffff";

const interaction = (id: string, name: string) => ({
  id,
  organizationId: ORG,
  type: "interaction" as const,
  name,
  steps: [
    { index: 0, name: "Shown", actions: [{ id: "view-0", title: "Shown" }] },
    { index: 1, name: "Answered", actions: [{ id: "view-1", title: "Answered" }] },
  ],
  goals: [],
});

/** test/fixtures.ts's catalogue and two interaction workflows of its first organization. */
export const outerCatalog: WorkflowCatalog = {
  organizations: catalog.organizations,
  workflows: [
    ...catalog.workflows,
    interaction(INTERACTION, "Survey"),
    interaction(OTHER_INTERACTION, "Quiz"),
  ],
};

/** An outer goal event: a goal with no step, labelled by the workflow that affected it (or none). */
export function outerGoal(
  label: string,
  timestamp: string,
  sessionNumber: number,
  overrides: Partial<AdvancedRow> = {},
): AdvancedRow {
  return event(CALL, 1, timestamp, sessionNumber, {
    label,
    category: "Goal",
    action: "Purchase",
    vendor: "com.giosg.goals",
    dim3: null,
    dim4: null,
    dim5: null,
    ...overrides,
  });
}

/** The outer goal events, out of time order on purpose (the source sorts them). */
export const OUTER_GOALS: readonly AdvancedRow[] = [
  outerGoal(INTERACTION, "2023-01-02T10:00:00.000Z", 1),
  outerGoal("", "2023-01-01T09:00:00.000Z", 2),
  outerGoal(INTERACTION, "2023-01-01T12:00:00.000Z", 3, { browser_name: "Firefox" }),
  outerGoal(OTHER_INTERACTION, "2023-01-01T15:00:00.000Z", 4),
  outerGoal(INTERACTION, "2023-01-03T00:00:00.000Z", 5),
  // Another organization's: never in this one's total.
  outerGoal(OTHER_WORKFLOW, "2023-01-01T13:00:00.000Z", 6, { organization_id: OTHER_ORG }),
];

/** A step event of the interaction workflow: never an outer goal event. */
export const STEP_EVENT = event(INTERACTION, 1, "2023-01-01T11:00:00.000Z", 7, {
  category: "Interaction",
});

/** A source of the outer goal events and one step event. */
export function outerGoalSource(): MemorySource {
  return new MemorySource(outerCatalog, [...OUTER_GOALS, STEP_EVENT]);
}

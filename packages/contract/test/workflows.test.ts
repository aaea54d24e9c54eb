// The workflow catalogue and which workflow types step_data applies to (README: How the documentation is read).
import { describe, expect, it } from "vitest";
import {
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  usesStepData,
  WORKFLOW_TYPES,
  type WorkflowCatalog,
  type WorkflowType,
  workflowCatalogSchema,
  workflowSchema,
} from "../src/index";

const catalog: WorkflowCatalog = {
  organizations: [
    {
      id: EXAMPLE_ORGANIZATION_ID,
      name: "Example",
      website: "https://example.com",
      partnerOrganizationIds: [],
    },
  ],
  workflows: [
    {
      id: EXAMPLE_WORKFLOW_ID,
      organizationId: EXAMPLE_ORGANIZATION_ID,
      type: "voice-video",
      name: "Calls",
      steps: [
        { index: 0, name: "Call start", actions: [{ id: "call-start", title: "Call started" }] },
        { index: 1, name: "Dial", actions: [{ id: "user-dialed", title: "User dialed" }] },
      ],
      goals: [],
    },
  ],
};

describe("usesStepData", () => {
  it.each<[WorkflowType, boolean]>([
    ["web-navigation", true],
    ["interaction", true],
    ["voice-video", false],
    ["chat", false],
    ["user-generated", false],
  ])("%s: %s", (type, applies) => {
    expect(usesStepData(type)).toBe(applies);
  });

  it("covers every workflow type", () => {
    expect([...WORKFLOW_TYPES].sort()).toEqual(
      ["chat", "interaction", "user-generated", "voice-video", "web-navigation"].sort(),
    );
  });
});

describe("workflowCatalogSchema", () => {
  it("accepts a catalogue as the fixtures' --workflows file writes it", () => {
    expect(workflowCatalogSchema.parse(catalog)).toEqual(catalog);
  });

  it("refuses steps out of order, a workflow with only its source step, and an unknown type", () => {
    const [workflow] = catalog.workflows;
    const steps = workflow?.steps ?? [];
    const outOfOrder = workflowSchema.safeParse({ ...workflow, steps: [...steps].reverse() });
    expect(outOfOrder.error?.issues.map(({ path, message }) => [path.join("."), message])).toEqual([
      ["steps.0.index", "Steps must be listed in order from 0; expected index 0"],
      ["steps.1.index", "Steps must be listed in order from 0; expected index 1"],
    ]);
    expect(workflowSchema.safeParse({ ...workflow, steps: steps.slice(0, 1) }).success).toBe(false);
    expect(workflowSchema.safeParse({ ...workflow, type: "email" }).success).toBe(false);
  });
});

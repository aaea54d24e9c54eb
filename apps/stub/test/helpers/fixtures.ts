// A small hand-made dataset whose answers can be worked out by hand.
import { type AdvancedRow, advancedResponseExample } from "@giosg-reporting/contract";
import type { WorkflowCatalog } from "@giosg-reporting/fixtures";

export const ORG = "11111111-1111-4111-8111-111111111111";
export const OTHER_ORG = "22222222-2222-4222-8222-222222222222";
export const WEB = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
export const CALL = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
export const OTHER_WORKFLOW = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

const action = (id: string, title: string) => ({ id, title });

export const catalog: WorkflowCatalog = {
  organizations: [
    { id: ORG, name: "Test Oy", website: "https://test.example", partnerOrganizationIds: [] },
    {
      id: OTHER_ORG,
      name: "Other Oy",
      website: "https://other.example",
      partnerOrganizationIds: [],
    },
  ],
  workflows: [
    {
      id: WEB,
      organizationId: ORG,
      type: "web-navigation",
      name: "Funnel",
      steps: [
        { index: 0, name: "Landing", actions: [action("/", "Front page")] },
        {
          index: 1,
          name: "Products",
          actions: [action("/a", "Product A"), action("/b", "Product B")],
        },
        { index: 2, name: "Pricing", actions: [action("/pricing", "Pricing")] },
        {
          index: 3,
          name: "Contact",
          actions: [action("/contact", "Contact"), action("/quote", "Quote")],
        },
      ],
      goals: [{ id: "dddddddd-dddd-4ddd-8ddd-dddddddddddd", name: "Quote requested", value: 1 }],
    },
    {
      id: CALL,
      organizationId: ORG,
      type: "voice-video",
      name: "Calls",
      steps: [
        {
          index: 0,
          name: "Call button",
          actions: [action("call-button-shown", "Call button shown")],
        },
        { index: 1, name: "Call start", actions: [action("user-dialed", "User dialed")] },
        { index: 2, name: "Call answered", actions: [action("agent-answered", "Agent answered")] },
      ],
      goals: [],
    },
    {
      id: OTHER_WORKFLOW,
      organizationId: OTHER_ORG,
      type: "chat",
      name: "Chat",
      steps: [
        { index: 0, name: "Button", actions: [action("chat-button", "Chat button shown")] },
        { index: 1, name: "Opened", actions: [action("chat-opened", "Chat window opened")] },
      ],
      goals: [],
    },
  ],
};

const base = advancedResponseExample.data[0] as AdvancedRow;
const session = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** An event of a workflow step at a time, in a session, with an action. */
export function event(
  workflow: string,
  step: number,
  timestamp: string,
  sessionNumber: number,
  overrides: Partial<AdvancedRow> = {},
): AdvancedRow {
  const definition = catalog.workflows.find(({ id }) => id === workflow);
  const stepDefinition = definition?.steps[step];
  const first = stepDefinition?.actions[0];
  return {
    ...base,
    timestamp,
    organization_id: definition?.organizationId ?? ORG,
    label: workflow,
    category: definition?.type === "web-navigation" ? "Page view" : "Call",
    action: first?.title ?? "x",
    dim1: session(sessionNumber),
    dim3: definition?.type === "web-navigation" ? (first?.id ?? null) : null,
    dim4: stepDefinition?.name ?? null,
    dim5: String(step),
    visitor_id: session(1000 + sessionNumber),
    ...overrides,
  };
}

/** A goal event triggered at a step. */
export function goal(
  workflow: string,
  step: number,
  timestamp: string,
  sessionNumber: number,
): AdvancedRow {
  return event(workflow, step, timestamp, sessionNumber, {
    category: "Goal",
    action: "Quote requested",
    vendor: "com.giosg.goals",
    dim3: null,
  });
}

// The workflows file a recording writes: what rows, info and an edited file say, each kept as the replay reads it.
import type { AdvancedRow, WorkflowCatalog, WorkflowInfo } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { MAX_RECORDED_STEP, RecordedCatalog } from "../../src/record/recorded-catalog";
import { CALL, event, goal, catalog as handMade, ORG, OTHER_ORG, WEB } from "../helpers/fixtures";

const AT = "2023-01-02T10:00:00.000Z";
/** A name-based goal id: version 5, RFC 4122 variant. */
const GOAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The catalogue of a fresh RecordedCatalog that noted `rows`. */
function catalogOf(...rows: AdvancedRow[]): WorkflowCatalog {
  const recorded = new RecordedCatalog();
  for (const row of rows) expect(recorded.noteRow(row)).toBe(true);
  return recorded.catalog();
}

const info = (fields: Partial<WorkflowInfo> = {}): WorkflowInfo => ({
  id: WEB,
  org_id: ORG,
  type: "giosg-default",
  name: "From info",
  description: "",
  modified_at: "2023-01-01T10:20:30Z",
  is_published: true,
  start_date: null,
  end_date: null,
  ...fields,
});

describe("RecordedCatalog from rows", () => {
  it("keeps the first organization name, step name, action title and goal value that rows show", () => {
    const { organizations, workflows } = catalogOf(
      event(WEB, 1, AT, 1, {
        organization_name: "",
        partner_organization_ids: [OTHER_ORG, "not-a-uuid", ORG],
        dim4: "",
      }),
      event(WEB, 1, AT, 2, { organization_name: "Test Oy", dim4: "Products" }),
      event(WEB, 1, AT, 3, { organization_name: "Renamed Oy", dim4: "Renamed" }),
      event(WEB, 1, AT, 4, { dim3: "/a", action: "Another title" }),
      event(WEB, 1, AT, 5, { dim3: "/b", action: "Product B" }),
      event(WEB, 1, AT, 6, { dim3: "/c", action: "" }),
      event(WEB, 1, AT, 7, { dim3: "", action: "No id" }),
      event(WEB, 1, AT, 8, { dim3: null, action: "Named by its title" }),
      goal(WEB, 3, AT, 9),
      { ...goal(WEB, 3, AT, 10), value: 7 },
      { ...goal(WEB, 2, AT, 11), action: "Nothing worth", value: 0 },
      { ...goal(WEB, 2, AT, 12), action: "", value: 3 },
      { ...goal(WEB, 2, AT, 13), action: "Newsletter", value: 2 },
    );
    expect(organizations).toEqual([
      {
        id: ORG,
        name: "Test Oy",
        website: "https://recorded.invalid/",
        partnerOrganizationIds: [OTHER_ORG],
      },
    ]);
    expect(workflows).toHaveLength(1);
    const [workflow] = workflows;
    expect(workflow).toEqual({
      id: WEB,
      organizationId: ORG,
      type: "web-navigation",
      name: "Workflow aaaaaaaa",
      steps: [
        { index: 0, name: "Source", actions: [{ id: "step-0", title: "Source" }] },
        {
          index: 1,
          name: "Products",
          actions: [
            { id: "/a", title: "Product A" },
            { id: "/b", title: "Product B" },
            { id: "Named by its title", title: "Named by its title" },
          ],
        },
        { index: 2, name: "Step 2", actions: [{ id: "step-2", title: "Step 2" }] },
        { index: 3, name: "Step 3", actions: [{ id: "step-3", title: "Step 3" }] },
      ],
      goals: [
        { id: expect.stringMatching(GOAL_ID), name: "Quote requested", value: 1 },
        { id: expect.stringMatching(GOAL_ID), name: "Newsletter", value: 2 },
      ],
    });
    // A goal's id is a stable function of its workflow and name: the same in every session and recording.
    expect(workflow?.goals.map(({ id }) => id)).toEqual([
      "12cf2d99-09d9-50bf-9788-d3ebc6cb58b2",
      "ed63f9a9-d398-5d5a-a689-4e7156eb168c",
    ]);
  });

  it("lists a workflow only goals were seen of with two steps at least and a type of its own", () => {
    const { organizations, workflows } = catalogOf({ ...goal(CALL, 0, AT, 1), value: 2 });
    expect(organizations).toEqual([
      {
        id: ORG,
        name: "Organization 11111111",
        website: "https://recorded.invalid/",
        partnerOrganizationIds: [],
      },
    ]);
    expect(workflows.map(({ type, steps }) => ({ type, steps: steps.length }))).toEqual([
      { type: "user-generated", steps: 2 },
    ]);
  });

  it.each<[string, Partial<AdvancedRow>, string]>([
    ["a category the fixtures write", { category: "Chat", dim3: "https://shop.example/" }, "chat"],
    [
      "a page address over https",
      { category: "Custom", dim3: "https://shop.example/" },
      "web-navigation",
    ],
    [
      "a page address over http",
      { category: "Custom", dim3: "http://shop.example/" },
      "web-navigation",
    ],
    [
      "an address not at the start",
      { category: "Custom", dim3: "see https://shop.example/" },
      "user-generated",
    ],
    ["another scheme", { category: "Custom", dim3: "ftp://shop.example/" }, "user-generated"],
    ["no action id", { category: "Custom", dim3: null }, "user-generated"],
  ])("types a workflow by its rows: %s", (_, overrides, type) => {
    expect(catalogOf(event(CALL, 1, AT, 1, overrides)).workflows[0]?.type).toBe(type);
  });

  it.each<[string, Partial<AdvancedRow>]>([
    ["no workflow", { label: "" }],
    ["a workflow that is not a UUID", { label: "funnel" }],
    ["a UUID after other text", { label: `x${WEB}` }],
    ["a UUID before other text", { label: `${WEB}x` }],
    ["no step", { dim5: null }],
    ["a step that is not a whole number", { dim5: "1.5" }],
  ])("catalogues nothing of a row with %s, and records it", (_, overrides) => {
    const recorded = new RecordedCatalog();
    expect(recorded.noteRow(event(WEB, 1, AT, 1, overrides))).toBe(true);
    expect(recorded.catalog()).toEqual({ organizations: [], workflows: [] });
  });

  it("catalogues steps up to MAX_RECORDED_STEP and no further", () => {
    const recorded = new RecordedCatalog();
    expect(recorded.noteRow(event(WEB, 1, AT, 1, { dim5: String(MAX_RECORDED_STEP + 1) }))).toBe(
      false,
    );
    expect(recorded.catalog().workflows).toEqual([]);
    expect(recorded.noteRow(event(WEB, 1, AT, 1, { dim5: String(MAX_RECORDED_STEP) }))).toBe(true);
    expect(recorded.catalog().workflows[0]?.steps).toHaveLength(MAX_RECORDED_STEP + 1);
  });
});

describe("RecordedCatalog from the upstream's answers", () => {
  it("notes the steps answered: at least as many as the rows show, none beyond MAX_RECORDED_STEP", () => {
    const recorded = new RecordedCatalog();
    recorded.noteRow(event(WEB, 3, AT, 1));
    for (const step of [-1, 1.5, MAX_RECORDED_STEP + 1, Number.NaN])
      expect(recorded.noteStep(ORG, WEB, step)).toBe(false);
    expect(recorded.noteStep(ORG, WEB, 2)).toBe(true);
    expect(recorded.catalog().workflows[0]?.steps).toHaveLength(4);
    expect(recorded.noteStep(ORG, WEB, 0)).toBe(true);
    expect(recorded.noteStep(ORG, WEB, 5)).toBe(true);
    expect(recorded.catalog().workflows[0]?.steps).toHaveLength(6);
    expect(recorded.noteStep(ORG, CALL, MAX_RECORDED_STEP)).toBe(true);
    expect(recorded.catalog().workflows[1]?.steps).toHaveLength(MAX_RECORDED_STEP + 1);
  });

  it("keeps what info says, its instants in milliseconds, and an earlier name when info has none", () => {
    const recorded = new RecordedCatalog();
    recorded.noteInfo(info({ name: "Funnel", start_date: "2023-01-01T00:00:00Z" }));
    recorded.noteInfo(
      info({ name: "", end_date: "2023-02-01T12:00:00+02:00", is_published: false }),
    );
    expect(recorded.catalog().workflows).toEqual([
      expect.objectContaining({
        name: "Funnel",
        type: "web-navigation",
        description: "",
        isPublished: false,
        modifiedAt: "2023-01-01T10:20:30.000Z",
        startDate: null,
        endDate: "2023-02-01T10:00:00.000Z",
      }),
    ]);
  });

  it.each<
    [string, { rows: string | null; info?: WorkflowInfo["type"]; interaction?: true }, string]
  >([
    ["the rows' type when info agrees", { rows: "Chat", info: "giosg-default" }, "chat"],
    [
      "web navigation for giosg's own with no rows",
      { rows: null, info: "giosg-default" },
      "web-navigation",
    ],
    ["info's type over the rows'", { rows: "Chat", info: "user-generated" }, "user-generated"],
    ["interaction when source_data answered", { rows: "Chat", interaction: true }, "interaction"],
    ["the rows' type when nothing else is known", { rows: "Call" }, "voice-video"],
  ])("types a workflow: %s", (_, { rows, info: type, interaction }, want) => {
    const recorded = new RecordedCatalog();
    if (rows !== null) recorded.noteRow(event(WEB, 1, AT, 1, { category: rows }));
    else recorded.noteStep(ORG, WEB, 1);
    if (type) recorded.noteInfo(info({ type }));
    if (interaction) recorded.noteInteraction(ORG, WEB);
    expect(recorded.catalog().workflows[0]?.type).toBe(want);
  });
});

describe("RecordedCatalog over an existing catalogue", () => {
  it("keeps every organization, workflow, step, action and goal of the file as written", () => {
    const edited: WorkflowCatalog = structuredClone(handMade);
    const [web, call] = edited.workflows;
    if (!web || !call) throw new Error("workflows");
    // What info would say, written by hand: kept whether or not the file says when it was modified.
    Object.assign(web, { description: "Our funnel", isPublished: false });
    Object.assign(call, { modifiedAt: "2023-01-01T10:20:30.000Z", startDate: null });
    const recorded = new RecordedCatalog(edited);
    // Rows that would name things otherwise change nothing the file says.
    recorded.noteRow(
      event(WEB, 1, AT, 1, { organization_name: "Renamed Oy", dim4: "Renamed", action: "Renamed" }),
    );
    recorded.noteRow({ ...goal(WEB, 1, AT, 2), value: 9 });
    expect(JSON.parse(JSON.stringify(recorded.catalog()))).toEqual(edited);
  });
});

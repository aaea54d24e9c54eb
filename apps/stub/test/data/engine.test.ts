import {
  ADVANCED_FIELDS,
  type AdvancedRow,
  BASIC_FIELDS,
  type FilterProperty,
  type StepSourceDataRequestInput,
  stepSourceDataRequestSchema,
  toBasicRow,
} from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { MemorySource, type QueryOutcome, runQuery } from "../../src/index";
import {
  CALL,
  catalog,
  event,
  goal,
  ORG,
  OTHER_ORG,
  OTHER_WORKFLOW,
  WEB,
} from "../helpers/fixtures";

const day = "2022-11-03";
const rows: AdvancedRow[] = [
  // Web navigation sessions 1–5.
  event(WEB, 0, `${day}T10:00:00.000Z`, 1),
  event(WEB, 1, `${day}T10:01:00.000Z`, 1, { dim3: "/a", action: "Product A" }),
  event(WEB, 2, `${day}T10:02:00.000Z`, 1),
  event(WEB, 3, `${day}T10:03:00.000Z`, 1, { dim3: "/contact" }),
  goal(WEB, 3, `${day}T10:04:00.000Z`, 1),
  event(WEB, 0, `${day}T10:10:00.000Z`, 2),
  event(WEB, 1, `${day}T10:11:00.000Z`, 2, { dim3: "/b", action: "Product B" }),
  event(WEB, 3, `${day}T10:12:00.000Z`, 2, { dim3: "/quote", action: "Quote" }),
  event(WEB, 0, `${day}T10:20:00.000Z`, 3),
  event(WEB, 1, `${day}T10:21:00.000Z`, 3, { dim3: "/a", action: "Product A" }),
  event(WEB, 2, `${day}T10:22:00.000Z`, 3),
  event(WEB, 1, `${day}T23:59:59.999Z`, 4, { dim3: "/b", action: "Product B" }),
  event(WEB, 2, "2022-11-04T00:00:00.000Z", 4),
  event(WEB, 3, `${day}T10:30:00.000Z`, 5, { dim3: "/contact" }),
  // Voice & video sessions 10–13; 14 and 15 share a timestamp.
  event(CALL, 1, `${day}T00:00:00.000Z`, 10),
  event(CALL, 1, `${day}T12:00:00.000Z`, 11, { device_type: "mobile", geo_country: "Sweden" }),
  event(CALL, 1, `${day}T13:00:00.000Z`, 12, { device_type: "desktop", geo_country: "Finland" }),
  event(CALL, 2, `${day}T13:05:00.000Z`, 13, { action: "Agent answered" }),
  event(CALL, 1, `${day}T14:00:00.000Z`, 15, { device_type: "tablet" }),
  event(CALL, 1, `${day}T14:00:00.000Z`, 14, { device_type: "tablet" }),
  // Another organization's workflow.
  event(OTHER_WORKFLOW, 1, `${day}T09:00:00.000Z`, 20),
].reverse(); // the source sorts them by time; ties (14, 15) keep the order given
const source = new MemorySource(catalog, rows);

const interval = { start: `${day}T00:00:00Z`, end: "2022-11-04T00:00:00Z" };

function query(
  workflow: string,
  step: number,
  body: Partial<StepSourceDataRequestInput> = {},
  { organization = ORG, organizations = "all" as "all" | ReadonlySet<string> } = {},
): QueryOutcome {
  return runQuery(source, {
    params: { organization_id: organization, workflow_id: workflow, step_index: step },
    body: stepSourceDataRequestSchema.parse({ filters: [], interval, ...body }),
    organizations,
  });
}

/** The sessions (dim1's last digits) of the rows answered, in order. */
function sessionsOf(outcome: QueryOutcome): number[] {
  if (outcome.status !== 200)
    throw new Error(`expected 200, got ${outcome.status} ${JSON.stringify(outcome.body)}`);
  return [...(outcome.rows as Iterable<AdvancedRow>)].map((row) => Number(row.dim1?.slice(-12)));
}

describe("what the URL names", () => {
  it.each([
    [
      "an unknown organization",
      () => query(WEB, 1, {}, { organization: "99999999-9999-4999-8999-999999999999" }),
      404,
      "organization_not_found",
    ],
    [
      "an organization the caller may not read",
      () => query(WEB, 1, {}, { organizations: new Set([OTHER_ORG]) }),
      403,
      "no_organization_access",
    ],
    [
      "a workflow of another organization",
      () => query(OTHER_WORKFLOW, 1),
      404,
      "workflow_not_found",
    ],
    [
      "an unknown workflow",
      () => query("99999999-9999-4999-8999-999999999999", 1),
      404,
      "workflow_not_found",
    ],
    ["a step beyond the last", () => query(WEB, 4), 404, "step_not_found"],
  ])("answers %s with %s", (_, run, status, code) => {
    const outcome = run();
    expect(outcome.status).toBe(status);
    expect(outcome.status !== 200 && outcome.body.code).toBe(code);
  });

  it("names the last step in the 404 for a step beyond it", () => {
    const outcome = query(WEB, 9);
    expect(outcome.status === 404 && outcome.body.detail).toBe(
      "Step 9 not found: the workflow's last step is 3.",
    );
  });

  it("answers the last step and the organizations the caller may read", () => {
    expect(sessionsOf(query(WEB, 3))).toEqual([1, 2, 5]);
    expect(sessionsOf(query(WEB, 3, {}, { organizations: new Set([ORG]) }))).toEqual([1, 2, 5]);
  });
});

describe("semantics", () => {
  it.each<[string, number, Partial<StepSourceDataRequestInput>, number[]]>([
    ["all of a step's events, in time order", 1, {}, [10, 11, 12, 14, 15]],
    ["ties in a stable order (the source's)", 1, { limit: 5 }, [10, 11, 12, 14, 15]],
    [
      "an interval that starts at an event: included",
      1,
      { interval: { start: `${day}T00:00:00.000Z`, end: `${day}T00:00:00.001Z` } },
      [10],
    ],
    [
      "an interval that ends at an event: excluded",
      1,
      { interval: { start: "2022-11-02T00:00:00Z", end: `${day}T00:00:00.000Z` } },
      [],
    ],
    [
      "an interval with an offset",
      1,
      { interval: { start: `${day}T14:00:00+02:00`, end: `${day}T15:00:00+02:00` } },
      [11],
    ],
    [
      "one filter, one value",
      1,
      { filters: [{ property: "geo_country", values: ["Sweden"] }] },
      [11],
    ],
    [
      "one filter, values OR together",
      1,
      { filters: [{ property: "geo_country", values: ["Sweden", "Finland"] }] },
      [11, 12],
    ],
    [
      "filters AND together",
      1,
      {
        filters: [
          { property: "geo_country", values: ["Sweden", "Finland"] },
          { property: "device_type", values: ["desktop"] },
        ],
      },
      [12],
    ],
    [
      "a filter that matches nothing",
      1,
      { filters: [{ property: "action", values: ["Nobody dialed"] }] },
      [],
    ],
    ["matching is exact", 1, { filters: [{ property: "action", values: ["user dialed"] }] }, []],
    ["a null never matches", 1, { filters: [{ property: "geo_city", values: [""] }] }, []],
    ["limit", 1, { limit: 2 }, [10, 11]],
    ["limit as a string", 1, { limit: "3" }, [10, 11, 12]],
    [
      "limit with filters: the first matches",
      1,
      { limit: 1, filters: [{ property: "device_type", values: ["tablet"] }] },
      [14],
    ],
    ["step 2 only", 2, {}, [13]],
  ])("%s", (_, step, body, sessions) => {
    expect(sessionsOf(query(CALL, step, body))).toEqual(sessions);
  });

  it("answers the half-open interval at its end for the web navigation workflow too", () => {
    expect(sessionsOf(query(WEB, 2))).toEqual([1, 3]);
    expect(
      sessionsOf(
        query(WEB, 2, { interval: { start: interval.start, end: "2022-11-04T00:00:00.001Z" } }),
      ),
    ).toEqual([1, 3, 4]);
  });

  it("answers 406 naming the supported properties for an unsupported filter", () => {
    // The cast reaches what the types rule out: a property the API does not support.
    const property = "country" as FilterProperty;
    const outcome = query(CALL, 1, { filters: [{ property, values: ["Finland"] }] });
    expect(outcome.status).toBe(406);
    expect(outcome.status === 406 && outcome.body.detail).toMatch(
      /"country".*action, category, label/,
    );
  });

  it("target default leaves goals out; triggered_goal gives only the goals triggered at the step", () => {
    expect(sessionsOf(query(WEB, 3, { target: "default" }))).toEqual([1, 2, 5]);
    const goals = query(WEB, 3, { target: "triggered_goal" });
    expect(sessionsOf(goals)).toEqual([1]);
    expect(sessionsOf(query(WEB, 2, { target: "triggered_goal" }))).toEqual([]);
  });

  it("projects basic rows from the advanced rows, with the basic fields", () => {
    const advanced = query(CALL, 1);
    const basic = query(CALL, 1, { basic: true });
    if (advanced.status !== 200 || basic.status !== 200) throw new Error("expected 200");
    expect(advanced.fields).toEqual(ADVANCED_FIELDS);
    expect(basic.fields).toEqual(BASIC_FIELDS);
    expect([...basic.rows]).toEqual([...(advanced.rows as Iterable<AdvancedRow>)].map(toBasicRow));
  });
});

describe("the step_data funnel", () => {
  const chart = [
    {},
    { actions: ["/a", "/b"] },
    { actions: ["/pricing"] },
    { actions: ["/contact", "/quote"] },
  ];

  it.each<[string, number, Partial<StepSourceDataRequestInput>, number[]]>([
    ["without step_data: every event of the step", 3, {}, [1, 2, 5]],
    ["only sessions that passed every earlier step", 3, { step_data: chart }, [1]],
    [
      "only the actions the chart shows at earlier steps",
      2,
      { step_data: [{}, { actions: ["/b"] }, { actions: ["/pricing"] }] },
      [],
    ],
    [
      "only the actions the chart shows at the step",
      1,
      { step_data: [{}, { actions: ["/a"] }] },
      [1, 3],
    ],
    [
      "a step the chart leaves empty admits any action",
      3,
      { step_data: [{}, {}, {}, { actions: ["/quote", "/contact"] }] },
      [1],
    ],
    [
      "goals of sessions that came through the funnel",
      3,
      { step_data: chart, target: "triggered_goal" },
      [1],
    ],
    [
      "the funnel with filters",
      3,
      { step_data: chart, filters: [{ property: "dim3", values: ["/quote"] }] },
      [],
    ],
  ])("%s", (_, step, body, sessions) => {
    expect(sessionsOf(query(WEB, step, body))).toEqual(sessions);
  });

  it("is ignored for voice & video, chat and user-generated workflows", () => {
    expect(
      sessionsOf(
        query(CALL, 2, { step_data: [{}, { actions: ["nothing"] }, { actions: ["nothing"] }] }),
      ),
    ).toEqual([13]);
  });
});

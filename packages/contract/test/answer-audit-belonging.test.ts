// The answer audit's view of the rows together: time order, interval, limit, and the workflow, step and target asked.
import { describe, expect, it } from "vitest";
import { AnswerAudit, type AuditedQuery, toBasicRow } from "../src/index";
import { auditRows, later, query, row, withBody } from "./helpers/audit-answers";

const checks = (data: unknown[], asked: AuditedQuery = query) =>
  auditRows(data, asked).map(({ check }) => check);
const at = (time: string) => ({ ...row, timestamp: time });
const { organization_id, workflow_id } = query.params;
const basicQuery = withBody({ basic: true });

/** The deviations of basic rows answered to the basic query. */
function basicRows(rows: unknown[]) {
  const audit = new AnswerAudit(basicQuery);
  for (const basic of rows) audit.row(basic);
  return audit.finish();
}

describe("the rows' time order", () => {
  it("finds nothing in rows in order, rows of the same time included", () => {
    expect(checks([row, row, later])).toEqual([]);
  });

  it("names a row earlier than the one before it", () => {
    expect(auditRows([later, row])).toEqual([
      {
        check: "rows.order",
        reading: "rows",
        message: "rows out of time order: data[1] is earlier than the row before it",
        at: "data[1]",
        actual: row.timestamp,
      },
    ]);
  });

  it("still compares with the last time read across a row whose time cannot be read", () => {
    const found = auditRows([later, at("soon"), row]);
    expect(found.map(({ check, at }) => [check, at])).toEqual([
      ["row.values", "data[1].timestamp"],
      ["rows.order", "data[2]"],
    ]);
  });

  it("orders basic rows by their Date & Time", () => {
    expect(basicRows([toBasicRow(later), toBasicRow(row)]).map(({ check }) => check)).toEqual([
      "rows.order",
    ]);
  });
});

describe("the interval [start, end)", () => {
  it.each([
    ["at the start", "2022-11-03T00:00:00.000Z", []],
    ["just before the start", "2022-11-02T23:59:59.999Z", ["rows.interval"]],
    ["just before the end", "2022-11-03T23:59:59.999Z", []],
    ["at the end", "2022-11-04T00:00:00.000Z", ["rows.interval"]],
  ])("a row %s", (_, time, found) => {
    expect(checks([at(time)])).toEqual(found);
  });

  it("names a row outside it with the interval asked", () => {
    expect(auditRows([at("2022-11-02T23:59:59.999Z")])).toEqual([
      {
        check: "rows.interval",
        reading: "interval",
        message: "a row's time is outside the half-open interval [start, end)",
        at: "data[0]",
        expected: ["2022-11-03T00:00:00+00:00", "2022-11-04T00:00:00+00:00"],
        actual: "2022-11-02T23:59:59.999Z",
      },
    ]);
  });

  it("takes any time without an interval, and says what was asked of an unreadable one (never a crash)", () => {
    expect(checks([at("1999-01-01T00:00:00.000Z")], withBody({ interval: undefined }))).toEqual([]);
    const unreadable = withBody({ interval: { start: "soon", end: "2022-11-04T00:00:00Z" } });
    expect(auditRows([at("2022-11-05T00:00:00.000Z")], unreadable)[0]).toMatchObject({
      check: "rows.interval",
      expected: ["soon", "2022-11-04T00:00:00Z"],
    });
  });
});

describe("limit", () => {
  it("names the rows beyond it once, at the first, counting them", () => {
    expect(auditRows([row, row, row], withBody({ limit: "1" }))).toEqual([
      {
        check: "rows.limit",
        reading: "limit",
        message: "more rows than limit 1",
        at: "data[1]",
        expected: 1,
        count: 2,
      },
    ]);
  });

  it("takes as many rows as the limit, and any number without one", () => {
    expect(checks([row, row], withBody({ limit: 2 }))).toEqual([]);
    expect(checks([row], withBody({ limit: 0 }))).toEqual(["rows.limit"]);
    expect(checks(Array.from({ length: 100 }, () => row))).toEqual([]);
  });
});

describe("the workflow asked", () => {
  it("names a row of another workflow, advanced or basic", () => {
    const other = "00000000-0000-4000-8000-000000000000";
    expect(auditRows([{ ...row, label: other }])).toEqual([
      {
        check: "rows.workflow",
        reading: "workflow-types",
        message: "a row names another workflow",
        at: "data[0]",
        expected: workflow_id,
        actual: other,
      },
    ]);
    const basic = { ...toBasicRow(row), "Interaction Workflow ID": other };
    expect(basicRows([basic]).map(({ check }) => check)).toEqual(["rows.workflow"]);
  });

  it("reads workflow ids in any case", () => {
    const upper = { ...query, params: { ...query.params, workflow_id: workflow_id.toUpperCase() } };
    expect(checks([row], upper)).toEqual([]);
    expect(checks([{ ...row, label: workflow_id.toUpperCase() }])).toEqual([]);
  });

  it("names a label that is not text as a value only (never a crash)", () => {
    expect(checks([{ ...row, label: null }])).toEqual(["row.values"]);
  });
});

describe("the step asked", () => {
  it("names a row of another step", () => {
    expect(auditRows([{ ...row, dim5: "2" }])).toEqual([
      {
        check: "rows.step",
        reading: "workflow-types",
        message: 'a row names step "2" in dim5, not the step asked for',
        at: "data[0].dim5",
        expected: "1",
        actual: "2",
      },
    ]);
  });

  it("reads the step asked as a number or as text", () => {
    const asText = { ...query, params: { ...query.params, step_index: "1" } };
    expect(checks([row], asText)).toEqual([]);
    expect(checks([{ ...row, dim5: "2" }], asText)).toEqual(["rows.step"]);
  });

  it("names a row naming no step (null dim5, an outer goal event's) in a step's answer", () => {
    expect(auditRows([{ ...row, dim5: null }])).toEqual([
      expect.objectContaining({
        check: "rows.step",
        message: "a row names step null in dim5, not the step asked for",
      }),
    ]);
  });

  it("leaves a missing dim5 to row.keys", () => {
    const { dim5: _, ...stepless } = row;
    expect(checks([stepless])).toEqual(["row.keys", "fields.rows"]);
  });
});

describe("the target asked", () => {
  const goal = { ...row, category: "Goal" };

  it("names a goal event in a default answer", () => {
    for (const asked of [query, withBody({ target: "default" })])
      expect(auditRows([goal], asked)).toEqual([
        {
          check: "rows.target",
          reading: "goal-events",
          message: "target default answered a goal event",
          at: "data[0].category",
          expected: "not Goal",
          actual: "Goal",
        },
      ]);
  });

  it("finds nothing in triggered_goal's goal events of the step, and names another event", () => {
    const triggered = withBody({ target: "triggered_goal" });
    expect(checks([goal, { ...goal, timestamp: later.timestamp }], triggered)).toEqual([]);
    expect(auditRows([row], triggered)).toEqual([
      {
        check: "rows.target",
        reading: "goal-events",
        message: 'target triggered_goal answered a row of category "Call"',
        at: "data[0].category",
        expected: "Goal",
        actual: "Call",
      },
    ]);
    expect(checks([{ ...goal, dim5: "2" }], triggered)).toEqual(["rows.step"]);
  });

  it("names a category that is not text as a value only", () => {
    expect(checks([{ ...row, category: null }], withBody({ target: "triggered_goal" }))).toEqual([
      "row.values",
    ]);
  });

  it("checks no advanced column of a basic row", () => {
    const basic = { ...toBasicRow(row), category: "Goal", dim5: "2" };
    expect(basicRows([basic]).map(({ check }) => check)).toEqual(["row.keys"]);
  });
});

describe("source_data's outer goal events", () => {
  const outer = { ...row, category: "Goal", dim5: null };
  const sourceData = (target: string, data: unknown[]) =>
    auditRows(data, { params: { organization_id, workflow_id }, body: { ...query.body, target } });

  it("names a row of a step, with the step", () => {
    expect(sourceData("affected_goal", [{ ...outer, dim5: "1" }])).toEqual([
      {
        check: "rows.step",
        reading: "goal-events",
        message: 'source_data answered a row of step "1", not an outer goal event',
        at: "data[0].dim5",
        expected: null,
        actual: "1",
      },
    ]);
  });

  it("names an event that is no goal with the target asked", () => {
    expect(sourceData("affected_goal", [{ ...outer, category: "Page" }])[0]?.message).toBe(
      'target affected_goal answered a row of category "Page"',
    );
  });

  it("leaves a missing dim5 to row.keys", () => {
    const { dim5: _, ...stepless } = outer;
    expect(sourceData("affected_goal_total", [stepless]).map(({ check }) => check)).toEqual([
      "row.keys",
      "fields.rows",
    ]);
  });
});

// The answer audit: a conforming answer has no deviation; each kind of departure is named with its evidence.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ADVANCED_FIELDS,
  AnswerAudit,
  type AuditedQuery,
  advancedRequestExample,
  advancedResponseExample,
  auditAnswer,
  BASIC_FIELDS,
  errorBody,
  READINGS,
  toBasicRow,
} from "../src/index";

const query: AuditedQuery = {
  params: advancedRequestExample.pathParams,
  body: { ...advancedRequestExample.body, limit: undefined },
};
const [row] = advancedResponseExample.data;
if (!row) throw new Error("the example has rows");
const later = { ...row, timestamp: "2022-11-03T11:00:00.000Z" };
const ok = { fields: ADVANCED_FIELDS, data: [row, later] };
const json = "application/json";

function audit(body: unknown, status = 200, contentType: string | null = json) {
  return auditAnswer(query, { status, contentType, body });
}
const checks = (body: unknown, status = 200) => audit(body, status).map(({ check }) => check);

describe("auditAnswer", () => {
  it("finds nothing in a conforming advanced answer, a basic one, an empty one, or a catalogue error", () => {
    expect(audit(ok)).toEqual([]);
    const basicQuery = { ...query, body: { ...query.body, basic: true } };
    expect(
      auditAnswer(basicQuery, {
        status: 200,
        contentType: "application/json; charset=utf-8",
        body: { fields: BASIC_FIELDS, data: ok.data.map(toBasicRow) },
      }),
    ).toEqual([]);
    expect(audit({ fields: ADVANCED_FIELDS, data: [] })).toEqual([]);
    expect(audit(errorBody("workflow_not_found"), 404)).toEqual([]);
  });

  it("names a field called Date & Time where the contract reads timestamp, and rows keyed otherwise than fields", () => {
    const fields = ADVANCED_FIELDS.map((f, i) => (i === 0 ? { ...f, name: "Date & Time" } : f));
    const found = audit({ fields, data: ok.data });
    expect(found[0]).toMatchObject({
      check: "fields.names",
      reading: "advanced-rows",
      message: 'fields: missing timestamp; unexpected "Date & Time"',
    });
    expect(found[1]).toMatchObject({ check: "fields.rows", reading: "fields", count: 2 });
  });

  it("names a dropped column, an added one, and counts every row that shows it", () => {
    const dropped = ok.data.map(({ os_version: _, ...rest }) => rest);
    const found = audit({
      fields: ADVANCED_FIELDS.filter((f) => f.name !== "os_version"),
      data: dropped,
    });
    expect(found.map((d) => [d.check, d.message, d.count])).toEqual([
      ["fields.names", "fields: missing os_version", undefined],
      ["row.keys", "rows: missing os_version", 2],
    ]);
    const added = audit({
      fields: [...ADVANCED_FIELDS, { name: "extra", type: "string" }],
      data: ok.data.map((r) => ({ ...r, extra: "x" })),
    });
    expect(added.map((d) => d.message)).toEqual([
      "fields: unexpected extra",
      "rows: unexpected extra",
    ]);
  });

  it("names a number sent as a string with the row, the column and the value (against the documentation's own type)", () => {
    const found = audit({ fields: ADVANCED_FIELDS, data: [{ ...row, value: "1" }, later] });
    expect(found).toEqual([
      {
        check: "row.values",
        message: 'value: Expected number, received string (got string "1")',
        at: "data[0].value",
        actual: "1",
      },
    ]);
  });

  it("names a list column sent as text against the reading, and a badly written timestamp against Rows", () => {
    const found = audit({
      fields: ADVANCED_FIELDS,
      data: [{ ...row, properties: "[]", timestamp: "2022-11-03T10:45:54Z" }],
    });
    expect(found.map(({ at, reading }) => [at, reading])).toEqual([
      ["data[0].timestamp", "rows"],
      ["data[0].properties", "advanced-rows"],
    ]);
  });

  it('still times advanced rows keyed "Date & Time": their order and interval are checked', () => {
    const renamed = [later, row].map(({ timestamp, ...rest }) => ({
      "Date & Time": timestamp,
      ...rest,
    }));
    expect(checks({ fields: ADVANCED_FIELDS, data: renamed })).toContain("rows.order");
  });

  it("names rows out of time order, outside the interval, of another step, and goal events for default", () => {
    expect(checks({ fields: ADVANCED_FIELDS, data: [later, row] })).toEqual(["rows.order"]);
    expect(
      checks({
        fields: ADVANCED_FIELDS,
        data: [{ ...row, timestamp: "2022-11-04T00:00:00.000Z" }],
      }),
    ).toEqual(["rows.interval"]);
    expect(checks({ fields: ADVANCED_FIELDS, data: [{ ...row, dim5: "2" }] })).toEqual([
      "rows.step",
    ]);
    expect(checks({ fields: ADVANCED_FIELDS, data: [{ ...row, category: "Goal" }] })).toEqual([
      "rows.target",
    ]);
  });

  it("names rows beyond limit, once", () => {
    const limited = { ...query, body: { ...query.body, limit: "1" } };
    const found = auditAnswer(limited, { status: 200, contentType: json, body: ok });
    expect(found).toEqual([
      expect.objectContaining({ check: "rows.limit", reading: "limit", at: "data[1]" }),
    ]);
  });

  it("names an error without code, one with another status's code, a non-JSON body and an undeclared status", () => {
    expect(audit({ detail: "Not found." }, 404)).toEqual([
      expect.objectContaining({ check: "error.body", reading: "errors", at: "code" }),
    ]);
    expect(checks(errorBody("throttled"), 404)).toEqual(["error.body"]);
    expect(audit("<html>", 404, "text/html").map((d) => d.check)).toEqual([
      "headers.content-type",
      "error.body",
    ]);
    expect(checks({ detail: "x", code: "y" }, 418)).toEqual(["status"]);
  });

  it("names answers that are not { fields, data }", () => {
    expect(checks([])).toEqual(["answer.shape"]);
    expect(checks({ fields: ADVANCED_FIELDS })).toEqual(["answer.shape"]);
    expect(checks({ fields: ADVANCED_FIELDS, data: [], more: 1 })).toEqual(["answer.shape"]);
  });
});

describe("auditAnswer of source_data", () => {
  const { organization_id, workflow_id } = query.params;
  const outer = (label: string, hour: string) => ({
    ...row,
    label,
    category: "Goal",
    dim5: null,
    timestamp: `2022-11-03T${hour}:00:00.000Z`,
  });
  const sourceData = (target: string, data: unknown[]) =>
    auditAnswer(
      { params: { organization_id, workflow_id }, body: { ...query.body, target } },
      { status: 200, contentType: json, body: { fields: ADVANCED_FIELDS, data } },
    ).map(({ check }) => check);

  it("finds nothing in outer goal events: the workflow's for affected_goal, any workflow's or none for the total", () => {
    expect(
      sourceData("affected_goal", [outer(workflow_id, "10"), outer(workflow_id, "11")]),
    ).toEqual([]);
    expect(sourceData("affected_goal_total", [outer("", "10"), outer(workflow_id, "11")])).toEqual(
      [],
    );
  });

  it("names another workflow's goal for affected_goal, a step's row, and an event that is no goal", () => {
    expect(sourceData("affected_goal", [outer("", "10")])).toEqual(["rows.workflow"]);
    expect(sourceData("affected_goal_total", [{ ...outer("", "10"), dim5: "1" }])).toEqual([
      "rows.step",
    ]);
    expect(sourceData("affected_goal_total", [{ ...outer("", "10"), category: "Page" }])).toEqual([
      "rows.target",
    ]);
  });
});

describe("AnswerAudit", () => {
  it("keeps one deviation per kind however many rows show it", () => {
    const audit = new AnswerAudit(query);
    audit.head(200, json);
    audit.fields(ADVANCED_FIELDS);
    expect(audit.row(row)).toBe(true);
    for (let i = 1; i < 10_000; i += 1) expect(audit.row({ ...row, value: "1" })).toBe(false);
    expect(audit.rows).toBe(10_000);
    expect(audit.finish()).toEqual([
      expect.objectContaining({ check: "row.values", count: 9_999 }),
    ]);
  });
});

describe("AnswerAudit's fastCheck", () => {
  it("skips the zod parse of rows it passes, and parses the rows it fails to say why", () => {
    const bad = { ...row, value: "1" };
    const trusting = new AnswerAudit(query, { fastCheck: () => true });
    expect(trusting.row(bad)).toBe(true);
    expect(trusting.finish()).toEqual([]);
    const seen: boolean[] = [];
    const strict = new AnswerAudit(query, {
      fastCheck: (_, basic) => {
        seen.push(basic);
        return false;
      },
    });
    expect(strict.row(row)).toBe(true);
    expect(strict.row(bad)).toBe(false);
    expect(seen).toEqual([false, false]);
    expect(strict.finish()).toEqual([expect.objectContaining({ check: "row.values" })]);
  });
});

describe("READINGS", () => {
  it("opens a bullet of the README's readings with each title", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## How the documentation is read"));
    for (const { title } of Object.values(READINGS)) expect(section).toContain(`- **${title}`);
  });
});

// The answer audit's view of each row: its keys, its values, and whether it is one of the contract's rows.
import { describe, expect, it } from "vitest";
import { ADVANCED_FIELDS, AnswerAudit, type AnswerAuditOptions, toBasicRow } from "../src/index";
import { auditRows, query, row, withBody } from "./helpers/audit-answers";

const basicQuery = withBody({ basic: true });
const advancedNames = ADVANCED_FIELDS.map(({ name }) => name);
const { os_version: _, ...missing } = row;
const { timestamp, ...rest } = row;
const reordered = { ...rest, timestamp };

/** An audit that has seen the contract's fields. */
function audit(options: AnswerAuditOptions = {}, asked = query) {
  const audited = new AnswerAudit(asked, options);
  audited.fields(ADVANCED_FIELDS);
  return audited;
}

describe("AnswerAudit.row says whether a row is one of the contract's rows (what the recorder records)", () => {
  it.each<[string, unknown, boolean]>([
    ["a conforming row", row, true],
    ["a key missing", missing, false],
    ["a key added", { ...row, extra: 1 }, false],
    ["its keys in another order", reordered, false],
    ["a wrong value", { ...row, value: "1" }, false],
    ["null", null, false],
    ["an array", [row], false],
    ["a string", JSON.stringify(row), false],
  ])("%s: %s", (_, given, conforming) => {
    expect(audit().row(given)).toBe(conforming);
  });

  it("checks the keys apart from the values: a fast check passing the values passes no row with keys missing, added or reordered", () => {
    const trusting = audit({ fastCheck: () => true });
    expect([row, missing, { ...row, extra: 1 }, reordered].map((r) => trusting.row(r))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it("asks the fast check about basic rows as basic", () => {
    const seen: boolean[] = [];
    const basic = new AnswerAudit(basicQuery, {
      fastCheck: (_, isBasic) => seen.push(isBasic) > 0,
    });
    expect(basic.row(toBasicRow(row))).toBe(true);
    expect(seen).toEqual([true]);
  });
});

describe("a row's keys", () => {
  it("names a missing key against the advanced rows, with both lists, never as a value too", () => {
    expect(auditRows([missing])).toEqual([
      {
        check: "row.keys",
        reading: "advanced-rows",
        message: "rows: missing os_version",
        at: "data[0]",
        expected: advancedNames,
        actual: Object.keys(missing),
      },
      expect.objectContaining({ check: "fields.rows" }),
    ]);
  });

  it("names keys in another order against fields", () => {
    expect(auditRows([reordered])[0]).toMatchObject({
      check: "row.keys",
      reading: "fields",
      message: "rows: in another order",
    });
  });

  it("names an added key against the advanced rows, and keys in another order apart", () => {
    const found = auditRows([{ ...row, extra: 1 }, reordered, { ...row, more: 2 }]);
    expect(found.filter(({ check }) => check === "row.keys")).toEqual([
      expect.objectContaining({
        reading: "advanced-rows",
        message: "rows: unexpected extra",
        count: 2,
      }),
      expect.objectContaining({
        reading: "fields",
        message: "rows: in another order",
        at: "data[1]",
      }),
    ]);
  });

  it("names a basic row's missing key against the basic rows", () => {
    const { "Visitor ID": _, ...basic } = toBasicRow(row);
    const audited = new AnswerAudit(basicQuery);
    expect(audited.row(basic)).toBe(false);
    expect(audited.finish()).toEqual([
      expect.objectContaining({ reading: "basic-rows", message: 'rows: missing "Visitor ID"' }),
    ]);
  });

  it("keeps one deviation however many rows differ, each in its own way: memory does not grow with the answer", () => {
    const audited = audit();
    for (let i = 0; i < 20_000; i += 1) audited.row({ ...row, [`extra_${i}`]: i });
    const found = audited.finish();
    expect(found.map(({ check, message, count }) => [check, message, count])).toEqual([
      ["row.keys", "rows: unexpected extra_0", 20_000],
      ["fields.rows", "rows' keys are not the names in fields: unexpected extra_0", 20_000],
    ]);
  });
});

describe("a row that is not an object", () => {
  it.each([
    ["null", null],
    ["array", [row]],
    ["string", "row"],
    ["number", 1],
  ])("names a row that is %s, and audits the rows after it", (kind, given) => {
    expect(auditRows([row, given, { ...row, value: "1" }])).toEqual([
      {
        check: "answer.shape",
        message: `a row is ${kind}, not an object`,
        at: "data[1]",
        actual: kind,
      },
      expect.objectContaining({ check: "row.values", at: "data[2].value" }),
    ]);
  });
});

describe("a row's values", () => {
  it("names a timestamp of another type once, as a value (it is not timed)", () => {
    // 2022 would read as 2022-01-01, outside the interval, were it timed.
    expect(auditRows([{ ...row, timestamp: 2022 }])).toEqual([
      {
        check: "row.values",
        reading: "rows",
        message: "timestamp: Expected string, received number (got number 2022)",
        at: "data[0].timestamp",
        actual: 2022,
      },
    ]);
  });

  it("names a basic row's badly written Date & Time against Rows", () => {
    const audited = new AnswerAudit(basicQuery);
    audited.row({ ...toBasicRow(row), "Date & Time": "2022-11-03 10:45:54" });
    expect(audited.finish()).toEqual([
      expect.objectContaining({ check: "row.values", reading: "rows", at: "data[0].Date & Time" }),
    ]);
  });

  it("names a list with wrong items once a row, at its first wrong item, against the advanced rows", () => {
    const audited = audit();
    audited.row({ ...row, partner_organization_ids: [1, "x", 2] });
    audited.row({ ...row, partner_organization_ids: [3] });
    expect(audited.finish()).toEqual([
      {
        check: "row.values",
        reading: "advanced-rows",
        message:
          'partner_organization_ids[0]: Expected string, received number (got array [1,"x",2])',
        at: "data[0].partner_organization_ids[0]",
        actual: [1, "x", 2],
        count: 2,
      },
    ]);
  });

  it("names a value present but undefined (in process) as a value, not as a missing key", () => {
    const audited = audit();
    expect(audited.row({ ...row, dim5: undefined })).toBe(false);
    expect(audited.finish()).toEqual([
      expect.objectContaining({ check: "row.values", at: "data[0].dim5" }),
    ]);
  });

  it("names a null where a value is required, and each wrong column apart", () => {
    const found = auditRows([{ ...row, category: null, value: null }]);
    expect(found.map(({ message }) => message)).toEqual([
      "category: Expected string, received null (got null null)",
      "value: Expected number, received null (got null null)",
    ]);
  });

  it("shows a text of up to 120 characters whole, and a longer one cut to 117 and an ellipsis", () => {
    const long = (length: number) => auditRows([{ ...row, value: "x".repeat(length) }])[0];
    expect(long(120)?.actual).toBe("x".repeat(120));
    const cut = `${"x".repeat(117)}…`;
    expect(long(121)).toMatchObject({
      actual: cut,
      message: `value: Expected number, received string (got string ${JSON.stringify(cut)})`,
    });
  });
});

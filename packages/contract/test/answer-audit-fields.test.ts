// The answer audit's view of `fields`: the contract's columns, in order, each a descriptor of its type.
import { describe, expect, it } from "vitest";
import { describeNameDifference, nameDifference } from "../src/answers/audit/audit-fields";
import { ADVANCED_FIELDS, AnswerAudit, type AuditedQuery, BASIC_FIELDS } from "../src/index";
import { query, row, withBody } from "./helpers/audit-answers";

const basicQuery = withBody({ basic: true });
const advancedNames = ADVANCED_FIELDS.map(({ name }) => name);
const basicNames = BASIC_FIELDS.map(({ name }) => name);

/** What `fields` finds in `fields` answered to `asked`. */
function fieldsOf(fields: unknown, asked: AuditedQuery = query) {
  const audit = new AnswerAudit(asked);
  audit.fields(fields);
  return audit.finish();
}
const replaced = <T>(list: readonly T[], at: number, by: T) =>
  list.map((item, i) => (i === at ? by : item));
const valueAt = advancedNames.indexOf("value");

describe("fields' names", () => {
  it("finds nothing in the contract's fields, advanced or basic", () => {
    expect(fieldsOf(ADVANCED_FIELDS)).toEqual([]);
    expect(fieldsOf(BASIC_FIELDS, basicQuery)).toEqual([]);
  });

  it("names a dropped advanced column against the advanced rows, with the names expected and given", () => {
    const fields = ADVANCED_FIELDS.filter(({ name }) => name !== "os_version");
    expect(fieldsOf(fields)).toEqual([
      {
        check: "fields.names",
        reading: "advanced-rows",
        message: "fields: missing os_version",
        at: "fields[].name",
        expected: advancedNames,
        actual: advancedNames.filter((name) => name !== "os_version"),
      },
    ]);
  });

  it("names a dropped basic column against the basic rows, the advanced columns as unexpected", () => {
    expect(fieldsOf(BASIC_FIELDS.slice(1), basicQuery)).toEqual([
      expect.objectContaining({
        reading: "basic-rows",
        message: 'fields: missing "Date & Time"',
        expected: basicNames,
      }),
    ]);
    expect(fieldsOf(ADVANCED_FIELDS, basicQuery)[0]).toMatchObject({ reading: "basic-rows" });
  });

  it("names columns in another order against fields, advanced or basic", () => {
    const swapped = <T>([a, b, ...rest]: readonly T[]) => [b, a, ...rest];
    expect(fieldsOf(swapped(ADVANCED_FIELDS))).toEqual([
      expect.objectContaining({ reading: "fields", message: "fields: in another order" }),
    ]);
    expect(fieldsOf(swapped(BASIC_FIELDS), basicQuery)).toEqual([
      expect.objectContaining({ reading: "fields", message: "fields: in another order" }),
    ]);
  });

  it("names a renamed column both missing and unexpected, against the rows", () => {
    const fields = replaced(ADVANCED_FIELDS, valueAt, { name: "Value", type: "number" as const });
    expect(fieldsOf(fields)).toEqual([
      expect.objectContaining({
        reading: "advanced-rows",
        message: 'fields: missing value; unexpected "Value"',
      }),
    ]);
  });
});

describe("fields' descriptors", () => {
  it("names a column of another type, with both types", () => {
    const fields = replaced(ADVANCED_FIELDS, valueAt, { name: "value", type: "string" as const });
    expect(fieldsOf(fields)).toEqual([
      {
        check: "fields.types",
        reading: "fields",
        message: `fields[${valueAt}] (value) has type string, not number`,
        at: `fields[${valueAt}].type`,
        expected: "number",
        actual: "string",
      },
    ]);
  });

  it("names each column of another type apart", () => {
    const fields = replaced(
      replaced(ADVANCED_FIELDS, valueAt, { name: "value", type: "string" as const }),
      2,
      { name: "event_version", type: "number" as const },
    );
    expect(fieldsOf(fields).map(({ at }) => at)).toEqual([
      "fields[2].type",
      `fields[${valueAt}].type`,
    ]);
  });

  it("names a basic column of another type against the basic columns", () => {
    const fields = replaced(BASIC_FIELDS, 0, { name: "Date & Time", type: "string" as const });
    expect(fieldsOf(fields, basicQuery)).toEqual([
      expect.objectContaining({ check: "fields.types", expected: "datetime", actual: "string" }),
    ]);
  });

  it('names a datetime without tz "UTC", and one in another zone', () => {
    for (const timestamp of [
      { name: "timestamp", type: "datetime" },
      { name: "timestamp", type: "datetime", tz: "Europe/Helsinki" },
    ])
      expect(fieldsOf(replaced<unknown>(ADVANCED_FIELDS, 0, timestamp))).toEqual([
        {
          check: "fields.descriptor",
          reading: "fields",
          message: 'fields[0] is not a field descriptor (name, type, and tz "UTC" for a datetime)',
          at: "fields[0]",
          actual: timestamp,
        },
      ]);
  });

  it("names each entry that is no descriptor, its name unknown (never a crash)", () => {
    const fields = [null, "source", { name: 5, type: "string" }, ...ADVANCED_FIELDS.slice(3)];
    const found = fieldsOf(fields);
    expect(found[0]).toMatchObject({
      check: "fields.names",
      actual: ["", "", "", ...advancedNames.slice(3)],
    });
    expect(found.slice(1).map(({ check, at, actual }) => [check, at, actual])).toEqual([
      ["fields.descriptor", "fields[0]", null],
      ["fields.descriptor", "fields[1]", "source"],
      ["fields.descriptor", "fields[2]", { name: 5, type: "string" }],
    ]);
  });

  it("checks no type of a column the contract does not have", () => {
    const found = fieldsOf([...ADVANCED_FIELDS, { name: "extra", type: "integer" }]);
    expect(found.map(({ check }) => check)).toEqual(["fields.names"]);
  });
});

describe("fields that are not a list", () => {
  it.each([
    ["a string", "timestamp", "string"],
    ["null", null, "null"],
    ["an object", { timestamp: "datetime" }, "object"],
  ])("names %s, and checks the rows' keys against the contract only", (_, fields, kind) => {
    expect(fieldsOf(fields)).toEqual([
      {
        check: "answer.shape",
        message: `fields is ${kind}, not an array`,
        at: "fields",
        actual: kind,
      },
    ]);
    const audit = new AnswerAudit(query);
    audit.fields(fields);
    expect(audit.row(row)).toBe(true);
    expect(audit.finish().map(({ check }) => check)).toEqual(["answer.shape"]);
  });
});

describe("rows keyed otherwise than fields", () => {
  it("names the difference once, counting the rows", () => {
    const fields = replaced(ADVANCED_FIELDS, 0, {
      name: "Date & Time",
      type: "datetime",
      tz: "UTC",
    });
    const audit = new AnswerAudit(query);
    audit.fields(fields);
    audit.row(row);
    audit.row(row);
    expect(audit.finish()[1]).toEqual({
      check: "fields.rows",
      reading: "fields",
      message: `rows' keys are not the names in fields: missing "Date & Time"; unexpected timestamp`,
      at: "data[0]",
      expected: fields.map(({ name }) => name),
      actual: advancedNames,
      count: 2,
    });
  });
});

describe("nameDifference and describeNameDifference", () => {
  it.each<[string, string[], string[], object | undefined, string]>([
    ["equal", ["a", "b"], ["a", "b"], undefined, ""],
    [
      "one missing",
      ["a", "b"],
      ["a"],
      { missing: ["b"], extra: [], reordered: false },
      "missing b",
    ],
    [
      "one extra within the order",
      ["a", "b"],
      ["a", "x", "b"],
      { missing: [], extra: ["x"], reordered: false },
      "unexpected x",
    ],
    [
      "one renamed",
      ["a", "b"],
      ["a", "B"],
      { missing: ["b"], extra: ["B"], reordered: false },
      'missing b; unexpected "B"',
    ],
    [
      "swapped",
      ["a", "b", "c"],
      ["b", "a", "c"],
      { missing: [], extra: [], reordered: true },
      "in another order",
    ],
    [
      "everything at once",
      ["a", "b", "c", "d"],
      ["d", "a", "x y", "c-"],
      { missing: ["b", "c"], extra: ["x y", "c-"], reordered: true },
      'missing b, c; unexpected "x y", "c-"; in another order',
    ],
    [
      "a name quoted at its start",
      ["a"],
      ["-a"],
      { missing: ["a"], extra: ["-a"], reordered: false },
      'missing a; unexpected "-a"',
    ],
  ])("%s", (_, expected, actual, difference, description) => {
    const found = nameDifference(expected, actual);
    expect(found).toEqual(difference);
    expect(found ? describeNameDifference(found) : "").toBe(description);
  });
});

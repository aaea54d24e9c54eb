import { describe, expect, it } from "vitest";
import {
  ACTION_ID_COLUMN,
  ADVANCED_COLUMN_NAMES,
  ADVANCED_COLUMNS,
  ADVANCED_FIELDS,
  advancedResponseExample,
  advancedRowSchema,
  BASIC_COLUMN_NAMES,
  BASIC_COLUMNS,
  BASIC_FIELDS,
  basicRowSchema,
  errorBody,
  FILTER_PROPERTIES,
  fieldDescriptorSchema,
  GOAL_CATEGORY,
  isFilterProperty,
  isGoalEvent,
  STEP_INDEX_COLUMN,
  STEP_NAME_COLUMN,
  stepIndexOf,
  toBasicRow,
  WORKFLOW_COLUMN,
  WORKFLOW_SESSION_COLUMN,
} from "../src/index";

// The column lists as the documentation's example responses give them (the specification under test).
const DOCUMENTED_ADVANCED = [
  ["timestamp", "datetime"],
  ["source", "string"],
  ["event_version", "integer"],
  ["organization_id", "string"],
  ["organization_name", "string"],
  ["category", "string"],
  ["action", "string"],
  ["label", "string"],
  ["vendor", "string"],
  ["properties", "string"],
  ["dim1", "string"],
  ["dim2", "string"],
  ["dim3", "string"],
  ["dim4", "string"],
  ["dim5", "string"],
  ["visitor_id", "string"],
  ["session_id", "string"],
  ["user_id", "string"],
  ["partner_organization_ids", "string"],
  ["browser_name", "string"],
  ["browser_version", "string"],
  ["device_screen_height", "string"],
  ["device_screen_width", "string"],
  ["device_type", "string"],
  ["geo_city", "string"],
  ["geo_country", "string"],
  ["ip_organization", "string"],
  ["os_name", "string"],
  ["os_version", "string"],
  ["value", "number"],
] as const;

const DOCUMENTED_BASIC = [
  "Date & Time",
  "View title",
  "Browser",
  "Device",
  "City",
  "Country",
  "ISP or organisation",
  "OS (operating system)",
  "Interaction Workflow ID",
  "Workflow Session ID",
  "Visitor ID",
] as const;

const advancedRow = advancedResponseExample.data[0];
if (!advancedRow) throw new Error("the advanced example has rows");

describe("advanced columns", () => {
  it("are the 30 documented columns, in order, with the documented field types", () => {
    expect(ADVANCED_COLUMNS.map(({ name, type }) => [name, type])).toEqual(DOCUMENTED_ADVANCED);
    expect(ADVANCED_COLUMN_NAMES).toEqual(DOCUMENTED_ADVANCED.map(([name]) => name));
  });

  it("derive the row schema's keys in the same order", () => {
    expect(Object.keys(advancedRowSchema.shape)).toEqual(ADVANCED_COLUMN_NAMES);
  });

  it("derive the fields header: timestamp first with tz UTC, the others without tz", () => {
    expect(ADVANCED_FIELDS[0]).toEqual({ name: "timestamp", type: "datetime", tz: "UTC" });
    expect(ADVANCED_FIELDS.slice(1).every((field) => !("tz" in field))).toBe(true);
    expect(ADVANCED_FIELDS.map(({ name }) => name)).toEqual(ADVANCED_COLUMN_NAMES);
    for (const field of ADVANCED_FIELDS) expect(fieldDescriptorSchema.parse(field)).toEqual(field);
  });

  it("type each value strictly", () => {
    const cases: [string, unknown][] = [
      ["timestamp", "2022-11-03T10:45:54Z"],
      ["timestamp", "2022-11-03T10:45:54.000+02:00"],
      ["event_version", 1.5],
      ["event_version", "1"],
      ["organization_id", "not-a-uuid"],
      ["properties", "Description=SUM"],
      ["dim1", 7],
      ["visitor_id", "visitor"],
      ["partner_organization_ids", ["x"]],
      ["value", "1.0"],
      ["value", null],
      ["source", null],
    ];
    for (const [column, value] of cases) {
      const result = advancedRowSchema.safeParse({ ...advancedRow, [column]: value });
      expect(result.success, `${column} = ${JSON.stringify(value)}`).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(column);
    }
  });

  it("accept null in the columns the documentation shows as null", () => {
    const nullable = ADVANCED_COLUMN_NAMES.filter((name) => advancedRow[name] === null);
    expect(nullable.length).toBeGreaterThan(10);
    expect(advancedRowSchema.safeParse(advancedRow).success).toBe(true);
  });
});

describe("basic columns", () => {
  it("are the 11 documented columns, in the documented order", () => {
    expect(BASIC_COLUMN_NAMES).toEqual(DOCUMENTED_BASIC);
    expect(Object.keys(basicRowSchema.shape)).toEqual(DOCUMENTED_BASIC);
    expect(BASIC_FIELDS.map(({ name }) => name)).toEqual(DOCUMENTED_BASIC);
    expect(BASIC_FIELDS[0]).toEqual({ name: "Date & Time", type: "datetime", tz: "UTC" });
  });

  it("each project one advanced column (README: How the documentation is read)", () => {
    expect(Object.fromEntries(BASIC_COLUMNS.map(({ name, from }) => [name, from]))).toEqual({
      "Date & Time": "timestamp",
      "View title": "dim4",
      Browser: "browser_name",
      Device: "device_type",
      City: "geo_city",
      Country: "geo_country",
      "ISP or organisation": "ip_organization",
      "OS (operating system)": "os_name",
      "Interaction Workflow ID": "label",
      "Workflow Session ID": "dim1",
      "Visitor ID": "visitor_id",
    });
  });

  it("take their value schema and field type from the advanced column", () => {
    for (const column of BASIC_COLUMNS) {
      const source = ADVANCED_COLUMNS.find(({ name }) => name === column.from);
      expect(column.type).toBe(source?.type);
      expect(column.schema._def.typeName).toBe(source?.schema._def.typeName);
    }
  });
});

describe("toBasicRow", () => {
  it("projects every basic column from its advanced column, in the basic order", () => {
    const row = {
      ...advancedRow,
      dim4: "Call start",
      browser_name: "Firefox",
      device_type: "mobile",
      geo_city: "Tampere",
      geo_country: "Finland",
      ip_organization: "Elisa Oyj",
      os_name: "Android",
    };
    const basic = toBasicRow(row);
    expect(Object.keys(basic)).toEqual(DOCUMENTED_BASIC);
    expect(basic).toEqual({
      "Date & Time": row.timestamp,
      "View title": "Call start",
      Browser: "Firefox",
      Device: "mobile",
      City: "Tampere",
      Country: "Finland",
      "ISP or organisation": "Elisa Oyj",
      "OS (operating system)": "Android",
      "Interaction Workflow ID": row.label,
      "Workflow Session ID": row.dim1,
      "Visitor ID": row.visitor_id,
    });
    expect(basicRowSchema.strict().parse(basic)).toEqual(basic);
  });
});

describe("filter properties", () => {
  it("include action, label and category, and are all advanced columns", () => {
    expect(FILTER_PROPERTIES).toEqual(expect.arrayContaining(["action", "label", "category"]));
    for (const property of FILTER_PROPERTIES) expect(ADVANCED_COLUMN_NAMES).toContain(property);
  });

  it.each([
    ["action", true],
    ["label", true],
    ["dim5", true],
    ["timestamp", false],
    ["value", false],
    ["properties", false],
    ["country", false],
    ["Action", false],
    ["", false],
  ])("isFilterProperty(%j) is %s", (property, supported) => {
    expect(isFilterProperty(property)).toBe(supported);
  });

  it("the 406 detail names the property and every supported one", () => {
    const { detail } = errorBody("filter_not_implemented", "country");
    expect(detail).toContain('"country"');
    for (const property of FILTER_PROPERTIES) expect(detail).toContain(property);
  });
});

describe("event conventions (README: How the documentation is read)", () => {
  it("name the columns that place an event in its workflow, session, step and action", () => {
    expect([
      WORKFLOW_COLUMN,
      WORKFLOW_SESSION_COLUMN,
      ACTION_ID_COLUMN,
      STEP_NAME_COLUMN,
      STEP_INDEX_COLUMN,
    ]).toEqual(["label", "dim1", "dim3", "dim4", "dim5"]);
  });

  it("read the documented example row as step 1 of its workflow, not a goal", () => {
    expect(stepIndexOf(advancedRow)).toBe(1);
    expect(advancedRow[WORKFLOW_COLUMN]).toBe("d3f3323f-9787-4abd-850d-9b9b3a5cc6f9");
    expect(isGoalEvent(advancedRow)).toBe(false);
    expect(isGoalEvent({ category: GOAL_CATEGORY })).toBe(true);
  });

  it.each([
    ["0", 0],
    ["12", 12],
    ["01", undefined],
    ["-1", undefined],
    ["1.5", undefined],
    ["", undefined],
    [null, undefined],
  ])("stepIndexOf(dim5 = %j) is %s", (dim5, index) => {
    expect(stepIndexOf({ dim5 })).toBe(index);
  });
});

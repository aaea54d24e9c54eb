import { describe, expect, it } from "vitest";
import {
  advancedRequestExample,
  basicRequestExample,
  isFilterProperty,
  pathParamsSchema,
  stepDownloadRequestSchema,
  stepSourceDataRequestSchema,
  toFieldErrors,
} from "../src/index";

const validBody = basicRequestExample.body;
const validParams = basicRequestExample.pathParams;

/** Parses a request as the stub will: URL attributes and payload, errors merged. */
function errorsOf(pathParams: unknown, body: unknown) {
  const params = pathParamsSchema.safeParse(pathParams);
  const payload = stepSourceDataRequestSchema.safeParse(body);
  return toFieldErrors([
    ...(params.success ? [] : params.error.issues),
    ...(payload.success ? [] : payload.error.issues),
  ]);
}

describe("documented example requests", () => {
  it.each([
    ["basic", basicRequestExample],
    ["advanced", advancedRequestExample],
  ])("the %s example parses, its string limit becoming a number", (_, example) => {
    const params = pathParamsSchema.parse(example.pathParams);
    const body = stepSourceDataRequestSchema.parse(example.body);
    expect(params).toEqual({
      organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
      workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
      step_index: 1,
    });
    expect(body.limit).toBe(2);
    expect(body.target).toBe("default");
    expect(body.basic).toBe(example === basicRequestExample);
    expect(body.filters).toEqual([{ property: "action", values: ["User dialed"] }]);
  });

  it("fills in the documented defaults: target default, basic false, no limit", () => {
    const body = stepSourceDataRequestSchema.parse({
      filters: [],
      interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" },
    });
    expect(body).toEqual({
      filters: [],
      interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" },
      target: "default",
      basic: false,
    });
    expect("limit" in body).toBe(false);
  });

  it("accepts the documented payload with step_data, triggered_goal and a numeric limit", () => {
    const body = stepSourceDataRequestSchema.parse({
      filters: [{ property: "action", values: ["action name"] }],
      step_data: [
        {},
        {
          actions: [
            "element-cp9yu8spgp4z9boskasdjowidstam83w1h4h",
            "element-tokxiwmi2gtobcjnlskdsk2kdasdazasrk5m",
          ],
        },
        { actions: ["element-tasd2k3d2gtobcjnje1towkasdok23dkowqa"] },
      ],
      interval: { start: "2022-11-03T00:00:00.000+02:00", end: "2022-11-03T10:00:00+0200" },
      limit: 1000,
      target: "triggered_goal",
      basic: false,
    });
    expect(body.step_data).toHaveLength(3);
    expect(body.limit).toBe(1000);
    expect(body.target).toBe("triggered_goal");
  });

  it("lets an unsupported filter property through validation: it is the 406 case, not a 400", () => {
    const body = stepSourceDataRequestSchema.parse({
      ...validBody,
      filters: [{ property: "country", values: ["Finland"] }],
    });
    expect(body.filters[0]?.property).toBe("country");
    expect(isFilterProperty("country")).toBe(false);
  });

  it("answers UUIDs in lowercase whatever case they were sent in", () => {
    const params = pathParamsSchema.parse({
      organization_id: "E40BCB66-8C63-4AA7-8D81-68D8E8CEF907",
      workflow_id: "D3F3323F-9787-4abd-850d-9b9b3a5cc6f9",
      step_index: "12",
    });
    expect(params).toEqual({
      organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
      workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
      step_index: 12,
    });
  });
});

describe("invalid inputs are rejected with the failing path", () => {
  const interval = validBody.interval;
  const cases: [string, { params?: object; body?: object }, string][] = [
    [
      "malformed organization UUID",
      { params: { organization_id: "e40bcb66-8c63" } },
      "organization_id",
    ],
    ["malformed workflow UUID", { params: { workflow_id: "not-a-uuid" } }, "workflow_id"],
    [
      "UUID without dashes",
      { params: { workflow_id: "d3f3323f97874abd850d9b9b3a5cc6f9" } },
      "workflow_id",
    ],
    ["step_index 0", { params: { step_index: 0 } }, "step_index"],
    ["step_index -1", { params: { step_index: -1 } }, "step_index"],
    ["step_index 1.5", { params: { step_index: 1.5 } }, "step_index"],
    ['step_index "abc"', { params: { step_index: "abc" } }, "step_index"],
    ['step_index "0"', { params: { step_index: "0" } }, "step_index"],
    ['step_index "1.5"', { params: { step_index: "1.5" } }, "step_index"],
    ["limit 0", { body: { limit: 0 } }, "limit"],
    ["limit -3", { body: { limit: -3 } }, "limit"],
    ['limit "x"', { body: { limit: "x" } }, "limit"],
    ["limit 2.5", { body: { limit: 2.5 } }, "limit"],
    ["limit true", { body: { limit: true } }, "limit"],
    ["unknown key filter", { body: { filter: [] } }, "filter"],
    ["missing interval", { body: { interval: undefined } }, "interval"],
    ["missing filters", { body: { filters: undefined } }, "filters"],
    [
      "start equal to end",
      { body: { interval: { start: interval.start, end: interval.start } } },
      "interval.end",
    ],
    [
      "start after end",
      { body: { interval: { start: interval.end, end: interval.start } } },
      "interval.end",
    ],
    [
      "date-time without offset",
      { body: { interval: { ...interval, start: "2022-11-03T00:00:00" } } },
      "interval.start",
    ],
    ["date only", { body: { interval: { ...interval, end: "2022-11-04" } } }, "interval.end"],
    [
      "February 30",
      { body: { interval: { ...interval, start: "2022-02-30T00:00:00Z" } } },
      "interval.start",
    ],
    ...(["+99:99", "+24:00", "-25:00", "+12:60", "+2400"] as const).map(
      (offset): [string, { body: object }, string] => [
        `offset ${offset}`,
        { body: { interval: { ...interval, start: `2022-11-03T00:00:00${offset}` } } },
        "interval.start",
      ],
    ),
    [
      "impossible offset in end",
      { body: { interval: { ...interval, end: "2022-11-04T00:00:00-23:60" } } },
      "interval.end",
    ],
    [
      "unknown interval key",
      { body: { interval: { ...interval, timezone: "UTC" } } },
      "interval.timezone",
    ],
    [
      "empty values",
      { body: { filters: [{ property: "action", values: [] }] } },
      "filters[0].values",
    ],
    [
      "values not strings",
      { body: { filters: [{ property: "action", values: [1] }] } },
      "filters[0].values[0]",
    ],
    [
      "empty property",
      { body: { filters: [{ property: "", values: ["x"] }] } },
      "filters[0].property",
    ],
    [
      "unknown filter key",
      { body: { filters: [{ property: "action", value: ["x"], values: ["x"] }] } },
      "filters[0].value",
    ],
    ['target "other"', { body: { target: "other" } }, "target"],
    ['basic "true"', { body: { basic: "true" } }, "basic"],
    ["step_data not an array", { body: { step_data: {} } }, "step_data"],
    ["empty actions", { body: { step_data: [{}, { actions: [] }] } }, "step_data[1].actions"],
    ["unknown step_data key", { body: { step_data: [{ action: ["x"] }] } }, "step_data[0].action"],
  ];

  it.each(cases)("%s → %s", (_, { params, body }, path) => {
    const errors = errorsOf({ ...validParams, ...params }, { ...validBody, ...body });
    expect(errors.map((error) => error.path)).toEqual([path]);
    expect(errors[0]?.message).toMatch(/\S/);
  });

  it("takes offsets from -23:59 to +23:59, and says so for one beyond", () => {
    for (const offset of ["+23:59", "-23:59", "+00:00", "-00:00", "+0530", "Z"]) {
      const start = `2022-11-02T00:00:00${offset}`;
      expect(
        errorsOf(validParams, { ...validBody, interval: { ...interval, start } }),
        start,
      ).toEqual([]);
    }
    const [error] = errorsOf(validParams, {
      ...validBody,
      interval: { ...interval, start: "2022-11-03T00:00:00+99:99" },
    });
    expect(error?.message).toContain("from -23:59 to +23:59");
  });

  it("rejects a payload that is not an object at the root", () => {
    expect(errorsOf(validParams, [validBody]).map((error) => error.path)).toEqual(["body"]);
  });

  it("names every failing input at once", () => {
    const errors = errorsOf(
      { ...validParams, step_index: "abc" },
      { filter: [], interval: { start: "yesterday", end: "today" }, limit: 0 },
    );
    expect(errors.map((error) => error.path).sort()).toEqual(
      ["filter", "filters", "interval.end", "interval.start", "limit", "step_index"].sort(),
    );
  });

  it("explains in words what a positive integer must look like", () => {
    const [error] = errorsOf({ ...validParams, step_index: "abc" }, validBody);
    expect(error?.message).toContain("positive integer");
  });
});

describe("a download's format", () => {
  const errors = (format: unknown) => {
    const parsed = stepDownloadRequestSchema.safeParse({ ...validBody, format });
    return parsed.success ? [] : toFieldErrors(parsed.error.issues);
  };

  it("is named in the kit's words when it is not csv or xlsx, not zod's", () => {
    for (const format of ["pdf", "CSV", 3, null]) {
      expect(errors(format), String(format)).toEqual([
        { path: "format", message: 'Must be "csv" or "xlsx"' },
      ]);
    }
  });

  it("is Required when left out, as every other required field", () => {
    expect(errors(undefined)).toEqual([{ path: "format", message: "Required" }]);
    expect(errors("xlsx")).toEqual([]);
  });
});

// The download holds exactly the step endpoint's rows: its CSV compared byte for byte with csvRow of the
// JSON answer's rows, both read back by csv-parse, and its XLSX read back by Gnumeric, cell by cell.
import {
  csvHeader,
  csvRow,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  STEP_DOWNLOAD_PATH,
  type StepSourceDataRequestInput,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiHeaders, type Harness, post, startHarness, stepPath } from "../helpers/harness";
import { csvRecords, readXlsx, xlsxCellTypes } from "../helpers/spreadsheet-reader";

type Payload = StepSourceDataRequestInput;
interface Target {
  readonly organizationId: string;
  readonly workflowId: string;
  readonly step: number;
}

const EXAMPLE: Target = {
  organizationId: EXAMPLE_ORGANIZATION_ID,
  workflowId: EXAMPLE_WORKFLOW_ID,
  step: 1,
};
const WEEK = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };

/** A cell as text, as the contract's README reads a download: null empty, lists as JSON, numbers as written. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness("socket");
});
afterAll(() => harness.close());

/** The step endpoint's JSON answer for a payload: its fields and rows. */
async function json(target: Target, payload: Payload) {
  const answer = await post(
    harness,
    stepPath(target.organizationId, target.workflowId, target.step),
    payload,
  );
  expect(answer.status).toBe(200);
  return answer.body as { fields: { name: string }[]; data: Record<string, unknown>[] };
}

/** The download of a payload: its bytes, as the stub sent them. */
async function download(target: Target, payload: Payload, format: "csv" | "xlsx") {
  const path = STEP_DOWNLOAD_PATH.replace(":organization_id", target.organizationId)
    .replace(":workflow_id", target.workflowId)
    .replace(":step_index", String(target.step));
  const response = await harness.fetch(path, {
    method: "POST",
    headers: apiHeaders(),
    body: JSON.stringify({ ...payload, format }),
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

const csvText = async (target: Target, payload: Payload) =>
  new TextDecoder().decode(await download(target, payload, "csv"));

/** The CSV's data records (after its header), read by csv-parse. */
const csvRows = async (target: Target, payload: Payload) =>
  csvRecords(await csvText(target, payload)).slice(1);

/** The payloads compared: advanced and basic, filters, a limit, goals, the funnel. */
function payloads(): [string, Target, Payload][] {
  const web = harness.stub.source.catalog.workflows.find(({ type }) => type === "web-navigation");
  if (!web) throw new Error("no web navigation workflow in the dataset");
  const webTarget = { organizationId: web.organizationId, workflowId: web.id, step: 2 };
  const stepData = web.steps.map((step, index) =>
    index === 0 ? {} : { actions: step.actions.slice(0, 1).map(({ id }) => id) },
  );
  return [
    ["advanced rows of a week", EXAMPLE, { filters: [], interval: WEEK }],
    [
      "basic rows, filtered",
      EXAMPLE,
      { filters: [{ property: "device_type", values: ["mobile"] }], interval: WEEK, basic: true },
    ],
    ["a limit", EXAMPLE, { filters: [], interval: WEEK, limit: "7" }],
    ["triggered goals", webTarget, { filters: [], interval: WEEK, target: "triggered_goal" }],
    ["the step_data funnel", webTarget, { filters: [], interval: WEEK, step_data: stepData }],
  ];
}

describe("the CSV download", () => {
  it("is exactly csvHeader and csvRow of the JSON answer's rows, for every payload", async () => {
    for (const [name, target, payload] of payloads()) {
      const { fields, data } = await json(target, payload);
      const text = await csvText(target, payload);
      expect(text, name).toBe(csvHeader(fields) + data.map((row) => csvRow(fields, row)).join(""));
      // Read back by a parser no one here wrote: the same cells.
      const records = csvRecords(text);
      expect(records[0], name).toEqual(fields.map(({ name }) => name));
      expect(records.slice(1), name).toEqual(
        data.map((row) => fields.map(({ name }) => cellText(row[name]))),
      );
    }
  });

  it("keeps the step endpoint's prefix under limit", async () => {
    const all = await csvRows(EXAMPLE, { filters: [], interval: WEEK });
    expect(all.length).toBeGreaterThan(5);
    for (const limit of [1, 2, 5]) {
      expect(await csvRows(EXAMPLE, { filters: [], interval: WEEK, limit: String(limit) })).toEqual(
        all.slice(0, limit),
      );
    }
  });

  it("keeps the half-open interval: [a, c) is [a, b) then [b, c)", async () => {
    const middle = "2022-11-04T13:00:00Z";
    const whole = await csvRows(EXAMPLE, { filters: [], interval: WEEK });
    const first = await csvRows(EXAMPLE, { filters: [], interval: { ...WEEK, end: middle } });
    const second = await csvRows(EXAMPLE, { filters: [], interval: { ...WEEK, start: middle } });
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect([...first, ...second]).toEqual(whole);
  });

  it("keeps the filters: each filtered row is a row of the unfiltered file, with the value asked", async () => {
    const all = await csvRows(EXAMPLE, { filters: [], interval: WEEK, basic: true });
    const mobile = await csvRows(EXAMPLE, {
      filters: [{ property: "device_type", values: ["mobile"] }],
      interval: WEEK,
      basic: true,
    });
    const device = 3; // basic columns: Date & Time, View title, Browser, Device, …
    expect(mobile.length).toBeGreaterThan(0);
    expect(mobile).toEqual(all.filter((record) => record[device] === "mobile"));
  });
});

describe("the XLSX download, read by Gnumeric", () => {
  it("has one worksheet named Step <n> with the JSON answer's cells, for every payload", async () => {
    for (const [name, target, payload] of payloads()) {
      const { fields, data } = await json(target, payload);
      const sheets = readXlsx(await download(target, payload, "xlsx"));
      expect(
        sheets.map(({ name }) => name),
        name,
      ).toEqual([`Step ${target.step}`]);
      const records = sheets[0]?.records ?? [];
      expect(records[0], name).toEqual(fields.map(({ name }) => name));
      expect(records.slice(1), name).toEqual(
        data.map((row) => fields.map(({ name }) => cellText(row[name]))),
      );
    }
  });

  it("writes numbers as numbers and text (timestamps, lists as JSON) as text; null leaves a cell empty", async () => {
    const payload = { filters: [], interval: WEEK, limit: "50" };
    const { fields, data } = await json(EXAMPLE, payload);
    const types = xlsxCellTypes(await download(EXAMPLE, payload, "xlsx"));
    fields.forEach(({ name }, column) => {
      expect(types.get(`0,${column}`)).toBe("text");
      data.forEach((row, index) => {
        const value = row[name];
        const want =
          value === null || value === ""
            ? undefined
            : typeof value === "number"
              ? "number"
              : "text";
        expect(types.get(`${index + 1},${column}`), `${name} of row ${index + 1}`).toBe(want);
      });
    });
  });

  it("holds thousands of rows, written in batches, cell for cell", async () => {
    const payload = {
      filters: [],
      interval: { start: "2022-11-01T00:00:00Z", end: "2023-03-01T00:00:00Z" },
    };
    const { fields, data } = await json(EXAMPLE, payload);
    expect(data.length).toBeGreaterThan(1000);
    const [sheet] = readXlsx(await download(EXAMPLE, payload, "xlsx"));
    expect(sheet?.records.length).toBe(data.length + 1);
    expect(sheet?.records.slice(1)).toEqual(
      data.map((row) => fields.map(({ name }) => cellText(row[name]))),
    );
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AdvancedRow, stepSourceDataRequestSchema } from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import {
  DataFileError,
  expectedEvents,
  fileSource,
  fixtureSource,
  GeneratedSource,
  MATERIALIZE_LIMIT,
  MemorySource,
  runQuery,
} from "../../src/index";

const options = { seed: 4, start: "2023-01-02T00:00:00Z", end: "2023-01-16T00:00:00Z" };
const dataset = createDataset(options);
const memory = new MemorySource(dataset, generateEvents(dataset));
const generated = new GeneratedSource(dataset);

function rowsOf(
  source: MemorySource | GeneratedSource,
  workflow: number,
  step: number,
  body: object,
): AdvancedRow[] {
  const flow = dataset.workflows[workflow];
  const outcome = runQuery(source, {
    params: {
      organization_id: flow?.organizationId ?? "",
      workflow_id: flow?.id ?? "",
      step_index: step,
    },
    body: stepSourceDataRequestSchema.parse({ filters: [], ...body }),
    organizations: "all",
  });
  if (outcome.status !== 200 || outcome.basic)
    throw new Error(`expected advanced rows, got ${outcome.status}`);
  return [...outcome.rows];
}

describe("a dataset generated per query", () => {
  const web = dataset.workflows.findIndex(({ type }) => type === "web-navigation");
  const chart = (workflow: number) =>
    dataset.workflows[workflow]?.steps.map(({ actions }, index) =>
      index === 0 ? {} : { actions: actions.map(({ id }) => id) },
    );

  it.each([
    [
      "a mid-range interval",
      0,
      1,
      { interval: { start: "2023-01-05T10:30:00Z", end: "2023-01-09T02:00:00Z" } },
    ],
    [
      "the whole range and beyond",
      3,
      2,
      { interval: { start: "2022-12-01T00:00:00Z", end: "2023-02-01T00:00:00Z" } },
    ],
    [
      "goals",
      1,
      3,
      {
        interval: { start: "2023-01-02T00:00:00Z", end: "2023-01-16T00:00:00Z" },
        target: "triggered_goal",
      },
    ],
    [
      "a limit and a filter",
      5,
      1,
      {
        interval: { start: "2023-01-03T00:00:00Z", end: "2023-01-10T00:00:00Z" },
        limit: 7,
        filters: [{ property: "device_type", values: ["mobile"] }],
      },
    ],
    [
      "the step_data funnel",
      web,
      3,
      {
        interval: { start: "2023-01-02T00:00:00Z", end: "2023-01-12T00:00:00Z" },
        step_data: chart(web),
      },
    ],
  ])("answers %s exactly as the dataset held in memory", (_, workflow, step, body) => {
    const expected = rowsOf(memory, workflow, step, body);
    expect(expected.length).toBeGreaterThan(0);
    expect(rowsOf(generated, workflow, step, body)).toEqual(expected);
  });

  it("is chosen for datasets too large to hold, the memory source for the others", () => {
    expect(fixtureSource(options)).toBeInstanceOf(MemorySource);
    const large = { ...options, sessionsPerDay: 100_000 };
    expect(expectedEvents(createDataset(large))).toBeGreaterThan(MATERIALIZE_LIMIT);
    expect(fixtureSource(large)).toBeInstanceOf(GeneratedSource);
    expect(fixtureSource(options, false)).toBeInstanceOf(GeneratedSource);
  });
});

describe("a dataset from files", () => {
  const folder = mkdtempSync(join(tmpdir(), "stub-data-"));
  const write = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const rows = generateEvents(dataset).slice(0, 3000);
  const events = write("events.ndjson", `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`);
  const workflows = write(
    "workflows.json",
    JSON.stringify({ organizations: dataset.organizations, workflows: dataset.workflows }),
  );

  it("serves the events it was given, indexed like the fixtures", async () => {
    const source = await fileSource(events, workflows);
    expect(source.size).toBe(3000);
    const body = { interval: { start: options.start, end: options.end } };
    const fromFile = rowsOf(source, 2, 1, body);
    expect(fromFile).toEqual(rowsOf(new MemorySource(dataset, rows), 2, 1, body));
    expect(fromFile.length).toBeGreaterThan(0);
  });

  it.each([
    [
      "a line that is not JSON",
      `${JSON.stringify(rows[0])}\n{oops\n`,
      /events-bad\.ndjson:2: not JSON/,
    ],
    [
      "a row that breaks the contract",
      `${JSON.stringify({ ...rows[0], event_version: "1" })}\n`,
      /:1: event_version: Expected number/,
    ],
    [
      "a row whose workflow the workflows file does not list (it would be dropped unseen)",
      `${JSON.stringify(rows[0])}\n${JSON.stringify({ ...rows[1], label: "00000000-0000-4000-8000-000000000000" })}\n`,
      /events-bad\.ndjson:2: label: workflow 00000000-0000-4000-8000-000000000000 is not in .*workflows\.json/,
    ],
    [
      "a half line in the middle",
      `${JSON.stringify(rows[0])}\n${JSON.stringify(rows[1]).slice(0, 40)}\n${JSON.stringify(rows[2])}\n`,
      /events-bad\.ndjson:2: not JSON/,
    ],
  ])("rejects %s, naming the file and line", async (_, text, message) => {
    const path = write("events-bad.ndjson", text);
    await expect(fileSource(path, workflows)).rejects.toThrow(message);
    await expect(fileSource(path, workflows)).rejects.toBeInstanceOf(DataFileError);
  });

  it.each([
    ["a missing file", join(folder, "none.json"), /none\.json: ENOENT/],
    [
      "a workflow without steps",
      write(
        "workflows-bad.json",
        JSON.stringify({ organizations: [], workflows: [{ ...dataset.workflows[0], steps: [] }] }),
      ),
      /workflows\[0\]\.steps/,
    ],
    [
      "a workflow listed twice",
      write(
        "workflows-twice.json",
        JSON.stringify({
          organizations: dataset.organizations,
          workflows: [...dataset.workflows, dataset.workflows[1]],
        }),
      ),
      new RegExp(
        `workflows\\[${dataset.workflows.length}\\]\\.id: .* is listed twice \\(also workflows\\[1\\]\\)`,
      ),
    ],
    [
      "a __proto__ key",
      write(
        "workflows-proto.json",
        `{"__proto__": {"polluted": true}, "organizations": ${JSON.stringify(dataset.organizations)}, "workflows": ${JSON.stringify(dataset.workflows)}}`,
      ),
      /workflows-proto\.json: a key "__proto__" is not allowed/,
    ],
    [
      "a JSON syntax error (its line and column named)",
      write("workflows-syntax.json", '{\n  "organizations": [],\n  "workflows": [,]\n}\n'),
      /workflows-syntax\.json: .*line 3,? column \d+/,
    ],
  ])("rejects a workflows file with %s", async (_, path, message) => {
    await expect(fileSource(events, path)).rejects.toThrow(message);
  });
});

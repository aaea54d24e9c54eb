// A warming source (the CLI's fixtures dataset while its tables are built) answers byte for byte as
// the dataset held in memory, before its tables arrive, after, and when it has to build them itself.
import {
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  STEP_SOURCE_DATA_PATH,
  WORKFLOW_INFO_PATH,
} from "@giosg-reporting/contract";
import {
  createDataset,
  type Dataset,
  type DatasetOptions,
  generateEvents,
} from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { fixtureSource, warmingFixtureSource } from "../../src/data/fixtures/fixture-source";
import { GeneratedSource } from "../../src/data/fixtures/generated-source";
import { WarmingSource } from "../../src/data/fixtures/warming-source";
import type { MemorySource } from "../../src/data/memory/memory-source";
import { MemoryTables } from "../../src/data/memory/memory-tables";
import { createStub, type Stub } from "../../src/index";

const HEADERS = { authorization: "Token demo", "content-type": "application/json" };

/** One request of the API: its path, and its body when posted. */
type Call = readonly [path: string, body?: object];

const pathOf = (template: string, organizationId: string, workflowId: string, step = 1) =>
  template
    .replace(":organization_id", organizationId)
    .replace(":workflow_id", workflowId)
    .replace(":step_index", String(step));

/**
 * Every route over every workflow of `dataset`: each step advanced and basic, its goals, a filter, a
 * limit, the step_data funnel, an interval past the data and one before it (empty answers), downloads,
 * workflow info and the source_data route (a 404 where the workflow is not an interaction one).
 */
function calls(dataset: Dataset): Call[] {
  const whole = { start: dataset.start, end: dataset.end };
  const past = {
    start: dataset.start.replace(/^\d{4}/, (year) => String(Number(year) - 1)),
    end: dataset.start,
  };
  const beyond = { start: "2022-10-30T12:00:00.000Z", end: "2023-05-03T00:00:00+00:00" };
  return dataset.workflows.flatMap((workflow) => {
    const { organizationId, id } = workflow;
    const chart = workflow.steps.map(({ actions }, index) =>
      index === 0 ? {} : { actions: actions.slice(0, 1).map((action) => action.id) },
    );
    const steps = workflow.steps.slice(1).flatMap(({ index }): Call[] => {
      const path = pathOf(STEP_SOURCE_DATA_PATH, organizationId, id, index);
      return [
        [path, { filters: [], interval: whole }],
        [path, { filters: [], interval: beyond, basic: true }],
        [path, { filters: [], interval: whole, target: "triggered_goal", basic: index % 2 === 0 }],
        [
          path,
          { filters: [{ property: "device_type", values: ["mobile"] }], interval: whole, limit: 5 },
        ],
        [path, { filters: [], interval: whole, limit: 1, basic: true }],
        [path, { filters: [], interval: whole, step_data: chart }],
        [path, { filters: [], interval: past }],
        [
          pathOf(STEP_DOWNLOAD_PATH, organizationId, id, index),
          { filters: [], interval: whole, format: "csv", basic: index % 2 === 1 },
        ],
      ];
    });
    const sourceData = pathOf(SOURCE_DATA_PATH, organizationId, id);
    return [
      ...steps,
      [pathOf(WORKFLOW_INFO_PATH, organizationId, id)],
      [sourceData, { filters: [], interval: whole }],
      [sourceData, { filters: [], interval: whole, target: "affected_goal_total", basic: true }],
    ];
  });
}

/** Each answer's status, content type and body bytes, in order. */
async function answers(stub: Stub, all: readonly Call[]): Promise<string[]> {
  const out: string[] = [];
  for (const [path, body] of all) {
    const response = await stub.fetch(
      `http://stub${path}`,
      body === undefined
        ? { headers: HEADERS }
        : { method: "POST", headers: HEADERS, body: JSON.stringify(body) },
    );
    const bytes = Buffer.from(await response.arrayBuffer()).toString("base64");
    out.push(`${response.status} ${response.headers.get("content-type")} ${bytes}`);
  }
  return out;
}

/** A promise and what settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe("a warming source", () => {
  const options: DatasetOptions = {
    seed: 4,
    start: "2023-01-02T00:00:00Z",
    end: "2023-01-09T00:00:00Z",
  };
  const dataset = createDataset(options);
  const all = calls(dataset);

  it("answers every route as the held dataset before its tables arrive, and after", async () => {
    const expected = await answers(createStub({ source: fixtureSource(options) }), all);
    expect(expected.filter((answer) => answer.startsWith("200 ")).length).toBeGreaterThan(
      all.length / 2,
    );
    expect(expected.some((answer) => answer.length > 100_000)).toBe(true);
    const tables = deferred<MemoryTables | undefined>();
    const warming = new WarmingSource(createDataset(options), () => tables.promise);
    const stub = createStub({ source: warming });
    expect(warming.isHeld).toBe(false);
    expect(await answers(stub, all)).toEqual(expected);
    const warmed = warming.warm();
    expect(await answers(stub, all)).toEqual(expected);
    expect(warming.isHeld).toBe(false);
    const held = createDataset(options);
    tables.resolve(MemoryTables.build(held, generateEvents(held)));
    const memory = await warmed;
    expect(warming.warm()).toBe(warmed);
    expect(warming.isHeld).toBe(true);
    expect(memory.size).toBe((fixtureSource(options) as MemorySource).size);
    expect(await answers(stub, all)).toEqual(expected);
  });

  it("builds its tables in this thread when none arrive, and answers the same", async () => {
    const warming = new WarmingSource(createDataset(options), () => Promise.resolve(undefined));
    const expected = await answers(createStub({ source: fixtureSource(options) }), all);
    await warming.warm();
    expect(warming.isHeld).toBe(true);
    expect(await answers(createStub({ source: warming }), all)).toEqual(expected);
  });

  it("answers the default dataset's first step of every workflow as the held default dataset", async () => {
    const defaults = createDataset();
    const firstSteps = calls(defaults).filter(([path]) => /\/step\/1(\/download\/)?$/.test(path));
    const expected = await answers(createStub({ source: fixtureSource() }), firstSteps);
    const warming = new WarmingSource(defaults, () => deferred<undefined>().promise);
    void warming.warm();
    expect(await answers(createStub({ source: warming }), firstSteps)).toEqual(expected);
    expect(warming.isHeld).toBe(false);
  });

  it("is a dataset generated per query when it is too large to hold", () => {
    expect(warmingFixtureSource({ ...options, sessionsPerDay: 100_000 })).toBeInstanceOf(
      GeneratedSource,
    );
  });
});

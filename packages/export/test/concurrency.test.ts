// --concurrency: units in flight at once against the stub over a socket, the state file's writes one at a time, and the same files as one at a time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Target } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExportError, exportSourceData, openFileSink, parseInterval, StateFile } from "../src";
import { contentsOf, ORGANIZATION, WORKFLOW } from "./helpers/files";

const WEEK = parseInterval("2022-11-01T00:00:00Z/2022-11-08T00:00:00Z");
const TARGETS: readonly Target[] = ["default", "triggered_goal"];

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-concurrency-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("StateFile under concurrent writes", () => {
  it("keeps every one of many concurrent adds, the file whole", async () => {
    const path = join(dir, "state.json");
    const state = await StateFile.open(path, WORKFLOW);
    const keys = Array.from({ length: 50 }, (_, index) => `step-1/default/unit-${index}.ndjson`);
    await Promise.all(keys.map((key) => state.add(key)));
    const reopened = await StateFile.open(path, WORKFLOW);
    expect(reopened.keys().sort()).toEqual([...keys].sort());
  });
});

describe("an export with units in flight at once", () => {
  it("keeps `concurrency` requests in flight and ends with the files of a one-at-a-time run", async () => {
    const run = async (folder: string, concurrency: number) => {
      let inFlight = 0;
      let most = 0;
      const counting: typeof fetch = async (input, init) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          // The answer read whole here, so that a request is in flight until its rows are in.
          const response = await fetch(input, init);
          return new Response(await response.arrayBuffer(), response);
        } finally {
          inFlight -= 1;
        }
      };
      const summary = await exportSourceData({
        client: createClient({ token: "demo", baseUrl: stub.url, fetch: counting }),
        organizationId: ORGANIZATION,
        workflowId: WORKFLOW,
        interval: WEEK,
        steps: [1, 2],
        targets: TARGETS,
        window: "6h",
        maxWindowRows: 2,
        concurrency,
        sink: await openFileSink({ dir: folder, workflowId: WORKFLOW }),
      });
      return { summary, most };
    };
    const one = await run(join(dir, "one"), 1);
    const four = await run(join(dir, "four"), 4);
    expect(one.most).toBe(1);
    expect(four.most).toBe(4);
    expect(four.summary.failures).toEqual([]);
    expect(four.summary.splits).toBeGreaterThan(0);
    expect({ ...four.summary, failures: [] }).toEqual({ ...one.summary, failures: [] });
    expect(await contentsOf(join(dir, "four"))).toEqual(await contentsOf(join(dir, "one")));
  });

  it.each([0, 17, 1.5])("refuses concurrency %s naming it", async (concurrency) => {
    const run = exportSourceData({
      client: createClient({ token: "demo", baseUrl: stub.url }),
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: WEEK,
      concurrency,
      sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    });
    await expect(run).rejects.toThrow(ExportError);
    await expect(run).rejects.toThrow(/^concurrency: must be a whole number from 1 to 16/);
  });
});

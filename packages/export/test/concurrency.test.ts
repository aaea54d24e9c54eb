// --concurrency: units in flight at once against the stub over a socket, the state file's writes one at a time, and the same files as one at a time.

import { getEventListeners } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Target } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ExportError,
  type ExportSink,
  exportSourceData,
  openFileSink,
  parseInterval,
  StateFile,
} from "../src";
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

  it("starts the next unit's request while a unit whose rows are all in finishes, never reading two answers at once", async () => {
    const events: string[] = [];
    let reading = 0;
    let mostReading = 0;
    let writing = 0;
    let mostWriting = 0;
    const requested = new Map<string, () => void>();
    const requestOf = (start: string) =>
      new Promise<void>((resolve) => {
        if (events.includes(`request ${start}`)) resolve();
        else requested.set(start, resolve);
      });
    const counting: typeof fetch = async (input, init) => {
      const start = JSON.parse(String(init?.body)).interval.start as string;
      events.push(`request ${start}`);
      requested.get(start)?.();
      reading += 1;
      mostReading = Math.max(mostReading, reading);
      try {
        const response = await fetch(input, init);
        return new Response(await response.arrayBuffer(), response);
      } finally {
        reading -= 1;
      }
    };
    const DAY = parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z");
    const starts = [0, 6, 12, 18].map(
      (hour) => `2022-11-01T${String(hour).padStart(2, "0")}:00:00.000Z`,
    );
    const sink: ExportSink = {
      isFinished: () => false,
      finishedUnits: () => [],
      close: async () => {},
      async writeUnit(unit, answer) {
        writing += 1;
        mostWriting = Math.max(mostWriting, writing);
        let rows = 0;
        for await (const batch of answer.batches ?? []) rows += batch.rows.length;
        const start = unit.window.start.toISOString();
        const next = starts[starts.indexOf(start) + 1];
        // Finishing waits for the next unit's request: with the permit still held, it never comes.
        if (next !== undefined) await requestOf(next);
        events.push(`finished ${start}`);
        writing -= 1;
        return rows;
      },
    };
    const summary = await exportSourceData({
      client: createClient({ token: "demo", baseUrl: stub.url, fetch: counting }),
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: DAY,
      window: "6h",
      concurrency: 1,
      sink,
    });
    expect(summary.failures).toEqual([]);
    expect(summary.written).toBe(4);
    expect(mostReading).toBe(1);
    expect(mostWriting).toBeLessThanOrEqual(2);
    for (const [index, start] of starts.entries()) {
      const next = starts[index + 1];
      if (next !== undefined)
        expect(events.indexOf(`request ${next}`)).toBeLessThan(events.indexOf(`finished ${start}`));
    }
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

describe("the caller's signal at a high concurrency", () => {
  it("holds one listener of the export's, whatever the units in progress, none once it ends: no MaxListenersExceededWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      let most = 0;
      const counting: typeof fetch = (input, init) => {
        most = Math.max(most, getEventListeners(controller.signal, "abort").length);
        return fetch(input, init);
      };
      const summary = await exportSourceData({
        client: createClient({ token: "demo", baseUrl: stub.url, fetch: counting }),
        organizationId: ORGANIZATION,
        workflowId: WORKFLOW,
        interval: WEEK,
        steps: [1, 2],
        targets: TARGETS,
        window: "6h",
        concurrency: 16,
        signal: controller.signal,
        sink: await openFileSink({ dir, workflowId: WORKFLOW }),
      });
      expect(summary).toMatchObject({ units: 112, written: 112, failures: [] });
      expect(most).toBe(1);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      // A warning is emitted on the next tick: wait for it before looking.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter(({ name }) => name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

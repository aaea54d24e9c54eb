// @ts-nocheck
// --incremental and <start>/now against the stub over a socket, with a fake clock: each run starts where the finished units end, a clipped window is replaced, a failure is never skipped over.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Target } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ExportError,
  type ExportOptions,
  exportSourceData,
  openFileSink,
  parseExportInterval,
  parseInterval,
  resolveInterval,
} from "../src";
import { wholeAnswer } from "./helpers/answers";
import { filesUnder, ndjsonRows, ORGANIZATION, WORKFLOW } from "./helpers/files";

const TARGETS: readonly Target[] = ["default", "triggered_goal"];
const START = "2022-11-01T00:00:00Z";

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-incremental-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clientOf = (options: { fetch?: typeof fetch; retry?: false } = {}) =>
  createClient({ token: "demo", baseUrl: stub.url, ...options });

/** A cron-style run: `<start>/now`, incremental, at the fake instant `now`. */
const runAt = async (now: string, options: Partial<ExportOptions> = {}) =>
  exportSourceData({
    client: clientOf(),
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: parseExportInterval(`${START}/now`),
    incremental: true,
    targets: TARGETS,
    now: () => new Date(now),
    sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    ...options,
  });

async function expectExactUntil(end: string): Promise<void> {
  const interval = parseInterval(`${START}/${end}`);
  for (const target of TARGETS)
    expect(await ndjsonRows(dir, 1, target), target).toEqual(
      await wholeAnswer(clientOf(), interval, 1, target),
    );
}

describe("an interval ending at now", () => {
  it("ends at now minus the settle delay, floored to a whole second", () => {
    const open = parseExportInterval(`${START}/now`);
    const now = new Date("2022-11-03T05:30:20.750Z");
    expect(resolveInterval(open, 3_600_000, now).end.toISOString()).toBe(
      "2022-11-03T04:30:20.000Z",
    );
    expect(resolveInterval(open, 0, now).end.toISOString()).toBe("2022-11-03T05:30:20.000Z");
    expect(() => resolveInterval(open, 0, new Date(START))).toThrow(ExportError);
    expect(() => resolveInterval(open, 0, new Date(Number.NaN))).toThrow(/^now: /);
  });
});

describe("incremental runs at later and later instants", () => {
  it("each starts where the last ended, the clipped window replaced by the whole one: the files equal one unlimited answer", async () => {
    const first = await runAt("2022-11-03T05:30:20Z");
    expect(first.interval.end.toISOString()).toBe("2022-11-03T04:30:20.000Z");
    expect(first).toMatchObject({ units: 3 * 2, written: 6, failures: [] });
    await expectExactUntil("2022-11-03T04:30:20Z");
    const clipped = "step-1/default/20221103T000000Z_20221103T043020Z.ndjson";
    expect(await filesUnder(join(dir, WORKFLOW))).toContain(clipped);

    // Two days later: the run resumes at the clipped window's day, not at the interval's start.
    const second = await runAt("2022-11-05T12:00:00Z");
    expect(second.interval.start.toISOString()).toBe("2022-11-03T00:00:00.000Z");
    expect(second).toMatchObject({ units: 3 * 2, written: 6, skipped: 0, failures: [] });
    const files = await filesUnder(join(dir, WORKFLOW));
    expect(files).not.toContain(clipped);
    expect(files).toContain("step-1/default/20221103T000000Z_20221104T000000Z.ndjson");
    await expectExactUntil("2022-11-05T11:00:00Z");

    // The same instant again: nothing to write. A settle delay of 0 reaches to now.
    const third = await runAt("2022-11-05T12:00:00Z");
    expect(third).toMatchObject({ written: 0, rows: 0, failures: [] });
    const fourth = await runAt("2022-11-05T12:00:00Z", { settle: "0" });
    expect(fourth.interval.end.toISOString()).toBe("2022-11-05T12:00:00.000Z");
    await expectExactUntil("2022-11-05T12:00:00Z");
  });

  it("never skips over a unit that failed: the next run resumes at it", async () => {
    const failing: typeof fetch = async (input, init) => {
      const body = String(init?.body);
      if (body.includes('"start":"2022-11-02T00:00:00.000Z"') && !body.includes("triggered_goal"))
        return new Response('{"detail":"unavailable"}', {
          status: 503,
          headers: { "content-type": "application/json" },
        });
      return fetch(input, init);
    };
    const first = await runAt("2022-11-05T01:00:00Z", {
      client: clientOf({ fetch: failing, retry: false }),
    });
    expect(first.failures.map(({ unit }) => unit.window.start.toISOString())).toEqual([
      "2022-11-02T00:00:00.000Z",
    ]);
    // Finished on either side of the gap; the next run starts at the gap (the earliest resume point).
    const second = await runAt("2022-11-05T01:00:00Z");
    expect(second.interval.start.toISOString()).toBe("2022-11-02T00:00:00.000Z");
    expect(second).toMatchObject({ written: 1, failures: [] });
    expect(second.skipped).toBe(second.units - 1);
    await expectExactUntil("2022-11-05T00:00:00Z");
  });
});

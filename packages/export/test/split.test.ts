// Splitting against the stub over a socket: past maxWindowRows a window is exported as halves, the files still equal one unlimited answer, reruns with any bound stay exact.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Target } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ExportOptions,
  exportSourceData,
  openFileSink,
  parseInterval,
  parseUnitKey,
  readStateKeys,
  STATE_FILE,
  type UnitEvent,
} from "../src";
import { wholeAnswer } from "./helpers/answers";
import { filesUnder, ndjsonRows, ORGANIZATION, WORKFLOW } from "./helpers/files";

const WEEK = parseInterval("2022-11-01T00:00:00Z/2022-11-08T00:00:00Z");
const TARGETS: readonly Target[] = ["default", "triggered_goal"];
const STEPS = [1, 2];

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-split-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clientOf = (options: { fetch?: typeof fetch; retry?: false } = {}) =>
  createClient({ token: "demo", baseUrl: stub.url, ...options });

const exportWeek = async (options: Partial<ExportOptions> = {}) => {
  const events: UnitEvent[] = [];
  const summary = await exportSourceData({
    client: clientOf(),
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: WEEK,
    steps: STEPS,
    targets: TARGETS,
    sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    onUnit: (event) => events.push(event),
    ...options,
  });
  return { summary, events };
};

/** Each (step, target)'s files, read in name order, hold exactly the stub's unlimited answer for the week. */
async function expectExact(): Promise<void> {
  for (const step of STEPS)
    for (const target of TARGETS)
      expect(await ndjsonRows(dir, step, target), `step ${step} ${target}`).toEqual(
        await wholeAnswer(clientOf(), WEEK, step, target),
      );
}

/** The state file's finished units, sorted. */
async function finished(): Promise<string[]> {
  return [...(await readStateKeys(join(dir, WORKFLOW, STATE_FILE)))].sort();
}

/** The unit files, sorted, as the state file names them. */
async function unitFiles(): Promise<string[]> {
  return (await filesUnder(join(dir, WORKFLOW))).filter((file) => file.endsWith(".ndjson"));
}

describe("a window whose answer passes maxWindowRows", () => {
  it("is split in halves at whole seconds, recursively: the files equal one unlimited answer, row for row", async () => {
    const { summary, events } = await exportWeek({ maxWindowRows: 3 });
    expect(summary.failures).toEqual([]);
    expect(summary.splits).toBeGreaterThan(5);
    expect(summary.written).toBeGreaterThan(summary.units);
    const splits = events.filter((event) => event.kind === "split");
    for (const event of splits) {
      const [left, right] = event.halves;
      expect(left.window.start).toEqual(event.unit.window.start);
      expect(left.window.end).toEqual(right.window.start);
      expect(right.window.end).toEqual(event.unit.window.end);
      expect(left.window.end.getTime() % 1000).toBe(0);
    }
    // No file holds more than the bound, and the state lists exactly the files.
    for (const file of await unitFiles()) {
      const text = await readFile(join(dir, WORKFLOW, file), "utf8");
      expect(text.split("\n").filter((line) => line !== "").length).toBeLessThanOrEqual(3);
    }
    expect(await finished()).toEqual(await unitFiles());
    // The abandoned units left no temporary file.
    expect((await filesUnder(dir)).filter((file) => file.endsWith(".partial"))).toEqual([]);
    await expectExact();
  });

  it("a rerun with the same bound writes nothing and asks nothing", async () => {
    await exportWeek({ maxWindowRows: 3 });
    const files = await unitFiles();
    stub.clearRequests();
    const { summary } = await exportWeek({ maxWindowRows: 3 });
    expect(summary).toMatchObject({ written: 0, splits: 0, rows: 0, failures: [] });
    expect(summary.skipped).toBe(summary.units);
    expect(stub.requests).toHaveLength(0);
    expect(await unitFiles()).toEqual(files);
  });

  it("a rerun with another bound after a failed half ends with exactly the rows of one clean run", async () => {
    // The first run splits with a bound of 3, and every request of one afternoon fails: halves are missing.
    const failing: typeof fetch = async (input, init) => {
      if (String(init?.body).includes('"start":"2022-11-03T12:00:00.000Z"'))
        return new Response('{"detail":"unavailable"}', {
          status: 503,
          headers: { "content-type": "application/json" },
        });
      return fetch(input, init);
    };
    const first = await exportWeek({
      maxWindowRows: 3,
      client: clientOf({ fetch: failing, retry: false }),
    });
    expect(first.summary.failures.length).toBeGreaterThan(0);
    // Parts of 3 November are finished, and the whole day is not.
    const halves = (await finished()).filter((key) => /\/20221103T\d{6}Z_/.test(key));
    expect(halves.length).toBeGreaterThan(0);
    // The rerun, unbounded: the days left incomplete are exported whole, replacing their finished halves.
    const second = await exportWeek({ maxWindowRows: 0 });
    expect(second.summary).toMatchObject({ splits: 0, failures: [] });
    expect(second.summary.written).toBeGreaterThan(0);
    expect(second.summary.skipped).toBeGreaterThan(0);
    expect(await finished()).not.toEqual(expect.arrayContaining(halves));
    expect(await finished()).toContain("step-1/default/20221103T000000Z_20221104T000000Z.ndjson");
    expect(await finished()).toEqual(await unitFiles());
    await expectExact();
    // And a third run with a third bound writes nothing: the rows are all there.
    const third = await exportWeek({ maxWindowRows: 1 });
    expect(third.summary).toMatchObject({ written: 0, rows: 0, failures: [] });
    await expectExact();
  });

  it("a rerun with the same bound after a failed half asks for no window an earlier run split: its halves at once", async () => {
    const failing: typeof fetch = async (input, init) => {
      if (String(init?.body).includes('"start":"2022-11-03T12:00:00.000Z"'))
        return new Response('{"detail":"unavailable"}', {
          status: 503,
          headers: { "content-type": "application/json" },
        });
      return fetch(input, init);
    };
    const first = await exportWeek({
      maxWindowRows: 3,
      client: clientOf({ fetch: failing, retry: false }),
    });
    expect(first.summary.failures.length).toBeGreaterThan(0);
    const before = (await finished()).flatMap((key) => {
      const unit = parseUnitKey(key.replace(/\.ndjson$/, ""));
      return unit ? [unit] : [];
    });
    expect(before).toHaveLength((await finished()).length);
    stub.clearRequests();
    const second = await exportWeek({ maxWindowRows: 3 });
    expect(second.summary.failures).toEqual([]);
    // No request asks for a window holding a finished one of its step and target: those were split.
    const asked = stub.requests.filter(
      ({ body }) => body !== null && !("limit" in body && body.limit),
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const { params, body } of asked) {
      const interval = body?.interval as { start: string; end: string };
      const start = Date.parse(interval.start);
      const end = Date.parse(interval.end);
      const inside = before.filter(
        (unit) =>
          unit.stepIndex === Number(params?.step_index) &&
          unit.target === ((body as { target?: string }).target ?? "default") &&
          unit.window.start.getTime() >= start &&
          unit.window.end.getTime() <= end,
      );
      expect(inside, `${interval.start}/${interval.end}`).toEqual([]);
    }
    // The splits this run made without asking are said so.
    const resumed = second.events.filter((event) => event.kind === "split" && event.resumed);
    expect(resumed.length).toBeGreaterThan(0);
    expect(second.summary.splits).toBeGreaterThanOrEqual(resumed.length);
    expect(await finished()).toEqual(await unitFiles());
    await expectExact();
  });

  it("a window clipped at now and split, then longer in each later run: every run completes, the rows exact", async () => {
    const start = new Date("2022-11-10T00:00:00Z");
    const runAt = (now: string) =>
      exportWeek({
        interval: { start, end: "now" },
        settle: "0",
        now: () => new Date(now),
        maxWindowRows: 3,
      });
    // The day cut at 15:00 and written whole (no bound); at 18:00 it is too large and split around
    // the clipped piece; then at 20:00, and the next days, the pieces still fit the halves.
    const first = await exportWeek({
      interval: { start, end: "now" },
      settle: "0",
      now: () => new Date("2022-11-10T15:00:00Z"),
      maxWindowRows: 0,
    });
    expect(first.summary).toMatchObject({ splits: 0, failures: [] });
    for (const now of ["2022-11-10T18:00:00Z", "2022-11-10T20:00:00Z", "2022-11-12T03:00:00Z"]) {
      const { summary } = await runAt(now);
      expect(summary.failures, now).toEqual([]);
      expect(summary.splits, now).toBeGreaterThan(0);
    }
    const interval = { start, end: new Date("2022-11-12T03:00:00Z") };
    for (const step of STEPS)
      for (const target of TARGETS)
        expect(await ndjsonRows(dir, step, target), `step ${step} ${target}`).toEqual(
          await wholeAnswer(clientOf(), interval, step, target),
        );
    expect(await finished()).toEqual(await unitFiles());
  });
});

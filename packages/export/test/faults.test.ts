// An export under the stub's scenario faults (503 and 429 bursts, dropped connections, cut answers, latency): the files end exact, each unit that still failed is named and a rerun completes it.
import { watch } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createClient,
  isReportingApiError,
  type ReportingClient,
  type StepSourceDataQuery,
} from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
} from "vitest";
import {
  type ExportSink,
  type ExportUnit,
  exportSourceData,
  openFileSink,
  parseInterval,
  unitKey,
} from "../src";
import { startArmingProxy } from "./helpers/arming-proxy";
import { killRunning, runCli } from "./helpers/cli";
import { type CutAt, startCuttingProxy } from "./helpers/cutting-proxy";
import {
  expectExact,
  MONTH_COVERED,
  partialsUnder,
  stateKeys,
  unitFiles,
} from "./helpers/exactness";
import { MONTH, ORGANIZATION, WORKFLOW } from "./helpers/files";

/** Retries as the client's defaults, waiting less: the faults, not the clock, are under test. */
const RETRY = { retries: 3, baseDelayMs: 5, maxDelayMs: 50 };

/**
 * The units a fault is aimed at, one per (step, target), each with a token of its own: its scoped
 * scenario reaches that unit's requests only, whatever the export's order or concurrency.
 */
const AIMED = [
  { step: 1, target: "default", day: "2022-11-03", token: "aimed-1" },
  { step: 1, target: "triggered_goal", day: "2022-11-20", token: "aimed-2" },
  { step: 2, target: "default", day: "2022-11-12", token: "aimed-3" },
  { step: 2, target: "triggered_goal", day: "2022-11-25", token: "aimed-4" },
] as const;
const aimedAt = (unit: ExportUnit) =>
  AIMED.find(
    (aim) =>
      aim.step === unit.stepIndex &&
      aim.target === unit.target &&
      unit.window.start.toISOString() === `${aim.day}T00:00:00.000Z`,
  );
const aimedKeys = () =>
  AIMED.map(({ step, target, day }) => {
    const start = new Date(`${day}T00:00:00Z`);
    return unitKey({
      stepIndex: step,
      target,
      window: { start, end: new Date(start.getTime() + 86_400_000) },
    });
  }).sort();

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub({
    tokens: [{ token: "demo" }, ...AIMED.map(({ token }) => ({ token }))],
  });
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-faults-"));
});
afterEach(async () => {
  killRunning();
  stub.scenario.reset();
  stub.clearRequests();
  await rm(dir, { recursive: true, force: true });
});

const clientOf = (token = "demo", baseUrl = stub.url) =>
  createClient({ token, baseUrl, retry: RETRY });

/** A client sending each aimed unit's requests with that unit's token, every other with `demo`. */
function aimingClient(): ReportingClient {
  const plain = clientOf();
  const aimed = new Map(AIMED.map(({ token }) => [token, clientOf(token)]));
  /** The client of the token aimed at the query's unit, or the plain one. */
  const clientFor = (query: StepSourceDataQuery<boolean | undefined>) => {
    const unit = {
      stepIndex: query.stepIndex,
      target: query.target ?? "default",
      window: { start: new Date(query.interval.start), end: new Date(query.interval.end) },
    };
    const token = aimedAt(unit)?.token;
    return (token && aimed.get(token)) || plain;
  };
  return {
    ...plain,
    streamStepSourceData: (query, call) => clientFor(query).streamStepSourceData(query, call),
    streamStepSourceDataBatches: (query, call) =>
      clientFor(query).streamStepSourceDataBatches(query, call),
  } as ReportingClient;
}

const exportMonth = async (client: ReportingClient, covered = MONTH_COVERED) =>
  exportSourceData({
    client,
    organizationId: covered.organizationId,
    workflowId: covered.workflowId,
    interval: parseInterval(covered.interval),
    steps: covered.steps,
    targets: covered.targets,
    window: "1d",
    sink: await openFileSink({ dir, workflowId: covered.workflowId }),
  });

/** The statuses the stub journaled for one token's requests, oldest first (`null`: dropped before any answer). */
const statusesOf = (token: string) =>
  stub.requests.filter((request) => request.token === token).map(({ status }) => status);

type Controls = ReturnType<RunningStub["scenario"]["forToken"]>;
/** Each fault: how it is set on an aimed unit's token, the statuses its requests get, and whether the unit still fails. */
const FAULTS: readonly {
  name: string;
  set: (controls: Controls) => void;
  statuses: readonly (number | null)[];
  fails: boolean;
}[] = [
  {
    name: "a burst of three 503s",
    set: (controls) => controls.fail(503, 3),
    statuses: [503, 503, 503, 200],
    fails: false,
  },
  {
    name: "two 429s with Retry-After: 0",
    set: (controls) => controls.fail(429, 2, 0),
    statuses: [429, 429, 200],
    fails: false,
  },
  {
    name: "two connections dropped before the answer",
    set: (controls) => controls.drop(2),
    statuses: [null, null, 200],
    fails: false,
  },
  {
    name: "latency, and the answer sent slowly in 1 KiB pieces",
    set: (controls) => {
      controls.setLatency(20);
      controls.faultBody({ kind: "slow", chunkDelayMs: 2 });
    },
    statuses: [200],
    fails: false,
  },
  {
    name: "the connection dropped during the answer",
    set: (controls) => controls.faultBody({ kind: "drop-during" }),
    statuses: [200],
    fails: true,
  },
  {
    name: "the answer cut short",
    set: (controls) => controls.faultBody({ kind: "truncate" }),
    statuses: [200],
    fails: true,
  },
];

describe("an export of November 2022 (steps 1 and 2, both targets, daily windows) under the stub's faults", () => {
  it.each(FAULTS)("$name: exact files, after a rerun when units failed", async (fault) => {
    for (const { token } of AIMED) fault.set(stub.scenario.forToken(token));
    stub.scenario.setLatency(2); // every answer a little late, the aimed ones later
    const first = await exportMonth(aimingClient());
    for (const { token } of AIMED) expect(statusesOf(token), token).toEqual(fault.statuses);
    const failed = first.failures.map(({ unit }) => unitKey(unit)).sort();
    if (!fault.fails) {
      expect(first).toMatchObject({ units: 120, written: 120, failures: [] });
    } else {
      // Not retried (the answer had started): each aimed unit is named, nothing of it is written.
      expect(failed).toEqual(aimedKeys());
      for (const { error } of first.failures) expect(isReportingApiError(error)).toBe(true);
      expect(first.written).toBe(116);
      const files = await unitFiles(dir, WORKFLOW);
      for (const key of failed) expect(files).not.toContain(`${key}.ndjson`);
      expect(await partialsUnder(dir)).toEqual([]);
      expect(await stateKeys(dir, WORKFLOW)).toEqual(files);
      const rerun = await exportMonth(clientOf());
      expect(rerun).toMatchObject({ written: 4, skipped: 116, failures: [] });
    }
    stub.scenario.reset();
    await expectExact(dir, stub.url, MONTH_COVERED);
  });

  it("through the CLI with the client's default retries: a cut unit is named, exit 1, and a rerun completes it", async () => {
    // The first unit's request: dropped, then two 503s, then cut short, within the 4 attempts it gets
    // (one at a time). Armed as that request comes, after the probes of steps 1 and 2 were answered.
    const proxy = await startArmingProxy(stub.url, () => {
      stub.scenario.drop(1);
      stub.scenario.fail(503, 2);
      stub.scenario.faultBody({ kind: "truncate" });
      stub.scenario.setLatency(2);
    });
    onTestFinished(() => proxy.close());
    const args = [
      ...["--organization", ORGANIZATION, "--workflow", WORKFLOW, "--interval", MONTH],
      ...["--steps", "1,2", "--targets", "default,triggered_goal", "--window", "1d"],
      ...["--base-url", proxy.url, "--out", dir, "--concurrency", "1"],
    ];
    const first = await runCli(args, { GIOSG_TOKEN: "demo" });
    expect(first.code, first.stderr).toBe(1);
    // One unit at a time: after the two probes, the first unit's four attempts take the drop, the two
    // 503s and the cut.
    const statuses = stub.requests.map(({ status }) => status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, null, 503, 503, 200]);
    expect(first.stderr.match(/^giosg-reporting-export: step \d \w+ \S+ failed: /gm)).toHaveLength(
      1,
    );
    expect(first.stderr).toContain(
      "step 1 default 2022-11-01T00:00:00.000Z/2022-11-02T00:00:00.000Z failed: The API's 200 answer is cut short",
    );
    expect(first.stdout).toContain("120 units: 119 written");
    expect(first.stdout).toContain(", 1 failed");
    expect(await partialsUnder(dir)).toEqual([]);
    const again = await runCli(args, { GIOSG_TOKEN: "demo" });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("120 units: 1 written");
    expect(again.stdout).toContain("119 skipped, 0 failed");
    stub.scenario.reset();
    await expectExact(dir, stub.url, MONTH_COVERED);
  });
});

/** Waits for `event`, failing (not hanging) when it has not come within 20 s: a guard, not a clock. */
async function withinGuard(event: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited 20 s for ${what}`)), 20_000);
  });
  try {
    await Promise.race([event, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where an answer is cut, among its rows: each leaves whole rows before it. */
const CUTS: readonly [string, CutAt][] = [
  ["after the first row and its comma", (_, ends) => (ends[0] ?? 0) + 1],
  ["inside the second row", (_, ends) => (ends[0] ?? 0) + 20],
  ["after the last row, before its closing ]}", (_, ends) => ends.at(-1) ?? 0],
  ["after the closing ] of the rows, before the }", (answer) => answer.length - 1],
];

describe("an answer cut short among its rows, ended cleanly (only its JSON says it is short)", () => {
  it.each(CUTS)(
    "cut %s: the unit fails, its .partial file is removed, a rerun writes it whole",
    async (_, cutAt) => {
      const covered = { ...MONTH_COVERED, interval: "2022-11-01T00:00:00Z/2022-11-06T00:00:00Z" };
      const cutStart = "2022-11-03T00:00:00.000Z";
      const proxy = await startCuttingProxy(stub.url, cutStart, cutAt);
      const folder = join(dir, WORKFLOW, "step-1", "default");
      await mkdir(folder, { recursive: true });
      const cutFile = "20221103T000000Z_20221104T000000Z.ndjson";
      // The folder's events: the cut unit's .partial file appears (rows were written), then goes.
      const seen = new Set<string>();
      let partialSeen = () => {};
      const appeared = new Promise<void>((resolve) => {
        partialSeen = resolve;
      });
      const watcher = watch(folder, (_event, name) => {
        if (name === null) return;
        seen.add(name);
        if (name === `${cutFile}.partial`) partialSeen();
      });
      try {
        const pulled = new Map<string, number>();
        const sink = await openFileSink({ dir, workflowId: WORKFLOW });
        const counting: ExportSink = {
          ...sink,
          writeUnit: (unit, answer) => {
            const key = unitKey(unit);
            pulled.set(key, 0);
            async function* rows() {
              for await (const row of answer.rows) {
                pulled.set(key, (pulled.get(key) ?? 0) + 1);
                yield row;
              }
            }
            return sink.writeUnit(unit, { fields: answer.fields, rows: rows() });
          },
        };
        const summary = await exportSourceData({
          client: clientOf("demo", proxy.url),
          organizationId: ORGANIZATION,
          workflowId: WORKFLOW,
          interval: parseInterval(covered.interval),
          steps: [1],
          targets: ["default"],
          window: "1d",
          sink: counting,
        });
        expect(proxy.cuts).toBe(1);
        expect(summary.failures.map(({ unit }) => unitKey(unit))).toEqual([
          `step-1/default/${cutFile.replace(".ndjson", "")}`,
        ]);
        const [failure] = summary.failures;
        expect(
          isReportingApiError(failure?.error, "invalid-response") && failure.error.message,
        ).toMatch(/cut short/);
        // The sink had the cut unit's first rows in its .partial file before the client threw.
        expect(pulled.get(`step-1/default/${cutFile.replace(".ndjson", "")}`)).toBeGreaterThan(0);
        await withinGuard(appeared, "the cut unit's .partial file to appear");
        expect(seen.has(cutFile)).toBe(false);
        expect((await readdir(folder)).sort()).toEqual([
          "20221101T000000Z_20221102T000000Z.ndjson",
          "20221102T000000Z_20221103T000000Z.ndjson",
          "20221104T000000Z_20221105T000000Z.ndjson",
          "20221105T000000Z_20221106T000000Z.ndjson",
        ]);
        expect(await stateKeys(dir, WORKFLOW)).toEqual(await unitFiles(dir, WORKFLOW));
      } finally {
        watcher.close();
        await proxy.close();
      }
      const rerun = await exportMonth(clientOf(), { ...covered, steps: [1], targets: ["default"] });
      expect(rerun).toMatchObject({ written: 1, skipped: 4, failures: [] });
      await expectExact(dir, stub.url, { ...covered, steps: [1], targets: ["default"] });
    },
  );
});

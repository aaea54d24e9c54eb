// An error every unit would get, met mid-run (a token revoked, the organization, workflow or a step gone): the units it reaches are not started, the others still are, and a rerun completes the export.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createClient,
  isReportingApiError,
  ReportingApiError,
  type ReportingClient,
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
import { type ExportSummary, exportSourceData, openFileSink, parseInterval } from "../src";
import { reachOf, Stops, UNANSWERED_IN_A_ROW } from "../src/run/stops";
import { startArmingProxy } from "./helpers/arming-proxy";
import { killRunning, runCli } from "./helpers/cli";
import { expectExact, MONTH_COVERED, stateKeys, unitFiles } from "./helpers/exactness";
import { MONTH, ORGANIZATION, WORKFLOW } from "./helpers/files";

/** Units of the month: 30 days, 2 steps, 2 targets. */
const UNITS = 120;
/** Units' requests answered as asked before the change: those units are written. */
const BEFORE = 5;
/** Retries as the client's defaults, waiting less. */
const RETRY = { retries: 3, baseDelayMs: 5, maxDelayMs: 50 };
/** Another organization and workflow, neither in the stub's data. */
const UNKNOWN = "0b5d6bd4-2c55-4a0e-9bd4-7d1e0d3c6a11";

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-stops-"));
});
afterEach(async () => {
  killRunning();
  await rm(dir, { recursive: true, force: true });
});

/** November 2022 (steps 1 and 2, both targets, daily windows) exported into `dir` with `client`. */
const exportMonth = async (client: ReportingClient, concurrency = 2): Promise<ExportSummary> =>
  exportSourceData({
    client,
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: parseInterval(MONTH),
    steps: MONTH_COVERED.steps,
    targets: MONTH_COVERED.targets,
    window: "1d",
    concurrency,
    sink: await openFileSink({ dir, workflowId: WORKFLOW }),
  });

/** What a changed request is: its URL and its headers, changed. */
type Change = (url: string, headers: Headers) => string;

/**
 * A client whose units' requests (those without `limit`) are sent as they are for the first
 * {@link BEFORE}, then each through `change`; `changed` counts those, each one the stub answered.
 */
function changingClient(change: Change, concurrency = 2) {
  let units = 0;
  const counts = { changed: 0 };
  const fetching: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body));
    let url = String(input);
    const headers = new Headers(init?.headers);
    if (body.limit === undefined) {
      units += 1;
      if (units > BEFORE) {
        counts.changed += 1;
        url = change(url, headers);
      }
    }
    return fetch(url, { ...init, headers });
  };
  const client = createClient({ token: "demo", baseUrl: stub.url, fetch: fetching, retry: RETRY });
  const run = () => exportMonth(client, concurrency);
  return { run, counts };
}

/** The run again with a client the API answers: it writes exactly what the first left, and the export is exact. */
async function rerunCompletes(first: ExportSummary): Promise<void> {
  const again = await exportMonth(createClient({ token: "demo", baseUrl: stub.url }));
  expect(again).toMatchObject({
    written: UNITS - first.written,
    skipped: first.written,
    failures: [],
    stops: [],
  });
  await expectExact(dir, stub.url, MONTH_COVERED);
}

const RUN_WIDE: readonly { name: string; change: Change; status: number; code: string }[] = [
  {
    name: "a token revoked",
    change: (url, headers) => {
      headers.set("authorization", "Token revoked");
      return url;
    },
    status: 401,
    code: "authentication_failed",
  },
  {
    name: "the workflow gone",
    change: (url) => url.replace(WORKFLOW, UNKNOWN),
    status: 404,
    code: "workflow_not_found",
  },
  {
    name: "the organization gone",
    change: (url) => url.replace(ORGANIZATION, UNKNOWN),
    status: 404,
    code: "organization_not_found",
  },
];

describe("an error every unit of the run would get, met mid-run", () => {
  it.each(RUN_WIDE)(
    "$name ($status $code): no unit starts after it, the units read meanwhile fail alone, a rerun completes the export",
    async ({ change, status, code }) => {
      const { run, counts } = changingClient(change);
      const first = await run();
      // The units already reading when the first answer came (two at most) got it too; no other asked.
      expect(counts.changed).toBeGreaterThanOrEqual(1);
      expect(counts.changed).toBeLessThanOrEqual(2);
      expect(first.failures).toHaveLength(counts.changed);
      for (const { error } of first.failures) {
        expect(isReportingApiError(error, "api")).toBe(true);
        expect(error).toMatchObject({ status, code });
      }
      expect(first.written).toBe(BEFORE);
      expect(first.stops).toHaveLength(1);
      const [stop] = first.stops;
      expect(stop).toMatchObject({ stepIndex: undefined, error: first.failures[0]?.error });
      expect(stop?.unit).toEqual(first.failures[0]?.unit);
      expect(stop?.notStarted).toBe(UNITS - BEFORE - first.failures.length);
      expect(await stateKeys(dir, WORKFLOW)).toEqual(await unitFiles(dir, WORKFLOW));
      expect(await unitFiles(dir, WORKFLOW)).toHaveLength(BEFORE);
      await rerunCompletes(first);
    },
  );

  it("one unit at a time: exactly one unit fails and every other left is not started", async () => {
    const { run, counts } = changingClient((url, headers) => {
      headers.set("authorization", "Token revoked");
      return url;
    }, 1);
    const first = await run();
    expect(counts.changed).toBe(1);
    expect(first).toMatchObject({ written: BEFORE, skipped: 0 });
    expect(first.failures).toHaveLength(1);
    expect(first.stops.map(({ notStarted }) => notStarted)).toEqual([UNITS - BEFORE - 1]);
  });
});

describe("no answer, units in a row (the API out of reach mid-run)", () => {
  /** A port nothing listens on: each connection is refused. */
  const nowhere = (url: string) => url.replace(stub.url, "http://127.0.0.1:1");

  it(`${UNANSWERED_IN_A_ROW} units in a row without an answer, after the client's retries: every unit left is not started`, async () => {
    const { run } = changingClient(nowhere, 1);
    const first = await run();
    expect(first.written).toBe(BEFORE);
    expect(first.failures).toHaveLength(UNANSWERED_IN_A_ROW);
    for (const { error } of first.failures)
      expect(isReportingApiError(error, "network")).toBe(true);
    expect(first.stops).toHaveLength(1);
    expect(first.stops[0]).toMatchObject({
      stepIndex: undefined,
      error: first.failures[UNANSWERED_IN_A_ROW - 1]?.error,
      notStarted: UNITS - BEFORE - UNANSWERED_IN_A_ROW,
    });
    await rerunCompletes(first);
  });

  it("units without an answer with answers between them: each fails alone, the run goes on", async () => {
    // Every third day's units are out of reach: one unit at a time, an answer comes between any two.
    const third: typeof fetch = async (input, init) => {
      const day = new Date(JSON.parse(String(init?.body)).interval.start).getUTCDate();
      return fetch(day % 3 === 0 ? nowhere(String(input)) : input, init);
    };
    const first = await exportMonth(
      createClient({ token: "demo", baseUrl: stub.url, fetch: third, retry: RETRY }),
      1,
    );
    expect(first.stops).toEqual([]);
    // Days 3, 6, …, 30 of each (step, target): 10 units out of each 30.
    expect(first.failures).toHaveLength(40);
    expect(first.written).toBe(80);
    await rerunCompletes(first);
  });
});

describe("an error only one step's units would get, met mid-run", () => {
  it("step 2 gone (404 step_not_found): its other units are not started, every unit of step 1 is written", async () => {
    const { run } = changingClient((url) => url.replace(/\/step\/2$/, "/step/9"));
    const first = await run();
    expect(first.stops).toHaveLength(1);
    const [stop] = first.stops;
    expect(stop?.stepIndex).toBe(2);
    expect(stop?.error).toMatchObject({ status: 404, code: "step_not_found" });
    expect(stop?.unit.stepIndex).toBe(2);
    for (const { unit, error } of first.failures) {
      expect(unit.stepIndex).toBe(2);
      expect(error).toMatchObject({ status: 404, code: "step_not_found" });
    }
    const files = await unitFiles(dir, WORKFLOW);
    // Step 1's 60 units are all written; of step 2's, those written before the change.
    expect(files.filter((key) => key.startsWith("step-1/"))).toHaveLength(60);
    expect(first.written).toBe(files.length);
    expect(first.written + first.failures.length + (stop?.notStarted ?? 0)).toBe(UNITS);
    expect(stop?.notStarted).toBeGreaterThan(0);
    await rerunCompletes(first);
  });
});

describe("errors that reach no other unit", () => {
  it("a 503 after the client's retries fails that unit alone: every other is written", async () => {
    let armed = false;
    const { run } = changingClient((url) => {
      // Armed as the sixth unit's request goes (after the probes): its four attempts take the 503s.
      if (!armed) stub.scenario.fail(503, 4);
      armed = true;
      return url;
    }, 1);
    try {
      const first = await run();
      expect(first.stops).toEqual([]);
      expect(first.failures).toHaveLength(1);
      expect(first.failures[0]?.error).toMatchObject({ status: 503 });
      expect(first.written).toBe(UNITS - 1);
    } finally {
      stub.scenario.reset();
    }
  });

  it("the stops of a run: one per step and one for the run, the first of each kept, each counting the units it stopped", () => {
    const api = (status: number, code: string) =>
      new ReportingApiError({ kind: "api", status, code, message: code });
    const day = (stepIndex: number, date: number) => ({
      stepIndex,
      target: "default" as const,
      window: {
        start: new Date(Date.UTC(2022, 10, date)),
        end: new Date(Date.UTC(2022, 10, date + 1)),
      },
    });
    const stops = new Stops();
    stops.record(day(1, 1), api(503, "service_unavailable"));
    stops.record(day(1, 1), new Error("cut short"));
    expect(stops.stopped(day(1, 2))).toBe(false);
    stops.record(day(2, 1), api(404, "step_not_found"));
    stops.record(day(2, 2), api(404, "step_not_found")); // a second unit of step 2, read meanwhile
    expect(stops.stopped(day(1, 3))).toBe(false);
    expect(stops.stopped(day(2, 3))).toBe(true);
    expect(stops.stopped(day(2, 4))).toBe(true);
    stops.record(day(1, 5), api(401, "authentication_failed"));
    stops.record(day(1, 6), api(403, "no_reporting_permission"));
    stops.record(day(3, 6), api(404, "step_not_found")); // after the run's stop: nothing more
    expect(stops.stopped(day(1, 7))).toBe(true);
    expect(stops.stopped(day(2, 7))).toBe(true);
    expect(
      stops.list().map(({ error, unit, stepIndex, notStarted }) => ({
        code: (error as ReportingApiError).code,
        unit: unit.window.start.getUTCDate(),
        stepIndex,
        notStarted,
      })),
    ).toEqual([
      { code: "step_not_found", unit: 1, stepIndex: 2, notStarted: 2 },
      { code: "authentication_failed", unit: 5, stepIndex: undefined, notStarted: 2 },
    ]);
  });

  it(`no answer: the ${UNANSWERED_IN_A_ROW}th unit in a row stops the run, an answer begun between starts the count again`, () => {
    const network = () => new ReportingApiError({ kind: "network", message: "unreachable" });
    const timeout = () => new ReportingApiError({ kind: "timeout", message: "silent" });
    const unit = (date: number) => ({
      stepIndex: 1,
      target: "default" as const,
      window: {
        start: new Date(Date.UTC(2022, 10, date)),
        end: new Date(Date.UTC(2022, 10, date + 1)),
      },
    });
    const stops = new Stops();
    stops.record(unit(1), network());
    stops.record(unit(2), timeout());
    stops.answered();
    stops.record(unit(3), network());
    // Neither answers nor their want: they neither count nor start the count again.
    stops.record(unit(4), new ReportingApiError({ kind: "api", status: 503, message: "busy" }));
    stops.record(unit(5), new ReportingApiError({ kind: "aborted", message: "stop" }));
    stops.record(unit(6), timeout());
    expect(stops.stopped(unit(7))).toBe(false);
    const third = network();
    stops.record(unit(8), third);
    expect(stops.stopped(unit(9))).toBe(true);
    expect(stops.list()).toEqual([
      { error: third, unit: unit(8), stepIndex: undefined, notStarted: 1 },
    ]);
  });

  it("which errors reach the run, a step, or only their unit", () => {
    const api = (status: number, code?: string) =>
      new ReportingApiError({ kind: "api", status, code, message: "x" });
    for (const code of ["not_authenticated", "authentication_failed"])
      expect(reachOf(api(401, code))).toBe("run");
    for (const code of [
      "no_active_subscription",
      "no_organization_access",
      "no_reporting_permission",
    ])
      expect(reachOf(api(403, code))).toBe("run");
    expect(reachOf(api(404, "organization_not_found"))).toBe("run");
    expect(reachOf(api(404, "workflow_not_found"))).toBe("run");
    expect(reachOf(api(404, "step_not_found"))).toBe("step");
    expect(reachOf(api(404, "wrong_trailing_slash"))).toBeUndefined();
    // A status without the API's code for it (a proxy's, say) may be the request's own.
    for (const status of [401, 403, 404]) expect(reachOf(api(status))).toBeUndefined();
    expect(reachOf(api(403, "forbidden"))).toBeUndefined();
    // A code with another status than the API gives it.
    expect(reachOf(api(500, "authentication_failed"))).toBeUndefined();
    expect(reachOf(api(404, "no_reporting_permission"))).toBeUndefined();
    expect(reachOf(api(401, "toString"))).toBeUndefined();
    for (const status of [400, 406, 429, 500, 502, 503, 504])
      expect(reachOf(api(status))).toBeUndefined();
    // Only what the API answered: a 401 the client made up, or any other error, reaches no other unit.
    expect(
      reachOf(new ReportingApiError({ kind: "network", status: 401, message: "x" })),
    ).toBeUndefined();
    expect(reachOf(Object.assign(new Error("x"), { status: 401 }))).toBeUndefined();
  });
});

describe("the CLI, its token revoked mid-run", () => {
  it("exits 1 naming the one unit that failed, says how many units were not started and why, and a rerun completes the export", async () => {
    let units = 0;
    // After five units' requests, each unit's request goes with a token the stub does not know.
    const proxy = await startArmingProxy(
      stub.url,
      () => {},
      (request) => {
        const text = request.toString("latin1");
        if (text.includes('"limit"')) return request;
        units += 1;
        if (units <= BEFORE) return request;
        return Buffer.from(
          text.replace(/\r\nauthorization: [^\r]*/i, "\r\nauthorization: Token revoked"),
          "latin1",
        );
      },
    );
    onTestFinished(() => proxy.close());
    const args = [
      ...["--organization", ORGANIZATION, "--workflow", WORKFLOW, "--interval", MONTH],
      ...["--steps", "1,2", "--targets", "default,triggered_goal", "--window", "1d"],
      ...["--out", dir, "--concurrency", "1"],
    ];
    const first = await runCli([...args, "--base-url", proxy.url], { GIOSG_TOKEN: "demo" });
    expect(first.code, first.stderr).toBe(1);
    expect(units).toBe(BEFORE + 1);
    const failed = first.stderr.match(/^giosg-reporting-export: step \d \w+ \S+ failed: .*$/gm);
    expect(failed).toHaveLength(1);
    expect(failed?.[0]).toContain("The API answered 401 authentication_failed");
    expect(first.stdout).toContain(`${UNITS} units: ${BEFORE} written (`);
    expect(first.stdout).toContain(`0 skipped, 1 failed, ${UNITS - BEFORE - 1} not started\n`);
    expect(first.stdout).toMatch(
      new RegExp(
        `^stopped: ${UNITS - BEFORE - 1} units of every step not started after step \\d \\w+ \\S+ failed: The API answered 401 authentication_failed.*; run the same command again once that is mended$`,
        "m",
      ),
    );
    const again = await runCli([...args, "--base-url", stub.url], { GIOSG_TOKEN: "demo" });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${UNITS} units: ${UNITS - BEFORE} written (`);
    expect(again.stdout).toContain(`${BEFORE} skipped, 0 failed\n`);
    await expectExact(dir, stub.url, MONTH_COVERED);
  });
});

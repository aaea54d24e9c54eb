// Against the stub, over a socket: every check passes, through the library and through the built CLI.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeOf, formatSummary, runConformanceCheck } from "../src";
import { runCli } from "./helpers/cli";
import { INTERVAL, ORGANIZATION, runOptions, WORKFLOW } from "./helpers/target";

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

describe("against the stub", () => {
  it("passes every check, each request answered as the contract says", async () => {
    const report = await runConformanceCheck(runOptions(stub.url));
    expect(report.checks.filter((check) => check.status !== "pass")).toEqual([]);
    expect(report.checks.map((check) => check.id)).toEqual([
      "discovery",
      "documented-basic",
      "documented-advanced",
      "limit-string",
      "limit-prefix",
      "interval-additivity",
      "filters-or",
      "filters-and",
      "basic-projection",
      "goal-events",
      "step-data",
      "empty-window",
      "error-401",
      "error-400-step-index",
      "error-404-workflow",
      "error-406-filter",
    ]);
    expect(report.summary).toMatchObject({ checks: 16, pass: 16, deviation: 0, conforms: true });
    expect(exitCodeOf(report)).toBe(0);
    // The window is a proper part of the month (more rows than the sample), with goal events in it.
    const [sample, window] = report.checks[0]?.requests ?? [];
    expect(sample).toMatchObject({ status: 200, rows: 200 });
    expect(window?.rows).toBeGreaterThan(100);
    const goals = report.checks.find((check) => check.id === "goal-events")?.requests[0];
    expect(goals?.rows).toBeGreaterThan(0);
    // A bounded run: a few dozen requests at most.
    expect(report.summary.requests).toBeLessThanOrEqual(40);
    expect(formatSummary(report, { quiet: true })).toBe(
      "16 pass, 0 deviation, 0 skipped of 16 checks (20 requests): the server conforms to the contract\n",
    );
  });

  it.each([
    ["an interaction workflow's step 2", "04fc81a4-ec7d-4b68-b30b-a41308faaafc", 2],
    ["a web navigation workflow's step 3", "3c298d6c-74ca-40b1-8432-5f2cb29fd630", 3],
  ])(
    "passes every check for %s, step_data going through the funnel of the earlier steps",
    async (_name, workflow, step) => {
      const report = await runConformanceCheck({ ...runOptions(stub.url), workflow, step });
      expect(report.checks.filter((check) => check.status !== "pass")).toEqual([]);
      const [sent] = report.checks.find((check) => check.id === "step-data")?.requests ?? [];
      const payload = sent?.payload as { step_data?: unknown[] } | undefined;
      expect(payload?.step_data).toHaveLength(step + 1);
    },
  );

  it("skips the checks that need rows when the interval has none, and says why", async () => {
    const report = await runConformanceCheck({
      ...runOptions(stub.url),
      interval: "2001-01-01T00:00:00Z/2001-02-01T00:00:00Z",
    });
    const skipped = report.checks.filter((check) => check.status === "skipped");
    expect(skipped.map((check) => check.id)).toContain("limit-prefix");
    expect(skipped[0]?.reason).toMatch(/no rows of step 1 in 2001-01-01T00:00:00Z/);
    expect(report.checks.filter((check) => check.status === "deviation")).toEqual([]);
    expect(report.checks.find((check) => check.id === "error-401")?.status).toBe("pass");
    // Skipped checks say nothing: no verdict of conformance, and exit 3 unless skips are allowed.
    expect(report.summary).toMatchObject({ deviation: 0, conforms: false, complete: false });
    expect(exitCodeOf(report)).toBe(3);
    expect(exitCodeOf(report, { allowSkips: true })).toBe(0);
    const line = formatSummary(report, { quiet: true });
    expect(line).not.toContain("conforms");
    expect(line).toContain(
      `no deviation in the checks made, but ${skipped.length} could not be made`,
    );
  });

  it("without --interval, looks at the workflow's dates as its info/ answers them", async () => {
    const { interval, ...options } = runOptions(stub.url);
    const now = new Date("2022-12-01T05:42:17Z");
    const report = await runConformanceCheck({ ...options, now });
    // The documented workflow's start_date 2022-06-29T14:00:57.125Z, no end_date: up to now.
    expect(report.interval).toEqual({
      start: "2022-06-29T14:00:00.000Z",
      end: "2022-12-01T06:00:00.000Z",
    });
    expect(report.intervalFrom).toBe("workflow-info");
    expect(report.summary).toMatchObject({ conforms: true, complete: true, skipped: 0 });
    expect(formatSummary(report)).toContain("(the workflow's dates, from its info/)");
  });

  it("without --interval and without dates in info/, looks at the 30 days before now and says so", async () => {
    const { interval, ...options } = runOptions(stub.url);
    // A server whose info/ answers 404: the step endpoint alone.
    const fetch: typeof globalThis.fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith("/info/")
        ? Promise.resolve(
            Response.json({ detail: "Not found.", code: "workflow_not_found" }, { status: 404 }),
          )
        : globalThis.fetch(input, init);
    const report = await runConformanceCheck({
      ...options,
      fetch,
      now: new Date("2022-12-01T05:42:17Z"),
    });
    expect(report.interval).toEqual({
      start: "2022-11-01T05:00:00.000Z",
      end: "2022-12-01T05:00:00.000Z",
    });
    expect(report.intervalFrom).toBe("default");
    expect(formatSummary(report)).toContain("(the 30 days before now: no --interval");
  });

  it("the built CLI exits 3 when checks were skipped, and 0 with --allow-skips", async () => {
    const args = [
      "--base-url",
      stub.url,
      "--organization",
      ORGANIZATION,
      "--workflow",
      WORKFLOW,
      "--interval",
      "2001-01-01T00:00:00Z/2001-02-01T00:00:00Z",
      "--pace-ms",
      "0",
      "--quiet",
    ];
    const strict = await runCli(args, { GIOSG_TOKEN: "demo" });
    expect(strict.code).toBe(3);
    expect(strict.stdout).toMatch(/could not be made/);
    expect(strict.stdout).not.toMatch(/conforms/);
    const allowed = await runCli([...args, "--allow-skips"], { GIOSG_TOKEN: "demo" });
    expect(allowed.code).toBe(0);
  });

  it("the built CLI exits 0 and writes the JSON and JUnit reports", async () => {
    const folder = await mkdtemp(join(tmpdir(), "giosg-check-"));
    const run = await runCli(
      [
        "--base-url",
        stub.url,
        "--organization",
        ORGANIZATION,
        "--workflow",
        WORKFLOW,
        "--interval",
        INTERVAL,
        "--pace-ms",
        "0",
        "--report",
        join(folder, "report.json"),
        "--junit",
        join(folder, "junit.xml"),
      ],
      { GIOSG_TOKEN: "demo" },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}pass {7}discovery /m);
    expect(run.stdout).toMatch(/16 pass, 0 deviation, 0 skipped of 16 checks/);
    const report = JSON.parse(await readFile(join(folder, "report.json"), "utf8"));
    expect(report).toMatchObject({
      tool: "@giosg-reporting/check",
      baseUrl: stub.url,
      organization: ORGANIZATION,
      workflow: WORKFLOW,
      step: 1,
      interval: { start: "2022-11-01T00:00:00Z", end: "2022-12-01T00:00:00Z" },
      intervalFrom: "option",
      summary: { conforms: true, complete: true },
    });
    const junit = await readFile(join(folder, "junit.xml"), "utf8");
    expect(junit.match(/<testcase /g)).toHaveLength(16);
    expect(junit).not.toMatch(/<failure|<skipped/);
  });
});

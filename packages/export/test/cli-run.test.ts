// The built command's run as a user sees it: --version, the summary (rows per step and target, retries, time), and Ctrl-C or SIGTERM mid-unit.
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readStateKeys, STATE_FILE } from "../src";
import { killRunning, runCli, spawnCli } from "./helpers/cli";
import {
  contentsOf,
  filesUnder,
  ndjsonRows,
  ORGANIZATION,
  untilBytes,
  WORKFLOW,
} from "./helpers/files";
import { startStall } from "./helpers/stall";

const TOKEN = { GIOSG_TOKEN: "demo" };
const DAY = "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z";

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub({ admin: true });
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-cli-run-"));
});
afterEach(async () => {
  killRunning();
  stub.scenario.reset();
  await rm(dir, { recursive: true, force: true });
});

const argsOf = (out: string, baseUrl = stub.url, extra: readonly string[] = []) => [
  ...["--organization", ORGANIZATION, "--workflow", WORKFLOW, "--interval", DAY],
  ...["--window", "1h", "--base-url", baseUrl, "--out", out, ...extra],
];

describe("--version", () => {
  it("prints the package's version, read from its package.json", async () => {
    const { version } = JSON.parse(
      await readFile(new URL("../package.json", import.meta.url), "utf8"),
    );
    const run = await runCli(["--version"]);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("the summary", () => {
  it("says rows per step and target, the retries the client made, time and rows/s", async () => {
    // Two 503s: the first unit's request is retried twice, then answered.
    stub.scenario.fail(503, 2);
    const run = await runCli(
      argsOf(dir, stub.url, ["--steps", "1,2", "--targets", "default,triggered_goal"]),
      TOKEN,
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = async (step: number, target: string) =>
      (await ndjsonRows(dir, step, target)).length;
    const total =
      (await rows(1, "default")) +
      (await rows(1, "triggered_goal")) +
      (await rows(2, "default")) +
      (await rows(2, "triggered_goal"));
    expect(run.stdout).toContain(`96 units: 96 written (${total} rows), 0 skipped, 0 failed\n`);
    expect(run.stdout).toContain(`\nstep 1 default: ${await rows(1, "default")} rows\n`);
    expect(run.stdout).toContain(
      `\nstep 1 triggered_goal: ${await rows(1, "triggered_goal")} rows\n`,
    );
    expect(run.stdout).toContain(`\nstep 2 default: ${await rows(2, "default")} rows\n`);
    expect(run.stdout).toContain(
      `\nstep 2 triggered_goal: ${await rows(2, "triggered_goal")} rows\n`,
    );
    expect(run.stdout).toMatch(/\n2 retries, \d+\.\d s, \d+ rows\/s\n/);
    // Not a terminal: a plain line for each retry, and one for each unit. With two units in flight
    // the two 503s may go to one unit (attempts 1 and 2) or to two (attempt 1 each).
    expect(
      run.stderr.match(/^retry after attempt [12] \(503\), waiting \d+\.\d s$/gm),
    ).toHaveLength(2);
    expect(run.stdout.match(/^written /gm)).toHaveLength(96);
    expect(run.stderr).not.toContain("\x1b[");
  });
});

describe.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)("%s while a unit is being written", (signal, exitCode) => {
  it(`rolls the unit back, starts no other, prints the summary and exits ${exitCode}; a rerun finishes exactly`, async () => {
    const clean = join(dir, "clean");
    expect((await runCli(argsOf(clean), TOKEN)).code).toBe(0);
    const want = await contentsOf(clean);

    // The 05:00 window's answer sends a row, then holds: the signal comes while that unit is written.
    const stall = await startStall(stub.url, "2022-11-01T05:00:00.000Z");
    try {
      const resumed = join(dir, "resumed");
      const folder = join(resumed, WORKFLOW, "step-1", "default");
      await mkdir(folder, { recursive: true });
      const name = "20221101T050000Z_20221101T060000Z.ndjson";
      // One unit at a time: the units before 05:00 written, none after it started.
      const run = spawnCli([...argsOf(resumed, stall.url), "--concurrency", "1"], TOKEN);
      await stall.stalled;
      // The row is in the unit's temporary file: the unit is being written.
      await untilBytes(folder, `${name}.partial`);
      const ended = new Promise<number | null>((resolve) => run.child.on("close", resolve));
      run.child.kill(signal);
      const code = await ended;
      const { stdout, stderr } = run.output();
      expect(code, stderr).toBe(exitCode);
      expect(stderr).toContain(`${signal}: stopping; the unit in progress is rolled back`);
      // The summary: 5 units written before, the one in progress and the 18 after it not written.
      expect(stdout).toContain("24 units: 5 written (");
      expect(stdout).toContain(", 0 skipped, 0 failed\n");
      expect(stdout).toContain(`interrupted by ${signal}: 19 units not written`);
      expect(stderr).not.toContain("failed:");
      // Rolled back: no temporary file, the state lists only the 5 units written whole.
      expect((await filesUnder(resumed)).filter((file) => file.endsWith(".partial"))).toEqual([]);
      expect(await readdir(folder)).not.toContain(name);
      const state = { finished: [...(await readStateKeys(join(resumed, WORKFLOW, STATE_FILE)))] };
      expect(state.finished).toHaveLength(5);
      // Consistent: each unit the state lists is a whole file, the clean run's bytes.
      const seen = await contentsOf(resumed);
      for (const key of state.finished)
        expect(seen[`${WORKFLOW}/${key}`]).toBe(want[`${WORKFLOW}/${key}`]);

      const again = await runCli(argsOf(resumed), TOKEN);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain("24 units: 19 written (");
      expect(await contentsOf(resumed)).toEqual(want);
    } finally {
      await stall.close();
    }
  });
});

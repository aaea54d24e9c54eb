// The built CLI end to end: usage errors, a failing unit, and runs killed between units and inside one, ending as a clean run does.
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
import { LOCK_FILE, readStateKeys, STATE_FILE, STATE_LOG } from "../src";
import { startArmingProxy } from "./helpers/arming-proxy";
import { killCliAt, killRunning, runCli, spawnCli, startCli } from "./helpers/cli";
import { contentsOf, filesUnder, ORGANIZATION, untilBytes, WORKFLOW } from "./helpers/files";
import { startSilentServer } from "./helpers/silent-server";
import { startStall } from "./helpers/stall";

const TOKEN = { GIOSG_TOKEN: "demo" };
const WEEK = "2022-11-01T00:00:00Z/2022-11-08T00:00:00Z";

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-cli-"));
});
afterEach(async () => {
  killRunning();
  await rm(dir, { recursive: true, force: true });
});

const argsOf = (out: string, baseUrl = stub.url, interval = WEEK) => [
  "--organization",
  ORGANIZATION,
  "--workflow",
  WORKFLOW,
  "--interval",
  interval,
  "--targets",
  "default,triggered_goal",
  "--window",
  "1h",
  "--base-url",
  baseUrl,
  "--out",
  out,
];

describe("usage errors", () => {
  it.each([
    ["--out", (args: string[]) => args.slice(0, -2)],
    ["--organization", (args: string[]) => args.slice(2)],
    [
      "--interval",
      (args: string[]) =>
        args.map((arg) => (arg === WEEK ? "2022-11-08T00:00:00Z/2022-11-01T00:00:00Z" : arg)),
    ],
    ["--window", (args: string[]) => args.map((arg) => (arg === "1h" ? "5h" : arg))],
    [
      "--targets",
      (args: string[]) =>
        args.map((arg) => (arg === "default,triggered_goal" ? "default,goals" : arg)),
    ],
    ["--steps", (args: string[]) => [...args, "--steps", "1,x"]],
    ["--format", (args: string[]) => [...args, "--format", "xml"]],
    ["--bogus", (args: string[]) => [...args, "--bogus", "1"]],
    ["--", (args: string[]) => ["--", ...args]],
  ])("%s: exit 2, naming the flag", async (flag, change) => {
    const run = await runCli(change(argsOf(dir)), TOKEN);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`giosg-reporting-export: ${flag}: `);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it("GIOSG_TOKEN missing: exit 2, saying so", async () => {
    const run = await runCli(argsOf(dir));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("GIOSG_TOKEN: is required");
  });
});

describe("an error every unit would get", () => {
  const hour = "2022-11-01T00:00:00Z/2022-11-01T01:00:00Z";

  it.each([
    [
      "a token the API refuses",
      "wrong",
      [],
      /step 1 could not be read .*401 authentication_failed/,
    ],
    [
      "a step past the workflow's last",
      "demo",
      ["--steps", "1,9"],
      /step 9 is not one of the workflow's \(404 step_not_found\): name its steps, or use --steps all/,
    ],
  ])(
    "%s: the steps' probe ends the run, exit 2, one line, no unit asked",
    async (_name, token, more, message) => {
      stub.clearRequests();
      const run = await runCli([...argsOf(dir, stub.url, hour), ...more], { GIOSG_TOKEN: token });
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^giosg-reporting-export: steps: /);
      expect(lines[0]).toMatch(message);
      // The probes were asked, and nothing else.
      expect(stub.requests.length).toBeGreaterThan(0);
      expect(stub.requests.every(({ body }) => JSON.stringify(body).includes('"limit":1'))).toBe(
        true,
      );
      expect((await filesUnder(dir)).filter((file) => /\.(ndjson|partial)$/.test(file))).toEqual(
        [],
      );
    },
  );

  it("an API that cannot be reached: exit 2 after the probe's retries, one error", async () => {
    // A port nothing listens on: every attempt is refused, retries included.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const run = await runCli(argsOf(dir, `http://127.0.0.1:${port}`, hour), TOKEN);
    expect(run.code).toBe(2);
    // The client's retries are told as they come; then the one error.
    const lines = run.stderr.trim().split("\n");
    expect(lines.slice(0, -1)).toEqual(
      [1, 2, 3].map((attempt) =>
        expect.stringMatching(
          new RegExp(`^retry after attempt ${attempt} \\(network\\), waiting `),
        ),
      ),
    );
    expect(lines.at(-1)).toMatch(
      /^giosg-reporting-export: steps: step 1 could not be read \(one row of 2022-11-01T00:00:00.000Z\/2022-11-01T01:00:00.000Z, asked before any unit\): The request failed before an answer arrived: .*\(the last of 4 attempts/,
    );
  });
});

describe("Ctrl-C while the steps are asked", () => {
  it("exits 130, saying that nothing was written", async () => {
    // A server that takes the probe's request and never answers it.
    const silent = await startSilentServer();
    onTestFinished(() => silent.close());
    const { child, output } = spawnCli(
      argsOf(dir, silent.url, "2022-11-01T00:00:00Z/2022-11-01T01:00:00Z"),
      TOKEN,
    );
    const ended = new Promise<number | null>((resolve) => child.once("close", resolve));
    await silent.asked;
    child.kill("SIGINT");
    expect(await ended).toBe(130);
    const { stderr } = output();
    expect(stderr).toContain(
      "giosg-reporting-export: stopped by SIGINT before any unit was written",
    );
    expect(stderr).not.toContain("unexpected error");
    expect((await filesUnder(dir)).filter((file) => /\.(ndjson|partial)$/.test(file))).toEqual([]);
  });
});

describe("a unit that fails", () => {
  it("is named with its window, and the run exits 1", async () => {
    // The first unit's request answers 500 (not retried); the probe before it is answered.
    const proxy = await startArmingProxy(stub.url, () => stub.scenario.fail(500, 1));
    onTestFinished(() => proxy.close());
    const run = await runCli(
      [
        ...argsOf(dir, proxy.url, "2022-11-01T00:00:00Z/2022-11-01T02:00:00Z"),
        ...["--targets", "default", "--concurrency", "1"],
      ],
      TOKEN,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "step 1 default 2022-11-01T00:00:00.000Z/2022-11-01T01:00:00.000Z failed: ",
    );
    expect(run.stdout).toContain("2 units: 1 written (");
    expect(run.stdout).toContain("0 skipped, 1 failed");
  });
});

describe("a run killed with SIGKILL, then started again", () => {
  it("ends with exactly the files of a clean run, no unit half-visible between runs, no temporary file left", async () => {
    const clean = join(dir, "clean");
    const first = await runCli(argsOf(clean), TOKEN);
    expect(first.code, first.stderr).toBe(0);
    const want = await contentsOf(clean);

    const resumed = join(dir, "resumed");
    let finished = 0;
    // Killed three times, each as soon as it says a unit is written (that unit is in the state file by then).
    for (let kill = 0; kill < 3; kill += 1) {
      const killed = await killCliAt(argsOf(resumed), TOKEN, /^written /);
      expect(killed.signal).toBe("SIGKILL");
      const state = { finished: [...(await readStateKeys(join(resumed, WORKFLOW, STATE_FILE)))] };
      // Each run added a unit, and had units left when killed.
      expect(state.finished.length).toBeGreaterThan(finished);
      expect(state.finished.length).toBeLessThan(Object.keys(want).length - 1);
      finished = state.finished.length;
      // What a reader sees between runs: every file under a unit's name is whole, the clean run's bytes.
      const seen = await contentsOf(resumed);
      // The lock file is the killed run's, taken over by the next run.
      for (const [file, content] of Object.entries(seen))
        if (
          !file.endsWith(STATE_FILE) &&
          !file.endsWith(STATE_LOG) &&
          !file.endsWith(".partial") &&
          !file.endsWith(LOCK_FILE)
        )
          expect(content).toBe(want[file]);
    }

    const again = await runCli(argsOf(resumed), TOKEN);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/skipped step-1\/default\/20221101T000000Z_20221101T010000Z/);
    expect(await contentsOf(resumed)).toEqual(want);
    expect((await filesUnder(resumed)).filter((file) => file.endsWith(".partial"))).toEqual([]);
  });
});

describe("a run killed in the middle of writing a unit", () => {
  it("leaves the unit invisible and unrecorded; the next run writes it whole", async () => {
    const day = "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z";
    const args = (out: string, baseUrl: string) => [
      ...argsOf(out, baseUrl, day).slice(0, 6),
      // One unit at a time: the state holds exactly the units before the stalled one.
      ...["--window", "1h", "--concurrency", "1", "--base-url", baseUrl, "--out", out],
    ];
    const clean = join(dir, "clean");
    expect((await runCli(args(clean, stub.url), TOKEN)).code).toBe(0);
    const want = await contentsOf(clean);

    // The 05:00 window's answer sends a row, then holds: the run is killed while that unit's file is open.
    const stall = await startStall(stub.url, "2022-11-01T05:00:00.000Z");
    try {
      const resumed = join(dir, "resumed");
      const folder = join(resumed, WORKFLOW, "step-1", "default");
      await mkdir(folder, { recursive: true });
      const prefix = "20221101T050000Z_20221101T060000Z.ndjson";
      const child = startCli(args(resumed, stall.url), TOKEN);
      await stall.stalled;
      // The row is in the unit's file.
      await untilBytes(folder, prefix);
      const ended = new Promise((resolve) => child.on("close", resolve));
      child.kill("SIGKILL");
      await ended;
      // Half-written, the unit is only a .partial file, and the state does not list it.
      const names = await readdir(folder);
      expect(names).toContain(`${prefix}.partial`);
      expect(names).not.toContain(prefix);
      const state = { finished: [...(await readStateKeys(join(resumed, WORKFLOW, STATE_FILE)))] };
      expect(state.finished).toHaveLength(5);
      expect(state.finished).not.toContain(`step-1/default/${prefix}`);

      const again = await runCli(args(resumed, stub.url), TOKEN);
      expect(again.code, again.stderr).toBe(0);
      expect(await contentsOf(resumed)).toEqual(want);
    } finally {
      await stall.close();
    }
  });
});

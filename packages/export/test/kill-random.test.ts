// The built CLI killed with SIGKILL at random points (seeded: after some bytes of output, some units, and once mid-unit), one to three times, then run to the end: the files of a clean run, byte for byte.
// KILL_SEED replays one sequence (each seed is printed); KILL_SEEDS sets how many run (default 5).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE, STATE_FILE, STATE_LOG } from "../src";
import { killRunning, runCli } from "./helpers/cli";
import { expectExact, partialsUnder, stateKeys, unitFiles } from "./helpers/exactness";
import { contentsOf, ORGANIZATION, WORKFLOW } from "./helpers/files";
import { type KillPoint, killAllRuns, prng, runKilledAt } from "./helpers/kill-points";

const TOKEN = { GIOSG_TOKEN: "demo" };
const INTERVAL = "2022-11-01T00:00:00Z/2022-11-08T00:00:00Z";
/** Steps 1 and 2, both targets, 6-hour windows over a week: 112 units. */
const UNITS = 2 * 2 * 7 * 4;
const COVERED = {
  organizationId: ORGANIZATION,
  workflowId: WORKFLOW,
  interval: INTERVAL,
  steps: [1, 2],
  targets: ["default", "triggered_goal"],
} as const;

const BASE_SEED = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SEEDS = process.env.KILL_SEED
  ? [BASE_SEED]
  : Array.from(
      { length: Number(process.env.KILL_SEEDS ?? 5) },
      (_, index) => (BASE_SEED + index * 7919) % 2 ** 31,
    );
console.log(`kill seeds: ${SEEDS.join(", ")} (replay one with KILL_SEED=<seed>)`);

let stub: RunningStub;
let root: string;
/** The clean run's files: each unit's bytes, the state file as the set of its keys. */
let clean: Record<string, unknown>;
let cleanStdoutBytes: number;

const argsOf = (out: string) => [
  ...["--organization", ORGANIZATION, "--workflow", WORKFLOW, "--interval", INTERVAL],
  ...["--steps", "1,2", "--targets", "default,triggered_goal", "--window", "6h"],
  ...["--base-url", stub.url, "--out", out],
];

beforeAll(async () => {
  stub = await startStub();
  root = await mkdtemp(join(tmpdir(), "export-kill-"));
  const run = await runCli(argsOf(join(root, "clean")), TOKEN);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`${UNITS} units: ${UNITS} written`);
  clean = await contentsOf(join(root, "clean"));
  cleanStdoutBytes = Buffer.byteLength(run.stdout);
});
afterAll(async () => {
  await stub.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  killAllRuns();
  killRunning();
  stub.scenario.reset();
});

/** A kill point drawn from `random` (mid-unit when `midUnit`), for a folder with `finished` units already written. */
function drawPoint(
  random: () => number,
  out: string,
  finished: number,
  midUnit: boolean,
): KillPoint {
  const left = Math.max(1, UNITS - finished);
  const kind = midUnit ? 2 : Math.floor(random() * 2);
  if (kind === 0) return { kind: "bytes", bytes: 1 + Math.floor(random() * cleanStdoutBytes) };
  if (kind === 1) return { kind: "units", units: 1 + Math.floor(random() * Math.ceil(left / 2)) };
  return { kind: "partial", nth: 1 + Math.floor(random() * 4), under: join(out, WORKFLOW) };
}

/**
 * What a reader may see between runs: every unit file whole (the clean run's bytes), every unit the
 * state lists on disk. The killed run's lock is left with its dead pid, for the next run to take over.
 */
async function expectNothingHalfVisible(out: string): Promise<void> {
  const seen = await contentsOf(out);
  for (const [file, content] of Object.entries(seen))
    if (
      !file.endsWith(STATE_FILE) &&
      !file.endsWith(STATE_LOG) &&
      !file.endsWith(".partial") &&
      !file.endsWith(LOCK_FILE)
    )
      expect(content, `${file} is whole`).toBe(clean[file]);
  const files = await unitFiles(out, WORKFLOW);
  for (const key of await stateKeys(out, WORKFLOW)) expect(files).toContain(key);
}

describe("a run killed with SIGKILL at random points, then run to the end", () => {
  it.each(SEEDS)(
    "seed %i: ends with the clean run's files byte for byte, no .partial, the state listing exactly the files",
    async (seed) => {
      const random = prng(seed);
      const out = join(root, `seed-${seed}`);
      const kills = 1 + Math.floor(random() * 3);
      // Each sequence kills one run mid-unit (at a random place in it); the others after output or units.
      const midUnitKill = Math.floor(random() * kills);
      const story: string[] = [];
      for (let kill = 0; kill < kills; kill += 1) {
        const finished = (await stateKeys(out, WORKFLOW)).length;
        const point = drawPoint(random, out, finished, kill === midUnitKill);
        // Mid-unit kills need units that last: every answer is sent in 1 KiB pieces, 10 ms apart.
        if (point.kind === "partial")
          stub.scenario.faultBody({ kind: "slow", chunkDelayMs: 10 }, 10_000);
        const run = await runKilledAt(argsOf(out), TOKEN, point);
        stub.scenario.reset();
        story.push(
          `${JSON.stringify({ ...point, under: undefined })} → ${run.killed ? "killed" : `exit ${run.code}`}`,
        );
        // A mid-unit kill fires on the .partial files it sees by polling: a run whose units are all
        // brief may end first (then it must end well). Killing inside a unit every time is the job of
        // the stalled-answer tests (cli.test.ts, cli-run.test.ts, postgres-cli.test.ts).
        if (point.kind === "partial" && run.killed)
          expect(run.partials.length, story.join("; ")).toBeGreaterThan(0);
        if (!run.killed) expect(run.code, story.join("; ")).toBe(0);
        await expectNothingHalfVisible(out);
      }
      console.log(`seed ${seed}: ${story.join("; ")}`);
      const last = await runCli(argsOf(out), TOKEN);
      expect(last.code, last.stderr).toBe(0);
      expect(await contentsOf(out)).toEqual(clean);
      expect(await partialsUnder(out)).toEqual([]);
      expect(await stateKeys(out, WORKFLOW)).toEqual(await unitFiles(out, WORKFLOW));
      expect(await stateKeys(out, WORKFLOW)).toHaveLength(UNITS);
      await expectExact(out, stub.url, COVERED);
    },
  );
});

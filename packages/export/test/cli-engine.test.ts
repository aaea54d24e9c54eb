// The built CLI's engine flags: --steps all, --max-window-rows, --concurrency, --incremental with <start>/now and --settle; their usage errors exit 2 naming the flag.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readStateKeys, STATE_FILE } from "../src";
import { killCliAt, killRunning, runCli } from "./helpers/cli";
import { filesUnder, ndjsonRows, ORGANIZATION, WORKFLOW } from "./helpers/files";

const TOKEN = { GIOSG_TOKEN: "demo" };
const DAY = "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z";

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-cli-engine-"));
});
afterEach(async () => {
  killRunning();
  await rm(dir, { recursive: true, force: true });
});

const argsOf = (...more: string[]) => [
  "--organization",
  ORGANIZATION,
  "--workflow",
  WORKFLOW,
  "--interval",
  DAY,
  "--base-url",
  stub.url,
  "--out",
  dir,
  ...more,
];

describe("usage errors of the engine's flags", () => {
  it.each([
    ["--max-window-rows", ["--max-window-rows", "-1"]],
    ["--max-window-rows", ["--max-window-rows", "1e3"]],
    ["--concurrency", ["--concurrency", "0"]],
    ["--concurrency", ["--concurrency", "17"]],
    ["--settle", ["--settle", "1h"]],
    ["--settle", ["--interval", "2022-11-01T00:00:00Z/now", "--settle", "1 hour"]],
    ["--interval", ["--interval", "2022-11-01T00:00:00.500Z/2022-11-02T00:00:00Z"]],
    ["--incremental", ["--incremental=yes"]],
    ["--buffered-writes", ["--buffered-writes=no"]],
  ])("%s: exit 2, naming the flag", async (flag, more) => {
    const run = await runCli(argsOf(...more), TOKEN);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`giosg-reporting-export: ${flag}: `);
    expect(await filesUnder(dir)).toEqual([]);
  });
});

describe("the engine's flags", () => {
  it("--steps all for a workflow the API does not know: exit 2, naming --steps and the answer", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const run = await runCli(
      argsOf("--steps", "all").map((arg) => (arg === WORKFLOW ? unknown : arg)),
      TOKEN,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "giosg-reporting-export: steps: all: finding the workflow's steps failed at step 1: ",
    );
    expect(await filesUnder(join(dir, unknown))).toEqual([]);
  });

  it("--steps all --max-window-rows 2 --concurrency 3: every step, the windows split, exit 0", async () => {
    const run = await runCli(
      argsOf("--steps", "all", "--max-window-rows", "2", "--concurrency", "3"),
      TOKEN,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^split step-1\/default\/20221101T000000Z_20221102T000000Z /m);
    const last = stub.source.catalog.workflows.find(({ id }) => id === WORKFLOW)?.steps.length;
    const folders = new Set(
      (await filesUnder(join(dir, WORKFLOW))).map((file) => file.split("/")[0]),
    );
    expect(folders).toEqual(
      new Set([
        ...Array.from({ length: (last ?? 0) - 1 }, (_, index) => `step-${index + 1}`),
        "export-state.json",
      ]),
    );
  });

  it("--incremental with <start>/now: the end is now minus --settle, a rerun starts at the clipped window", async () => {
    // The stub's data is of 2022, and now is later: every window up to now is exported, most of them empty.
    const start = new Date(Date.now() - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const args = argsOf("--interval", `${start}/now`, "--settle", "2d", "--incremental");
    const first = await runCli(args, TOKEN);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/units: \d+ written/);
    const second = await runCli(args, TOKEN);
    expect(second.code, second.stderr).toBe(0);
    // Only the last window, clipped at the first run's now, is planned again (wider by the time passed).
    expect(second.stdout).toMatch(/^1 units: [01] written /m);
  });
});

describe("a run killed among the halves of split windows, rerun with another bound", () => {
  it("ends with exactly the rows of a clean run: the halves replaced, none twice", async () => {
    const clean = await mkdtemp(join(tmpdir(), "export-cli-engine-clean-"));
    try {
      const week = ["--interval", "2022-11-01T00:00:00Z/2022-11-08T00:00:00Z"];
      const cleanRun = await runCli(
        // The same flags, into another folder (a later --out wins).
        [...argsOf(...week), "--out", clean, "--targets", "default,triggered_goal"],
        TOKEN,
      );
      expect(cleanRun.code, cleanRun.stderr).toBe(0);
      // Killed as soon as a half of a 2 November window is written: the day is part written.
      const killed = await killCliAt(
        [...argsOf(...week, "--max-window-rows", "2"), "--targets", "default,triggered_goal"],
        TOKEN,
        /^written step-1\/default\/20221102T\d{6}Z_20221102T\d{6}Z/,
      );
      expect(killed.signal).toBe("SIGKILL");
      const again = await runCli(
        [...argsOf(...week, "--max-window-rows", "0"), "--targets", "default,triggered_goal"],
        TOKEN,
      );
      expect(again.code, again.stderr).toBe(0);
      for (const step of [1])
        for (const target of ["default", "triggered_goal"])
          expect(await ndjsonRows(dir, step, target), target).toEqual(
            await ndjsonRows(clean, step, target),
          );
      const files = (await filesUnder(join(dir, WORKFLOW))).filter((file) =>
        file.endsWith(".ndjson"),
      );
      const state = { finished: [...(await readStateKeys(join(dir, WORKFLOW, STATE_FILE)))] };
      expect([...state.finished].sort()).toEqual(files);
    } finally {
      await rm(clean, { recursive: true, force: true });
    }
  });
});

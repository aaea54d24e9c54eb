// The folder lock: a second run into one folder fails naming export.lock (exit 2 from the CLI), a dead run's lock is taken over (by one of several racing runs), close() releases it.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FolderLockedError, LOCK_FILE, openFileSink } from "../src";
import { lockFolder, TAKEOVER_SUFFIX, takeOver } from "../src/sink/folder-lock";
import { killRunning, runCli } from "./helpers/cli";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-lock-"));
});
afterEach(async () => {
  killRunning();
  await rm(dir, { recursive: true, force: true });
});

const lockPath = () => join(dir, WORKFLOW, LOCK_FILE);

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("no child started");
  return child.pid;
}

describe("the folder lock", () => {
  it("is created with the pid, refuses a second sink into the folder, and is released by close()", async () => {
    const first = await openFileSink({ dir, workflowId: WORKFLOW });
    expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
    const second = openFileSink({ dir, workflowId: WORKFLOW });
    await expect(second).rejects.toThrow(FolderLockedError);
    await expect(second).rejects.toThrow(`${lockPath()} is held by process ${process.pid}`);
    await first.close();
    expect(await readdir(join(dir, WORKFLOW))).toEqual([]);
    await (await openFileSink({ dir, workflowId: WORKFLOW })).close();
  });

  it("left by a process that is gone, is taken over", async () => {
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    const pid = deadPid();
    await writeFile(lockPath(), `${pid}\n`);
    const sink = await openFileSink({ dir, workflowId: WORKFLOW });
    expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
    await sink.close();
  });

  it.each(["x", "pid 1", "1 2"])(
    "holding %j (a dead pid among other text) is no pid: never taken over, named in the refusal",
    async (prefix) => {
      await mkdir(join(dir, WORKFLOW), { recursive: true });
      const text = `${prefix}${deadPid()}`;
      for (const held of [text, `${deadPid()}${prefix}`]) {
        await writeFile(lockPath(), `${held}\n`);
        await expect(openFileSink({ dir, workflowId: WORKFLOW })).rejects.toThrow(
          `${lockPath()} is held by something else ("${held}")`,
        );
        expect(await readFile(lockPath(), "utf8")).toBe(`${held}\n`);
      }
    },
  );

  it("left by a process that is gone, is taken over by exactly one of many runs racing for it", async () => {
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    const pid = deadPid();
    for (let round = 0; round < 20; round += 1) {
      await writeFile(lockPath(), `${pid}\n`);
      const racers = await Promise.allSettled(
        Array.from({ length: 12 }, () => lockFolder(lockPath())),
      );
      const held = racers.filter((racer) => racer.status === "fulfilled");
      const refused = racers.filter((racer) => racer.status === "rejected");
      expect(held).toHaveLength(1);
      for (const racer of refused) expect(racer.reason).toBeInstanceOf(FolderLockedError);
      expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
      expect(await readdir(join(dir, WORKFLOW))).toEqual([LOCK_FILE]);
      await (held[0] as PromiseFulfilledResult<() => Promise<void>>).value();
    }
  });

  it("taken over while another live run takes it over: refused naming the takeover file, the stale lock left as it was", async () => {
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    const pid = deadPid();
    await writeFile(lockPath(), `${pid}\n`);
    await writeFile(`${lockPath()}${TAKEOVER_SUFFIX}`, `${process.pid}\n`);
    const taking = lockFolder(lockPath());
    await expect(taking).rejects.toThrow(FolderLockedError);
    await expect(taking).rejects.toThrow(
      `is held by process ${process.pid}, which is taking it over (${lockPath()}${TAKEOVER_SUFFIX})`,
    );
    expect(await readFile(lockPath(), "utf8")).toBe(`${pid}\n`);
  });

  it("taken over while a takeover file of a process that is gone lies beside it: both are replaced", async () => {
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    const pid = deadPid();
    await writeFile(lockPath(), `${pid}\n`);
    await writeFile(`${lockPath()}${TAKEOVER_SUFFIX}`, `${pid}\n`);
    const release = await lockFolder(lockPath());
    expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
    expect(await readdir(join(dir, WORKFLOW))).toEqual([LOCK_FILE]);
    await release();
    expect(await readdir(join(dir, WORKFLOW))).toEqual([]);
  });

  it("taken over only while it is still the stale one: a lock put in its place meanwhile is left alone", async () => {
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    const pid = deadPid();
    // Read as stale by this run, then replaced by another run's lock before the takeover.
    await writeFile(lockPath(), `${process.pid}\n`);
    expect(await takeOver(lockPath(), pid)).toBe(false);
    expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
    await rm(lockPath());
    expect(await takeOver(lockPath(), pid)).toBe(false);
    expect(await readdir(join(dir, WORKFLOW))).toEqual([]);
    await writeFile(lockPath(), `${pid}\n`);
    expect(await takeOver(lockPath(), pid)).toBe(true);
    expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
    expect(await readdir(join(dir, WORKFLOW))).toEqual([LOCK_FILE]);
  });

  it("held by a live run: the CLI exits 2 naming the lock file, and touches nothing", async () => {
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    // This test's own process is alive: its pid holds the lock.
    await writeFile(lockPath(), `${process.pid}\n`);
    const run = await runCli(
      [
        "--organization",
        ORGANIZATION,
        "--workflow",
        WORKFLOW,
        "--interval",
        "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z",
        "--base-url",
        "http://127.0.0.1:9",
        "--out",
        dir,
      ],
      { GIOSG_TOKEN: "demo" },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${lockPath()} is held by process ${process.pid}`);
    expect(await readdir(join(dir, WORKFLOW))).toEqual([LOCK_FILE]);
    expect(await readFile(lockPath(), "utf8")).toBe(`${process.pid}\n`);
  });
});

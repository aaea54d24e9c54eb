// The file sink hands its file many rows at a time (lines gathered into writes), not one row a write: at 10^6 rows, one a row cost a fifth of the export's CPU; and it writes past the page cache where it can, through it with --buffered-writes.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { directWritesWork } from "../src/sink/direct-writes";
import { killRunning, runCli } from "./helpers/cli";
import { contentsOf, ORGANIZATION } from "./helpers/files";

const WRITE_COUNT = fileURLToPath(new URL("./helpers/write-count.cjs", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/giosg-reporting-export.js", import.meta.url));
/** The example organization's web navigation workflow: its step 1 has the stub's longest days. */
const WEB_WORKFLOW = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-writes-"));
});
afterEach(async () => {
  killRunning();
  await rm(dir, { recursive: true, force: true });
});

describe("the file sink's writes", () => {
  it("join many rows: far fewer chunks handed to the file than rows", async () => {
    const run = await runCli(
      [
        ...["--organization", ORGANIZATION, "--workflow", WEB_WORKFLOW],
        ...["--interval", "2022-11-01T00:00:00Z/2022-11-11T00:00:00Z", "--window", "1d"],
        ...["--base-url", stub.url, "--out", dir],
      ],
      { GIOSG_TOKEN: "demo" },
      ["--require", WRITE_COUNT],
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = Number(/10 units: 10 written \((\d+) rows\)/.exec(run.stdout)?.[1]);
    const writes = Number(/\nfile-stream-chunks=(\d+)\n/.exec(run.stderr)?.[1]);
    expect(rows).toBeGreaterThan(300);
    // About 40 KB a day: one chunk a unit, a few more when an answer pauses between its network reads.
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(rows / 5);
  });

  it("go past the page cache (O_DIRECT) where it works, through it with --buffered-writes; the files are the same", async () => {
    const works = await directWritesWork(dir, ".partial");
    const args = (out: string, ...more: string[]) => [
      ...["--organization", ORGANIZATION, "--workflow", WEB_WORKFLOW],
      ...["--interval", "2022-11-01T00:00:00Z/2022-11-04T00:00:00Z", "--window", "1d"],
      ...["--base-url", stub.url, "--out", join(dir, out), ...more],
    ];
    const direct = await runCli(args("direct"), { GIOSG_TOKEN: "demo" }, [
      "--require",
      WRITE_COUNT,
    ]);
    const buffered = await runCli(args("buffered", "--buffered-writes"), { GIOSG_TOKEN: "demo" }, [
      "--require",
      WRITE_COUNT,
    ]);
    expect(direct.code, direct.stderr).toBe(0);
    expect(buffered.code, buffered.stderr).toBe(0);
    const directOpens = (run: { stderr: string }) =>
      Number(/\ndirect-opens=(\d+)\n/.exec(run.stderr)?.[1]);
    // The probe and the 3 units, or none where the folder's file system refuses O_DIRECT.
    expect(directOpens(direct)).toBe(works ? 4 : process.platform === "linux" ? 1 : 0);
    expect(directOpens(buffered)).toBe(0);
    const [directFiles, bufferedFiles] = await Promise.all(
      ["direct", "buffered"].map((out) => contentsOf(join(dir, out, WEB_WORKFLOW))),
    );
    expect(Object.keys(directFiles ?? {}).length).toBeGreaterThan(3);
    expect(directFiles).toEqual(bufferedFiles);
  });

  it.runIf(process.platform === "linux")(
    "go through the page cache under a bound on the address space (ulimit -v), which the aligned memory would take from Node's fetch",
    async () => {
      const args = [
        ...["--organization", ORGANIZATION, "--workflow", WEB_WORKFLOW],
        ...["--interval", "2022-11-01T00:00:00Z/2022-11-03T00:00:00Z", "--window", "1d"],
        ...["--base-url", stub.url, "--out", join(dir, "bounded")],
      ];
      // 24 GiB: room for Node and its fetch, not for the aligned memory's reservation besides.
      const run = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
        execFile(
          "/bin/sh",
          [
            "-c",
            'ulimit -v 25165824 && exec "$@"',
            "sh",
            process.execPath,
            "--require",
            WRITE_COUNT,
            BIN,
            ...args,
          ],
          { env: { ...process.env, GIOSG_TOKEN: "demo" }, timeout: 120_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
        );
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/2 units: 2 written/);
      expect(Number(/\ndirect-opens=(\d+)\n/.exec(run.stderr)?.[1])).toBe(0);
    },
  );
});

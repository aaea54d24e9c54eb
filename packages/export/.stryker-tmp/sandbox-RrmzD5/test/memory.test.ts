// @ts-nocheck
// Memory stays flat whatever a window's size: a 300 MB answer streams from the socket to the file with backpressure.
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BigAnswerServer, rowsOf, startBigAnswer } from "./helpers/big-answer";
import { killRunning, runCli } from "./helpers/cli";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";

const PEAK_RSS = fileURLToPath(new URL("./helpers/peak-rss.cjs", import.meta.url));
const PEAK_LINE = /\npeak-rss-bytes=(\d+)\n/;
const MEGABYTES = 300;

let server: BigAnswerServer;
let dir: string;
beforeEach(async () => {
  server = await startBigAnswer(MEGABYTES);
  dir = await mkdtemp(join(tmpdir(), "export-memory-"));
});
afterEach(async () => {
  killRunning();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a window of 300 MB", () => {
  it("is written whole with a peak RSS under 200 MiB", { timeout: 120_000 }, async () => {
    const run = await runCli(
      [
        ...["--organization", ORGANIZATION, "--workflow", WORKFLOW],
        ...["--interval", "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z", "--base-url", server.url],
        ...["--out", dir],
      ],
      { GIOSG_TOKEN: "demo" },
      ["--require", PEAK_RSS],
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = rowsOf(MEGABYTES);
    expect(run.stdout).toContain(`1 units: 1 written (${rows} rows)`);
    const file = join(
      dir,
      WORKFLOW,
      "step-1",
      "default",
      "20221101T000000Z_20221102T000000Z.ndjson",
    );
    const { size } = await stat(file);
    expect(size).toBeGreaterThan(MEGABYTES * 1_000_000);
    const peak = Number(PEAK_LINE.exec(run.stderr)?.[1]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(200 * 1024 * 1024);
    // The file ends with a whole row (read its tail only: the test's own memory stays small too).
    const handle = await open(file);
    try {
      const tail = Buffer.alloc(2);
      await handle.read(tail, 0, 2, size - 2);
      expect(tail.toString()).toBe("}\n");
    } finally {
      await handle.close();
    }
  });
});

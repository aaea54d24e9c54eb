// The file sink hands its file many rows at a time (lines gathered into writes), not one row a write: at 10^6 rows, one a row cost a fifth of the export's CPU.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { killRunning, runCli } from "./helpers/cli";
import { ORGANIZATION } from "./helpers/files";

const WRITE_COUNT = fileURLToPath(new URL("./helpers/write-count.cjs", import.meta.url));
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
});

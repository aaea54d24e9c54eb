// @ts-nocheck
// Memory stays flat into PostgreSQL too: a 300 MB answer streams from the socket through COPY with backpressure.
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BigAnswerServer, rowsOf, startBigAnswer } from "./helpers/big-answer";
import { killRunning, runCli } from "./helpers/cli";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";
import { freshTable, postgresUrl, withClient } from "./helpers/postgres";

const PEAK_RSS = fileURLToPath(new URL("./helpers/peak-rss.cjs", import.meta.url));
const PEAK_LINE = /\npeak-rss-bytes=(\d+)\n/;
const MEGABYTES = 300;

let server: BigAnswerServer;
beforeEach(async () => {
  server = await startBigAnswer(MEGABYTES);
});
afterEach(async () => {
  killRunning();
  await server.close();
});

describe("a window of 300 MB into PostgreSQL", () => {
  it("is written whole with a peak RSS under 200 MiB", { timeout: 180_000 }, async () => {
    const table = freshTable();
    const run = await runCli(
      [
        ...["--organization", ORGANIZATION, "--workflow", WORKFLOW],
        ...["--interval", "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z", "--base-url", server.url],
        ...["--postgres", postgresUrl(), "--table", table],
      ],
      { GIOSG_TOKEN: "demo" },
      ["--require", PEAK_RSS],
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = rowsOf(MEGABYTES);
    expect(run.stdout).toContain(`1 units: 1 written (${rows} rows)`);
    const peak = Number(PEAK_LINE.exec(run.stderr)?.[1]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(200 * 1024 * 1024);
    await withClient(async (client) => {
      const { rows: counted } = await client.query(
        `SELECT count(*)::int AS rows, sum(length(source))::bigint AS bytes FROM ${table}`,
      );
      expect(counted[0].rows).toBe(rows);
      expect(Number(counted[0].bytes)).toBeGreaterThan(MEGABYTES * 1_000_000 * 0.9);
      await client.query(`DROP TABLE ${table}, ${table}_units`);
    });
  });
});

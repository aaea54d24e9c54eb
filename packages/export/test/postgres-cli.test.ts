// The built giosg-reporting-export into a real PostgreSQL: usage errors, a run killed mid-COPY then rerun, two runs at once, no password in any output.
import { spawn } from "node:child_process";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ExportError } from "../src";
import { loadDrivers } from "../src/sink/postgres/driver";
import { killRunning, runCli, startCli } from "./helpers/cli";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";
import { freshTable, postgresUrl, tableRows, unitLines, withClient } from "./helpers/postgres";
import { startStall } from "./helpers/stall";

const TOKEN = { GIOSG_TOKEN: "demo" };
const FOUR_DAYS = "2022-11-01T00:00:00Z/2022-11-05T00:00:00Z";
/** The window whose answer the stalling server holds open. */
const STALLED = "2022-11-03T00:00:00.000Z";
const SECRET = "s3cret-Hunter2";

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
afterEach(() => {
  killRunning();
});

const argsOf = (
  table: string | undefined,
  baseUrl = stub.url,
  destination = ["--postgres", postgresUrl()],
) => [
  ...["--organization", ORGANIZATION, "--workflow", WORKFLOW, "--interval", FOUR_DAYS],
  ...["--steps", "1,2", "--targets", "default,triggered_goal", "--base-url", baseUrl],
  ...destination,
  ...(table === undefined ? [] : ["--table", table]),
];

/** Polls the database (a query every 20 ms, no fixed sleep) until `ready` holds, for at most 20 s. */
async function until(what: string, ready: () => Promise<boolean>): Promise<void> {
  const guard = Date.now() + 20_000;
  while (!(await ready())) {
    if (Date.now() > guard) throw new Error(`waited 20 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether the (table, workflow) lock is free now (taken and released at once). */
const lockIsFree = (table: string) =>
  withClient(async (client) => {
    const key = "hashtextextended($1::regclass::oid::text || ':' || $2, 0)";
    const { rows } = await client.query(`SELECT pg_try_advisory_lock(${key}) AS free`, [
      table,
      WORKFLOW,
    ]);
    if (rows[0].free) await client.query(`SELECT pg_advisory_unlock(${key})`, [table, WORKFLOW]);
    return rows[0].free as boolean;
  });

/** Rows a COPY into `table` has taken so far, by any session (0 when none runs). */
const copiedInto = (table: string) =>
  withClient(async (client) => {
    const { rows } = await client.query(
      "SELECT coalesce(sum(tuples_processed), 0)::int AS rows FROM pg_stat_progress_copy WHERE relid = $1::regclass",
      [table],
    );
    return rows[0].rows as number;
  });

describe("usage errors", () => {
  const POSTGRES = ["--postgres", "postgresql://localhost/x"];
  it.each([
    ["--postgres: and --out exclude each other", ["--out", "/tmp/x", ...POSTGRES]],
    ["--table: goes with --postgres", ["--out", "/tmp/x", "--table", "rows"]],
    ["--format: goes with --out", [...POSTGRES, "--format", "csv"]],
    ["--buffered-writes: goes with --out", [...POSTGRES, "--buffered-writes"]],
    ["--table: must be a table name", [...POSTGRES, "--table", 'x"; DROP TABLE y; --']],
    ["--out: or --postgres is required", []],
  ])("%s: exit 2", async (message, destination) => {
    const run = await runCli(argsOf(undefined, stub.url, destination), TOKEN);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`giosg-reporting-export: ${message}`);
  });
});

describe("a run into PostgreSQL", () => {
  it("killed with SIGKILL mid-COPY leaves no row of that unit; a rerun ends with exactly a clean run's rows", async () => {
    const clean = freshTable();
    const killed = freshTable();
    expect((await runCli(argsOf(clean), TOKEN)).code).toBe(0);
    // 2,000 rows (well past a COPY chunk) of the stalled window, then the answer hangs.
    const stall = await startStall(stub.url, STALLED, 2000);
    try {
      const child = startCli(argsOf(killed, stall.url), TOKEN);
      const exited = new Promise((resolve) => child.on("close", resolve));
      await stall.stalled;
      await until("the stalled unit's rows in a COPY", async () => (await copiedInto(killed)) > 0);
      // The first window's unit is not held back, but it may commit after the stalled COPY began
      // (the second window's answer may have freed the permit the stalled one took).
      await until("the first window's unit committed", () =>
        withClient(async (client) =>
          (await unitLines(client, killed)).some((line) =>
            line.startsWith("1 default 2022-11-01T00:00:00.000Z/"),
          ),
        ),
      );
      child.kill("SIGKILL");
      await exited;
    } finally {
      await stall.close();
    }
    await withClient(async (client) => {
      const { rows } = await client.query(
        // The stalled window's units (every step and target stalls there); a later window's unit
        // may have been committed meanwhile by the other unit in flight.
        `SELECT count(*)::int AS rows FROM ${killed} WHERE window_start = $1`,
        [STALLED],
      );
      expect(rows[0].rows).toBe(0);
      // The units before the stalled one were committed.
      expect(await unitLines(client, killed)).toContainEqual(
        expect.stringMatching(/^1 default 2022-11-01T00:00:00.000Z\//),
      );
    });
    // The killed run's sessions end with it (PostgreSQL rolls their transaction back).
    await until("the killed run's lock released", () => lockIsFree(killed));
    const rerun = await runCli(argsOf(killed), TOKEN);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/skipped step-1\/default\/20221101T000000Z_20221102T000000Z/);
    await withClient(async (client) => {
      for (const step of [1, 2])
        for (const target of ["default", "triggered_goal"])
          expect(await tableRows(client, killed, WORKFLOW, step, target)).toEqual(
            await tableRows(client, clean, WORKFLOW, step, target),
          );
      expect(await unitLines(client, killed)).toEqual(await unitLines(client, clean));
    });
  });

  it("refuses a second run of the same workflow into the same table while the first runs", async () => {
    const table = freshTable();
    const stall = await startStall(stub.url, STALLED);
    try {
      const first = startCli(argsOf(table, stall.url), TOKEN);
      const exited = new Promise((resolve) => first.on("close", resolve));
      await stall.stalled;
      const second = await runCli(argsOf(table), TOKEN);
      // Refused at once: the first is still inside its stalled unit (its transaction open).
      expect([first.exitCode, first.signalCode]).toEqual([null, null]);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(
        `giosg-reporting-export: --postgres: another export of workflow ${WORKFLOW} into ${table} is running`,
      );
      first.kill("SIGKILL");
      await exited;
    } finally {
      await stall.close();
    }
  });
});

describe("the connection string's password", () => {
  const wrong = () => {
    const url = new URL(postgresUrl());
    url.password = SECRET;
    return url.toString();
  };
  const refused = () => {
    const url = new URL(wrong());
    url.port = "1";
    return url.toString();
  };
  it.each([
    [
      "--postgres, a wrong password",
      () => ["--postgres", wrong()],
      {},
      /password authentication failed/,
    ],
    ["--postgres, a refused connection", () => ["--postgres", refused()], {}, /ECONNREFUSED/],
    [
      "GIOSG_EXPORT_POSTGRES, a wrong password",
      () => [],
      { GIOSG_EXPORT_POSTGRES: wrong() },
      /password authentication failed/,
    ],
    [
      "a malformed URL",
      () => ["--postgres", `postgresql://postgres:${SECRET}@[bad/db`],
      {},
      /cannot connect/,
    ],
  ])("never appears in the output: %s", async (_, destination, env, reason) => {
    const run = await runCli(argsOf(freshTable(), stub.url, destination()), { ...TOKEN, ...env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^giosg-reporting-export: --postgres: cannot connect to postgresql:\/\//,
    );
    expect(run.stderr).toMatch(reason);
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
  });
});

describe("the optional peers pg and pg-copy-streams", () => {
  it("are not loaded by the main entry, in ESM or CJS", async () => {
    const script = `
      const { createRequire } = require("node:module");
      const loaded = () => Object.keys(require.cache).filter((path) => /[\\\\/]node_modules[\\\\/]pg(-copy-streams)?[\\\\/]/.test(path)).length;
      require("./dist/index.cjs");
      import("./dist/index.js").then(async () => {
        const before = loaded();
        await import("pg");
        console.log(JSON.stringify({ before, after: loaded() }));
      });`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let text = "";
      child.stdout.on("data", (chunk) => {
        text += chunk;
      });
      child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))));
    });
    // `after` proves the check sees pg once something does load it.
    expect(JSON.parse(output)).toEqual({ before: 0, after: expect.any(Number) });
    expect(JSON.parse(output).after).toBeGreaterThan(0);
  });

  it("when missing, make an ExportError naming --postgres that says what to install", async () => {
    const missing = Object.assign(new Error("Cannot find package 'pg'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const loading = loadDrivers(async () => {
      throw missing;
    });
    await expect(loading).rejects.toThrow(ExportError);
    await expect(loading).rejects.toThrow(/^--postgres: .*npm install pg pg-copy-streams/);
  });
});

// @ts-nocheck
// Vitest's global setup: a real PostgreSQL (Debian's binaries) in a temporary folder on 127.0.0.1 and a free port, stopped and removed at the end.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test database's URL (with the password), or "" when the server could not start. */
    postgresUrl: string;
    /** Why the server could not start, or "". */
    postgresError: string;
  }
}

/** The newest bin folder under /usr/lib/postgresql holding initdb and pg_ctl, or POSTGRES_BIN. */
function binDir(): string | undefined {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, "bin"))
    .find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The command line of a server binary, as the postgres user when this process is root (initdb refuses root). */
const toolCommand = (bin: string, tool: string, args: readonly string[]) =>
  isRoot()
    ? ["runuser", "-u", "postgres", "--", join(bin, tool), ...args]
    : [join(bin, tool), ...args];

/** Runs a server binary (see {@link toolCommand}). */
function runServerTool(bin: string, tool: string, args: readonly string[]): string {
  const [command, ...rest] = toolCommand(bin, tool, args);
  return execFileSync(command as string, rest, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Starts a detached watchdog that stops the server and removes `dir` once this process is gone, even
 * killed with SIGKILL (its standard input, a pipe from here, then closes). After a normal teardown it
 * finds nothing left to do.
 */
function watchdog(stopCommand: readonly string[], dir: string): void {
  const script = `
    const { execFileSync } = require("node:child_process");
    const { rmSync } = require("node:fs");
    const [command, ...args] = JSON.parse(process.argv[1]);
    process.stdin.resume();
    process.stdin.on("close", () => {
      try { execFileSync(command, args, { stdio: "ignore" }); } catch {}
      rmSync(process.argv[2], { recursive: true, force: true });
    });`;
  const child = spawn(process.execPath, ["-e", script, JSON.stringify(stopCommand), dir], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
}

/** A TCP port free on 127.0.0.1 now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts the server, provides its URL, and returns the teardown that stops it and removes its folder. */
export default async function setup(project: TestProject): Promise<() => void> {
  const began = performance.now();
  const bin = binDir();
  if (!bin) {
    project.provide("postgresUrl", "");
    project.provide(
      "postgresError",
      "no PostgreSQL server binaries under /usr/lib/postgresql: run node scripts/postgres.mjs (as root it installs Debian's postgresql) or set POSTGRES_BIN",
    );
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), "export-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(12).toString("hex");
  writeFileSync(join(dir, "password"), password);
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
    chownSync(join(dir, "password"), uid, gid);
  }
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        runServerTool(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A run that ends without its teardown (an uncaught error, process.exit, SIGKILL) still stops the server.
  process.once("exit", stop);
  watchdog(toolCommand(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]), dir);
  try {
    runServerTool(bin, "initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      `--pwfile=${join(dir, "password")}`,
      "--auth-host=scram-sha-256",
      "--auth-local=trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    const initialized = performance.now();
    let port = 0;
    for (let attempt = 1; !started; attempt += 1) {
      port = await freePort();
      // Test settings: nothing here must survive a crash of the machine, so no fsync.
      const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        runServerTool(bin, "pg_ctl", [
          "-D",
          data,
          "-l",
          join(dir, "log"),
          "-w",
          "-t",
          "60",
          "-o",
          settings,
          "start",
        ]);
        started = true;
      } catch (error) {
        // Another process took the port between the probe and the start: try another.
        if (attempt >= 3) throw error;
      }
    }
    const url = `postgresql://postgres:${password}@127.0.0.1:${port}`;
    const admin = new pg.Client({ connectionString: `${url}/postgres` });
    await admin.connect();
    await admin.query("CREATE DATABASE export_test");
    await admin.end();
    const ready = performance.now();
    console.log(
      `PostgreSQL (${bin}) on 127.0.0.1:${port}: initdb ${((initialized - began) / 1000).toFixed(1)} s, start and database ${((ready - initialized) / 1000).toFixed(1)} s`,
    );
    project.provide("postgresUrl", `${url}/export_test`);
    project.provide("postgresError", "");
  } catch (error) {
    const log = existsSync(join(dir, "log"))
      ? readFileSync(join(dir, "log"), "utf8").slice(-2000)
      : "";
    const stderr = (error as { stderr?: string }).stderr ?? "";
    stop();
    project.provide("postgresUrl", "");
    project.provide(
      "postgresError",
      `PostgreSQL did not start: ${(error as Error).message}\n${stderr}\n${log}`,
    );
  }
  return () => {
    process.removeListener("exit", stop);
    stop();
  };
}

// The benchmark's child processes: spawned and tracked so every one is killed at the end, even on a
// failure, and read from /proc (RSS, peak RSS, CPU time) while they run.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const children = new Set<ChildProcess>();

/** The built CLI that partners run; built first when dist/ is missing. */
export const STUB_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Spawns a child that is killed by {@link killAll}; its standard error passes through. */
export function track(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"], env });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Kills every child still running (and waits a moment for them to go). */
export async function killAll(): Promise<void> {
  const running = [...children];
  for (const child of running) child.kill("SIGKILL");
  await Promise.all(running.map((child) => stopped(child, 2000)));
}

/** Kills one child and waits for it to exit (bounded). */
export async function kill(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  await stopped(child, 2000);
}

function stopped(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A port free right now on 127.0.0.1, so a server's URL is known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds until `GET <url>/healthz` first answers 200, polled every 5 ms (bounded). */
export async function untilHealthy(url: string, child: ChildProcess, ms = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`${url} was not healthy within ${ms} ms`);
}

/** A server in its own process, with the milliseconds from spawn to its first healthy answer. */
export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly startMs: number;
}

/** Resolves once `child` prints `listening on` (the stub's banner), or after `ms` at most. */
function bannerOf(child: ChildProcess, ms = 60_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk).slice(-4096);
      if (!output.includes("listening on")) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      resolve();
    });
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The newest modification time under a folder, in ms. */
function newest(folder: string): number {
  return Math.max(
    0,
    ...readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );
}

/** Builds the stub when its built CLI is missing; warns when the sources are newer than the build. */
export function ensureBuiltStub(): void {
  if (existsSync(STUB_CLI)) {
    const sources = fileURLToPath(new URL("../src", import.meta.url));
    if (newest(sources) > statSync(STUB_CLI).mtimeMs)
      console.log(
        "note: src/ is newer than dist/cli.js; the figures are the build's (pnpm --filter @giosg-reporting/stub build)",
      );
    return;
  }
  console.log(
    "dist/cli.js is missing: building the stub (pnpm --filter @giosg-reporting/stub build)",
  );
  execFileSync("pnpm", ["--filter", "@giosg-reporting/stub", "build"], { stdio: "inherit" });
}

/**
 * Starts the built stub CLI (`--quiet`, a free port, `extra` flags) and waits until it is healthy, then
 * until it prints its banner: its dataset's tables held, so that what follows measures the stub as it
 * serves from then on (until then it answers by generating each query's events).
 */
export async function startStub(
  extra: readonly string[] = [],
  nodeFlags: readonly string[] = [],
): Promise<Server> {
  const port = await freePort();
  const spawned = performance.now();
  const child = track(process.execPath, [
    ...nodeFlags,
    STUB_CLI,
    "--quiet",
    "--port",
    String(port),
    ...extra,
  ]);
  const held = bannerOf(child);
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url, child);
  const startMs = performance.now() - spawned;
  await held;
  return { url, child, pid: child.pid ?? 0, startMs };
}

/** Starts a `bench/serve.mjs` floor server with `args` and waits until it is healthy. */
export async function startFloor(...args: string[]): Promise<Server> {
  const port = await freePort();
  const script = fileURLToPath(new URL("./serve.mjs", import.meta.url));
  const spawned = performance.now();
  const child = track(process.execPath, [script, String(port), ...args]);
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url, child);
  return { url, child, pid: child.pid ?? 0, startMs: performance.now() - spawned };
}

function status(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined; // gone
  }
}

/** A process's resident set size now, in MiB (Linux: VmRSS). */
export const rssMiB = (pid: number) => status(pid, "VmRSS");
/** A process's peak resident set size since it started, in MiB (Linux: VmHWM). */
export const peakRssMiB = (pid: number) => status(pid, "VmHWM");

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** A process's CPU time so far (user + system, all threads), in seconds. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine spent busy so far (all cores, kernel included), in seconds. */
export function systemBusySeconds(): number {
  const fields =
    readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ??
    [];
  // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) / TICKS_PER_SECOND;
}

/** Samples processes every 100 ms: the highest VmRSS seen and the last CPU time read of each. */
export class Sampler {
  readonly peakMiB = new Map<number, number>();
  readonly lastCpu = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(readonly pids: () => readonly number[]) {
    this.#timer = setInterval(() => this.sample(), 100);
    this.sample();
  }

  sample(): void {
    for (const pid of this.pids()) {
      const rss = rssMiB(pid);
      if (rss !== undefined) this.peakMiB.set(pid, Math.max(rss, this.peakMiB.get(pid) ?? 0));
      const cpu = cpuSeconds(pid);
      if (cpu !== undefined) this.lastCpu.set(pid, cpu);
    }
  }

  stop(): void {
    this.sample();
    clearInterval(this.#timer);
  }
}

// The load generator: wrk (C, event loop per thread), installed from Debian's packages when
// missing, run with bench/post.lua; measures the CPU time that wrk and the server each spent in the
// run.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpuSeconds, Sampler, systemBusySeconds, track } from "./processes";

const SCRIPT = fileURLToPath(new URL("./post.lua", import.meta.url));

/** wrk's version line, installing wrk with apt-get when it is missing; throws a clear error if it cannot. */
export function ensureWrk(): string {
  const version = () => {
    const run = spawnSync("wrk", ["-v"], { encoding: "utf8" });
    return run.error ? undefined : `${run.stdout}${run.stderr}`.split("\n")[0]?.trim();
  };
  const found = version();
  if (found) return found;
  console.log("wrk is missing: installing Debian's package (apt-get install -y wrk) …");
  const apt = (...args: string[]) =>
    spawnSync("apt-get", ["-y", "-qq", ...args], {
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  let install = apt("install", "wrk");
  // A fresh image may have no package lists yet.
  if (install.status !== 0 && !install.error) {
    apt("update");
    install = apt("install", "wrk");
  }
  const installed = version();
  if (installed) return installed;
  const reason = install.error?.message ?? install.stderr.trim().split("\n").slice(-3).join(" / ");
  throw new Error(
    `could not install wrk with apt-get (${reason || `exit ${install.status}`}). ` +
      "Install wrk (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk) and run again.",
  );
}

/** One load point: what wrk measured, and the CPU each side used. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  /** Answers completed in the run. */
  readonly requests: number;
  /** The server's CPU time over the run (user + system), in seconds. */
  readonly serverCpuSeconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Socket errors, time-outs and answers other than 2xx/3xx. */
  readonly errors: number;
  /** Mean bytes per answer, headers included. */
  readonly bytesPerAnswer: number;
  /** CPU time of wrk over the run, as a share of one core (1 = one core busy all the time). */
  readonly generatorCores: number;
  /** CPU time of the server over the run, as a share of one core. */
  readonly serverCores: number;
  /** CPU time of everything else on the machine over the run (other processes, kernel work not
   * charged to either), as a share of one core. */
  readonly otherCores: number;
}

/** Options of one wrk run. */
export interface LoadOptions {
  readonly url: string;
  readonly body: string;
  readonly connections: number;
  readonly seconds: number;
  readonly threads: number;
  /** The core wrk is pinned to (taskset), or undefined to let the scheduler place it. */
  readonly pinTo: number | undefined;
  /** The server's process, whose CPU time is read before and after. */
  readonly serverPid: number;
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  bytes: number;
  socketErrors: number;
  non2xx: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Runs wrk once against `url` (bounded: killed 15 s after its duration) and reads its summary. */
export async function runWrk(options: LoadOptions): Promise<LoadResult> {
  const { url, body, connections, seconds, threads, serverPid, pinTo } = options;
  const serverBefore = cpuSeconds(serverPid) ?? 0;
  const busyBefore = systemBusySeconds();
  const started = performance.now();
  const wrkArgs = [
    `-t${Math.min(threads, connections)}`,
    `-c${connections}`,
    `-d${seconds}s`,
    "--timeout",
    "10s",
    "-s",
    SCRIPT,
    url,
  ];
  const env = { ...process.env, BENCH_BODY: body };
  // taskset execs wrk, so the child's pid is wrk's own.
  const child =
    pinTo === undefined
      ? track("wrk", wrkArgs, env)
      : track("taskset", ["-c", String(pinTo), "wrk", ...wrkArgs], env);
  const sampler = new Sampler(() => (child.pid ? [child.pid] : []));
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), (seconds + 15) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(killer);
  sampler.stop();
  const elapsed = (performance.now() - started) / 1000;
  const line = output.split("\n").find((text) => text.startsWith("{"));
  if (code !== 0 || line === undefined) throw new Error(`wrk failed (exit ${code}):\n${output}`);
  const summary = JSON.parse(line) as WrkSummary;
  const wrkCores = (sampler.lastCpu.get(child.pid ?? 0) ?? Number.NaN) / elapsed;
  const serverCpuSeconds = (cpuSeconds(serverPid) ?? Number.NaN) - serverBefore;
  const serverCores = serverCpuSeconds / elapsed;
  const busyCores = (systemBusySeconds() - busyBefore) / elapsed;
  return {
    requestsPerSecond: summary.requests / (summary.durationUs / 1e6),
    requests: summary.requests,
    serverCpuSeconds,
    p50Ms: summary.p50Us / 1000,
    p99Ms: summary.p99Us / 1000,
    maxMs: summary.maxUs / 1000,
    errors: summary.socketErrors + summary.non2xx,
    bytesPerAnswer: summary.requests > 0 ? summary.bytes / summary.requests : 0,
    generatorCores: wrkCores,
    serverCores,
    otherCores: Math.max(0, busyCores - wrkCores - serverCores),
  };
}

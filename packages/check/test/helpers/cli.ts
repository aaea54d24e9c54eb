// Runs the built giosg-reporting-check as a child process and collects its output and exit code (and, measured, its peak RSS).
import { type ChildProcess, execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/giosg-reporting-check.js", import.meta.url));
const PEAK_RSS = fileURLToPath(new URL("./peak-rss.cjs", import.meta.url));
const PEAK_LINE = /\npeak-rss-bytes=(\d+)\n/;

/** What a run of the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A measured run: its peak RSS in bytes too (undefined when the process was killed before its exit). */
export interface MeasuredCliRun extends CliRun {
  readonly peakRss: number | undefined;
}

const running = new Set<ChildProcess>();

function run(
  nodeArgs: readonly string[],
  args: readonly string[],
  env: Record<string, string>,
  timeout: number,
): Promise<CliRun> {
  const { GIOSG_TOKEN: _, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...nodeArgs, BIN, ...args],
      { env: { ...inherited, ...env }, timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        running.delete(child);
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    running.add(child);
  });
}

/** Runs the command with `args` and `env` added to this process's environment (GIOSG_TOKEN removed unless given). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return run([], args, env, 50_000);
}

/** As {@link runCli}, and reads the child's peak RSS (its own `maxRSS` at exit); killed after `timeout` ms. */
export async function runCliMeasured(
  args: readonly string[],
  env: Record<string, string> = {},
  timeout = 120_000,
): Promise<MeasuredCliRun> {
  const result = await run(["--require", PEAK_RSS], args, env, timeout);
  const peak = PEAK_LINE.exec(result.stderr);
  return {
    ...result,
    stderr: result.stderr.replace(PEAK_LINE, ""),
    peakRss: peak ? Number(peak[1]) : undefined,
  };
}

/** Kills every child still running (for afterEach: a failed test leaves none behind). */
export function killRunning(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

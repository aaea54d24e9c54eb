// @ts-nocheck
// Runs the built giosg-reporting-export as a child process: to its end, or until a line of its output, then killed.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/giosg-reporting-export.js", import.meta.url));

/** What a run of the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();

/** The environment of a child: this process's, GIOSG_TOKEN removed unless given in `env`. */
function envOf(env: Record<string, string>) {
  const { GIOSG_TOKEN: _, ...inherited } = process.env;
  return { ...inherited, ...env };
}

/** Runs the command with `args` to its end (`nodeArgs` before the script, such as `--require`). */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...nodeArgs, BIN, ...args],
      { env: envOf(env), timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        running.delete(child);
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    running.add(child);
  });
}

/**
 * Starts the command and kills it with SIGKILL as soon as a line of its standard output matches
 * `line` (no sleep: the kill follows the output); resolves with what it printed and how it ended.
 */
export function killCliAt(
  args: readonly string[],
  env: Record<string, string>,
  line: RegExp,
): Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: envOf(env),
      stdio: ["ignore", "pipe", "inherit"],
    });
    running.add(child);
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.split("\n").some((text) => line.test(text))) child.kill("SIGKILL");
    });
    child.on("close", (code, signal) => {
      running.delete(child);
      resolve({ stdout, signal, code });
    });
  });
}

/** Starts the command with `args`, its standard output ignored. */
export function startCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: envOf(env),
    stdio: ["ignore", "ignore", "inherit"],
  });
  running.add(child);
  child.on("close", () => running.delete(child));
  return child;
}

/** Kills every child still running (for afterEach: a failed test leaves none behind). */
export function killRunning(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/** Starts the command with `args`, its standard output and error piped and collected (to signal it mid-run). */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: envOf(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.on("close", () => running.delete(child));
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return { child, output: () => ({ stdout, stderr }) };
}

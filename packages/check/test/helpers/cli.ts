// Runs the built giosg-reporting-check as a child process and collects its output and exit code.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/giosg-reporting-check.js", import.meta.url));

/** What a run of the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command with `args` and `env` added to this process's environment (GIOSG_TOKEN removed unless given). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const { GIOSG_TOKEN: _, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...inherited, ...env }, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// The built bin run as a child process in tests: started on a free port, or run to its failure; stopped after each test.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { ADMIN_ROUTES } from "../../src/http/admin/scenario";

/** The built bin's file. */
export const cli = new URL("../../dist/cli.js", import.meta.url).pathname;
const running: ChildProcess[] = [];

/** Stops every bin started by {@link startCli} (call it in afterEach). */
export function stopClis(): void {
  for (const child of running.splice(0)) child.kill();
}

/** Starts the built bin on a free port and resolves with its URL and what it printed. */
export function startCli(...args: string[]): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes("curl"))
        resolve({ url: match[1] as string, output: () => output });
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

/** Runs the built bin to its failure and resolves with its exit code and stderr. */
export async function failure(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, [cli, ...args]);
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error("expected the command to fail");
}

/** An admin route's line in the help and the banner: method, path, effect. */
export const routeLine = ({ method, path, effect }: (typeof ADMIN_ROUTES)[number]) =>
  new RegExp(`${method} +${path} +${effect.replace(/[?()]/g, "\\$&")}\n`);

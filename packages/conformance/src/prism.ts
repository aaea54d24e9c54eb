// Runs Prism (the mock or the validating proxy) as a child process on a free port of 127.0.0.1, waits
// until it answers, and stops it: every wait is a bounded poll, and a failure says what Prism printed.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const PRISM_BIN = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));
/** Prism reads and dereferences the document before it listens: seconds on a busy 2-core machine. */
const READY_TIMEOUT_MS = 45_000;
const POLL_INTERVAL_MS = 100;
const STOP_TIMEOUT_MS = 5_000;
/** The last characters of Prism's output kept for failure messages. */
const OUTPUT_TAIL = 16_000;
/** A free port can be taken by another process before Prism binds it: try again with a new one. */
const PORT_ATTEMPTS = 3;

/** A Prism process that answers on {@link RunningPrism.url}. */
export interface RunningPrism {
  /** The base URL, such as `http://127.0.0.1:43117`. */
  readonly url: string;
  /** The end of what Prism printed (its log level is `error`: violations and failures). */
  readonly output: () => string;
  /** Stops the process (SIGTERM, then SIGKILL) and resolves once it has exited. */
  readonly stop: () => Promise<void>;
}

/** Every Prism started by this process, so that none outlives it even if a test forgets one. */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited, or after `ms` (to true if it has exited). */
function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(exited(child)), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (exited(child)) return;
  child.kill("SIGTERM");
  if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
  child.kill("SIGKILL");
  if (!(await waitForExit(child, STOP_TIMEOUT_MS)))
    throw new Error(`Prism (pid ${child.pid}) did not exit after SIGKILL`);
}

/** Polls the URL until Prism answers anything, the child exits, or the time is up. */
async function waitUntilAnswering(child: ChildProcess, url: string, output: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(child)) return false;
    try {
      const response = await fetch(`${url}/__conformance_ready`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      return true;
    } catch {
      // Not listening yet (connection refused): poll again.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(
    `Prism did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s; it printed:\n${output()}`,
  );
}

async function startOnce(args: readonly string[], port: number) {
  const url = `http://127.0.0.1:${port}`;
  const [command, ...rest] = args;
  const child = spawn(
    PRISM_BIN,
    [
      command ?? "mock",
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "--multiprocess=false",
      "--verboseLevel=error",
      ...rest,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  children.add(child);
  let printed = "";
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString("utf8")).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const output = () => printed;
  const stop = () => stopChild(child);
  try {
    const answering = await waitUntilAnswering(child, url, output);
    return { answering, prism: { url, output, stop } };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts `prism <command> -h 127.0.0.1 -p <free port> … <args>` from node_modules/.bin, in one process
 * (no cluster), and resolves once it answers HTTP. `args` starts with the command: `["mock", file]`,
 * `["proxy", "--errors", file, upstream]`.
 */
export async function startPrism(args: readonly string[]): Promise<RunningPrism> {
  let lastOutput = "";
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const { answering, prism } = await startOnce(args, await freePort());
    if (answering) return prism;
    lastOutput = prism.output();
    await prism.stop();
    // Only a port taken in the meantime is worth another attempt.
    if (!/EADDRINUSE/.test(lastOutput)) break;
  }
  throw new Error(
    `Prism exited before answering (prism ${args.join(" ")}); it printed:\n${lastOutput}`,
  );
}

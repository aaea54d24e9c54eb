// Runs the built giosg-reporting-export and kills it with SIGKILL at a point chosen by the test: after some bytes of output, some finished units, or while a unit's .partial file exists.
import { type ChildProcess, spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/giosg-reporting-export.js", import.meta.url));
const running = new Set<ChildProcess>();

/** Where a run is killed. */
export type KillPoint =
  | { readonly kind: "bytes"; readonly bytes: number }
  | { readonly kind: "units"; readonly units: number }
  | { readonly kind: "partial"; readonly nth: number; readonly under: string };

/** How a run ended: killed (and where), or on its own with its exit code. */
export interface KilledRun {
  readonly killed: boolean;
  readonly code: number | null;
  readonly stdout: string;
  /** For a `partial` kill: the .partial files seen just before the kill. */
  readonly partials: readonly string[];
}

/** A seeded PRNG (mulberry32): the same seed gives the same kill points. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The units' .partial files under `dir` now (not the state file's temporary; none while `dir` does not exist). */
async function partialsIn(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return names.filter((name) => /\.(ndjson|csv)\.partial$/.test(name));
}

/**
 * Starts the command with `args` and kills it with SIGKILL at `point`: once its standard output has
 * passed `bytes` bytes or said `units` units are written, or once the `nth` distinct unit's .partial file has
 * been seen under `under` (polled every few milliseconds; a 20 s guard fails rather than hangs). A run
 * that ends before its point is not killed.
 */
export function runKilledAt(
  args: readonly string[],
  env: Record<string, string>,
  point: KillPoint,
): Promise<KilledRun> {
  const { GIOSG_TOKEN: _, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.add(child);
  let stdout = "";
  let killed = false;
  let partials: string[] = [];
  const kill = () => {
    if (killed || child.exitCode !== null) return;
    killed = true;
    child.kill("SIGKILL");
  };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
    if (point.kind === "bytes" && Buffer.byteLength(stdout) >= point.bytes) kill();
    if (point.kind === "units" && (stdout.match(/^written /gm)?.length ?? 0) >= point.units) kill();
  });
  const ended = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  if (point.kind === "partial") {
    const seen = new Set<string>();
    let over = false;
    void ended.then(() => {
      over = true;
    });
    const guard = setTimeout(() => {
      over = true;
      kill();
    }, 20_000);
    void (async () => {
      while (!over && !killed) {
        const now = await partialsIn(point.under);
        for (const name of now) seen.add(name);
        if (seen.size >= point.nth && now.length > 0) {
          partials = now;
          kill();
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      clearTimeout(guard);
    })();
  }
  return ended.then((code) => ({ killed, code, stdout, partials }));
}

/** Kills every child still running (for afterEach). */
export function killAllRuns(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

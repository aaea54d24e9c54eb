// A recorder in a child process of its own (the built package), so that a test can read its memory alone: its peak RSS and its log.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { eventually } from "./waiting";

/** The child: starts the recorder, prints its URL and RSS, each log line, and its peak RSS when asked. */
const SCRIPT = `
const { startRecorder } = await import(process.argv[1]);
const options = JSON.parse(process.argv[2]);
const recorder = await startRecorder({ ...options, log: (line) => process.stdout.write("log " + line + "\\n") });
globalThis.gc?.();
process.stdout.write("ready " + recorder.url + " " + process.memoryUsage.rss() + "\\n");
process.stdin.setEncoding("utf8");
process.stdin.on("data", async (text) => {
  if (text.includes("peak")) process.stdout.write("peak " + process.resourceUsage().maxRSS * 1024 + "\\n");
  if (text.includes("close")) {
    await recorder.close();
    process.stdout.write("closed\\n");
  }
});
`;

/** A recorder running in a child process. */
export interface ChildRecorder {
  readonly url: string;
  /** Its log lines so far. */
  readonly log: () => string[];
  /** Its peak RSS since it started, less its RSS once it was ready: what relaying and recording took. */
  readonly growth: () => Promise<number>;
  /** Stops it as `close()` does (the recording left complete), then ends the process. */
  readonly close: () => Promise<void>;
  /** Ends the process at once. */
  readonly kill: () => void;
}

/** Starts `startRecorder(options)` of the built package in a child process. */
export async function childRecorder(options: {
  readonly dir: string;
  readonly upstream: string;
  readonly [option: string]: unknown;
}): Promise<ChildRecorder> {
  const entry = pathToFileURL(join(import.meta.dirname, "..", "..", "dist", "index.js")).href;
  const child: ChildProcess = spawn(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", SCRIPT, entry, JSON.stringify(options)],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout?.on("data", (chunk) => (out += chunk));
  child.stderr?.on("data", (chunk) => (out += chunk));
  const lines = () => out.split("\n");
  const ready = await eventually(() => {
    const line = lines().find((text) => text.startsWith("ready "));
    if (line === undefined) throw new Error(`the recorder did not start: ${out}`);
    return line.split(" ");
  });
  const [, url = "", rss = "0"] = ready;
  const kill = () => void child.kill("SIGKILL");
  return {
    url,
    log: () =>
      lines()
        .filter((text) => text.startsWith("log "))
        .map((text) => text.slice(4)),
    growth: async () => {
      const before = lines().filter((text) => text.startsWith("peak ")).length;
      child.stdin?.write("peak\n");
      const peak = await eventually(() => {
        const found = lines().filter((text) => text.startsWith("peak "));
        if (found.length <= before) throw new Error("no peak yet");
        return Number(found.at(-1)?.slice(5));
      });
      return peak - Number(rss);
    },
    close: async () => {
      child.stdin?.write("close\n");
      await eventually(() => {
        if (!lines().includes("closed")) throw new Error(`not closed yet: ${out.slice(-500)}`);
      });
      kill();
    },
    kill,
  };
}

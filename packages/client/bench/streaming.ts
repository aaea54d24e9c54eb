// The bench's streaming figures: iterating one unlimited answer through the public client API, from the
// stub and from a replay of the same bytes, against reading those bytes raw; the heap sampled as it goes.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { EXAMPLE_ORGANIZATION_ID } from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import { createClient } from "../src/index";
import type { Recording } from "./replay-server";
import { wire } from "./wire";

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const gc = (globalThis as { gc?: () => void }).gc;

/** Starts a child process and resolves the first line it prints. */
function child(args: readonly string[]): Promise<{ line: string; process: ChildProcess }> {
  const started = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    started.stdout.once("data", (chunk) =>
      resolve({ line: String(chunk).trim(), process: started }),
    );
    started.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

interface Iteration {
  readonly rows: number;
  readonly seconds: number;
  /** heapUsed after a full GC, sampled every 100,000 rows: the first sample, the peak, the last. */
  readonly heapStart: number;
  readonly heapPeak: number;
  readonly heapEnd: number;
}

/** The unlimited query every figure iterates: six months of a web navigation workflow's step 1. */
function benchQuery() {
  const web = createDataset().workflows.find(
    ({ type, organizationId }) =>
      type === "web-navigation" && organizationId === EXAMPLE_ORGANIZATION_ID,
  );
  return {
    organizationId: EXAMPLE_ORGANIZATION_ID,
    workflowId: web?.id ?? "",
    stepIndex: 1,
    filters: [],
    interval: { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" },
  };
}

/**
 * Iterates the query's rows through `iterateStepSourceData` (only the first with `firstOnly`);
 * `capture` sees each request sent.
 */
async function iterate(
  baseUrl: string,
  capture: (request: Recording) => void = () => {},
  firstOnly = false,
): Promise<Iteration> {
  const client = createClient({
    token: "demo",
    baseUrl,
    timeoutMs: 60_000,
    fetch: (input, init) => {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      capture({ url: String(input), headers, body: String(init?.body ?? "") });
      return fetch(input, init);
    },
  });
  const rows = client.iterateStepSourceData(benchQuery());
  gc?.();
  const samples: number[] = [process.memoryUsage().heapUsed];
  let count = 0;
  const started = performance.now();
  for await (const row of rows) {
    count += row.timestamp.length > 0 ? 1 : 0;
    if (firstOnly) break;
    if (count % 100_000 === 0) {
      gc?.();
      samples.push(process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  gc?.();
  samples.push(process.memoryUsage().heapUsed);
  return {
    rows: count,
    seconds,
    heapStart: samples[0] ?? 0,
    heapPeak: Math.max(...samples),
    heapEnd: samples.at(-1) ?? 0,
  };
}

/** Reads an answer's bytes with fetch, doing nothing with them: the ceiling of any fetch-based client. */
async function readRaw(recording: Recording): Promise<{ bytes: number; seconds: number }> {
  const started = performance.now();
  const response = await fetch(recording.url, {
    method: "POST",
    headers: recording.headers,
    body: recording.body,
  });
  let bytes = 0;
  for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).length;
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

/** The servers part 4 reads from: the stub (it makes the rows) and the replay (bytes from memory). */
const sourcesOf = (stub: string, replay: string) => [
  { name: "stub", url: stub },
  { name: "replay", url: replay },
];

/** Runs the streaming figures and prints them; with `wireOnly`, only part 4 (see wire.ts). */
export async function streaming(wireOnly = false): Promise<void> {
  const sessionsPerDay = Number(process.env.BENCH_LARGE_SESSIONS_PER_DAY ?? 37_000);
  const children: ChildProcess[] = [];
  try {
    const stub = await child([
      "--input-type=module",
      "-e",
      `import { startStub } from "@giosg-reporting/stub";
       const stub = await startStub({ dataset: { sessionsPerDay: ${sessionsPerDay} } });
       process.stdout.write(stub.url + "\\n");`,
    ]);
    children.push(stub.process);
    let recording: Recording | undefined;
    const fromStub = await iterate(
      stub.line,
      (request) => {
        recording = request;
      },
      wireOnly,
    );
    if (recording === undefined) throw new Error("the client sent no request");
    const replayScript = fileURLToPath(new URL("./replay-server.ts", import.meta.url));
    const replay = await child(["--import", "tsx", replayScript, JSON.stringify(recording)]);
    children.push(replay.process);
    const [replayUrl = "", answerBytes = "0"] = replay.line.split(" ");
    if (wireOnly) return await wire(sourcesOf(stub.line, replayUrl), recording, benchQuery());
    const raw = await readRaw({ ...recording, url: recording.url.replace(stub.line, replayUrl) });
    const fromReplay = await iterate(replayUrl);
    const rate = (rows: number, seconds: number) => Math.round(rows / seconds);
    const rawRate = rate(fromReplay.rows, raw.seconds);
    console.log(
      `\n3. Iterating one unlimited answer (${fromStub.rows.toLocaleString("en")} rows, ${mib(Number(answerBytes))} MiB; stub: ${sessionsPerDay.toLocaleString("en")} sessions a day) with iterateStepSourceData:\n`,
    );
    const line = (source: string, run: Iteration) => ({
      source,
      seconds: Math.round(run.seconds * 10) / 10,
      "rows/s": rate(run.rows, run.seconds).toLocaleString("en"),
      "heap start MiB": mib(run.heapStart),
      "heap peak − start MiB": mib(run.heapPeak - run.heapStart),
      "heap end MiB": mib(run.heapEnd),
    });
    console.table([
      line("client ← stub", fromStub),
      line("client ← replay (raw node:http, bytes from memory)", fromReplay),
      {
        source: "fetch reading the replay's bytes, unparsed",
        seconds: Math.round(raw.seconds * 10) / 10,
        "rows/s": rawRate.toLocaleString("en"),
      },
    ]);
    console.log(
      `client ← replay / raw read: ${(rate(fromReplay.rows, fromReplay.seconds) / rawRate).toFixed(2)} (heap sampled after a full GC every 100,000 rows)`,
    );
    await wire(sourcesOf(stub.line, replayUrl), recording, benchQuery());
  } finally {
    for (const started of children) started.kill();
  }
}

// `pnpm --filter @giosg-reporting/stub bench:replay`: the built stub started on an NDJSON file of 10^6
// events (`--data`): time to healthy and peak RSS, beside the floor of reading the file's bytes.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  cpuSeconds,
  ensureBuiltStub,
  kill,
  killAll,
  peakRssMiB,
  startStub,
  track,
} from "./processes";
import { BENCH_PATH } from "./query";
import { type Figure, printReport } from "./report";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Events in each file replayed; the goals are stated for 10^6. */
const EVENTS = (process.env.BENCH_REPLAY_EVENTS ?? "1000000").split(",").map(Number);
/** The fixtures' volume the files are written at (about 2,000 events a day). */
const SESSIONS_PER_DAY = 2000;
const GOAL_EVENTS = 1_000_000;
/** The fixtures' default start: where `--count` events begin. */
const START = "2022-11-01T00:00:00.000Z";
const GOAL_MS = 5000;
const GOAL_MIB = 300;

const require = createRequire(import.meta.url);
const FIXTURES_CLI = require
  .resolve("@giosg-reporting/fixtures/package.json")
  .replace(/package\.json$/, "bin/giosg-reporting-fixtures.js");
const { version } = require("@giosg-reporting/fixtures/package.json") as { version: string };

/** The events file and workflows file of `events` events, written once by the fixtures' CLI and kept in tmp. */
function recording(events: number): { data: string; workflows: string } {
  const dir = join(tmpdir(), `giosg-stub-bench-replay-${version}-${events}`);
  const data = join(dir, "events.ndjson");
  const workflows = join(dir, "workflows.json");
  if (existsSync(data) && existsSync(workflows)) return { data, workflows };
  mkdirSync(dir, { recursive: true });
  console.log(`writing ${events.toLocaleString("en")} events to ${data} (once)`);
  const partial = `${data}.partial`;
  execFileSync(process.execPath, [
    FIXTURES_CLI,
    "--count",
    String(events),
    "--sessions-per-day",
    String(SESSIONS_PER_DAY),
    "--out",
    partial,
    "--workflows",
    workflows,
    "--quiet",
  ]);
  renameSync(partial, data);
  return { data, workflows };
}

/** The floor: a plain node reading the file's bytes through a stream, timed from spawn; its peak RSS. */
async function floorOf(data: string): Promise<{ ms: number; peakMiB: number }> {
  const script = `const s=require("fs").createReadStream(process.argv[1]);let n=0;s.on("data",c=>{n+=c.length});s.on("end",()=>{const m=/VmHWM:\\s+(\\d+)/.exec(require("fs").readFileSync("/proc/self/status","utf8"));console.log(JSON.stringify({n,peak:Number(m[1])/1024}))})`;
  const started = performance.now();
  const child = track(process.execPath, ["-e", script, data]);
  let out = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  await new Promise((resolve) => child.once("exit", resolve));
  const ms = performance.now() - started;
  const { peak } = JSON.parse(out) as { peak: number };
  return { ms, peakMiB: peak };
}

/** The SHA-256 and size of one answer. */
async function answerDigest(url: string, body: object): Promise<{ sha: string; bytes: number }> {
  const response = await fetch(`${url}${BENCH_PATH}`, {
    method: "POST",
    headers: { authorization: "Token demo", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return { sha: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

/** The time of the file's last event (its last line's `timestamp`). */
function lastTime(path: string): number {
  const size = statSync(path).size;
  const tail = Buffer.alloc(Math.min(size, 64 * 1024));
  const fd = openSync(path, "r");
  try {
    readSync(fd, tail, 0, tail.length, size - tail.length);
  } finally {
    closeSync(fd);
  }
  const lines = tail.toString("utf8").trimEnd().split("\n");
  return Date.parse(
    (JSON.parse(lines[lines.length - 1] ?? "{}") as { timestamp: string }).timestamp,
  );
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

ensureBuiltStub();
const figures: Figure[] = [];
try {
  for (const events of EVENTS) {
    const { data, workflows } = recording(events);
    const mib = statSync(data).size / 2 ** 20;
    const goal = events === GOAL_EVENTS;
    for (let run = 1; run <= RUNS; run += 1) {
      const floor = await floorOf(data);
      const stub = await startStub(["--data", data, "--workflows", workflows]);
      const peak = peakRssMiB(stub.pid) ?? Number.NaN;
      const cpu = cpuSeconds(stub.pid) ?? Number.NaN;
      await kill(stub.child);
      const label = `${events.toLocaleString("en")} events (${Math.round(mib)} MiB), run ${run}`;
      figures.push(
        {
          key: `replay${events}.run${run}.healthyMs`,
          what: `${label}: spawn to healthy (CPU ${cpu.toFixed(1)} s)`,
          value: stub.startMs,
          unit: "ms",
          floor: floor.ms,
          floorLabel: "node streams the file",
          ...(goal ? { goal: { op: "<=", value: GOAL_MS } as const } : {}),
        },
        {
          key: `replay${events}.run${run}.peakRssMiB`,
          what: `${label}: peak RSS`,
          value: peak,
          unit: "MiB",
          floor: floor.peakMiB,
          floorLabel: "node streams the file",
          ...(goal ? { goal: { op: "<=", value: GOAL_MIB } as const } : {}),
        },
      );
    }
  }
  // One large answer, from the file and from the embedded dataset it was written from: byte for byte.
  const events = Math.min(...EVENTS);
  const { data, workflows } = recording(events);
  const fromFile = await startStub(["--data", data, "--workflows", workflows]);
  const embedded = await startStub(["--sessions-per-day", String(SESSIONS_PER_DAY)]);
  // The days the file covers whole: it ends with its last event, part way through a day.
  const end = new Date(Math.floor(lastTime(data) / 86_400_000) * 86_400_000).toISOString();
  const days = Math.round((Date.parse(end) - Date.parse(START)) / 86_400_000);
  const body = { filters: [], interval: { start: START, end } };
  const [file, dataset] = [
    await answerDigest(fromFile.url, body),
    await answerDigest(embedded.url, body),
  ];
  figures.push({
    key: "replay.answerBytesEqual",
    what: `step 1 over ${days} days, from the file vs the embedded dataset (${file.bytes.toLocaleString("en")} bytes)`,
    value: file.sha === dataset.sha && file.bytes > 1_000_000 ? 1 : 0,
    unit: "",
    goal: { op: ">=", value: 1 },
    note: "1: byte for byte the same",
  });
  console.log(
    `median spawn to healthy: ${EVENTS.map((count) => `${count}: ${Math.round(median(figures.filter((f) => f.key.startsWith(`replay${count}.`) && f.key.endsWith("healthyMs")).map((f) => f.value ?? Number.NaN)))} ms`).join(", ")}`,
  );
} finally {
  await killAll();
}
printReport(figures, { bench: "replay", runs: RUNS, events: EVENTS });

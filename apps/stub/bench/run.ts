// `pnpm bench`: (1) requests per second and p50/p99 latency of a 1000-row advanced query at 2 and 10
// connections (autocannon), beside a minimal Hono server that answers a precomputed Buffer of the same
// 1000 rows: the floor. (2) An unlimited query of 10^6 rows: time to first byte, rows per second and
// the server's peak RSS. Every server runs in its own process.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXAMPLE_ORGANIZATION_ID, STEP_SOURCE_DATA_PATH } from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import autocannon from "autocannon";

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LARGE_SESSIONS_PER_DAY = Number(process.env.BENCH_LARGE_SESSIONS_PER_DAY ?? 40_000);
const serveScript = fileURLToPath(new URL("./serve.ts", import.meta.url));
const children: ChildProcess[] = [];

function startServer(...args: string[]): Promise<{ url: string; pid: number }> {
  const child = spawn(process.execPath, [...process.execArgv, serveScript, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", (chunk) =>
      resolve(JSON.parse(String(chunk).split("\n")[0] as string)),
    );
    child.once("exit", (code) => reject(new Error(`server ${args[0]} exited with ${code}`)));
  });
}

/** The peak resident set size of a process, in MiB (Linux: VmHWM). */
function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const web = createDataset().workflows.find(
  ({ type, organizationId }) =>
    type === "web-navigation" && organizationId === EXAMPLE_ORGANIZATION_ID,
);
if (!web) throw new Error("no web navigation workflow");
const path = STEP_SOURCE_DATA_PATH.replace(":organization_id", web.organizationId)
  .replace(":workflow_id", web.id)
  .replace(":step_index", "1");
const headers = { authorization: "Token demo", "content-type": "application/json" };
const wholeRange = { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" };
const thousandRows = JSON.stringify({ filters: [], interval: wholeRange, limit: 1000 });

async function throughput() {
  const stub = await startServer("stub");
  const sample = await fetch(`${stub.url}${path}`, { method: "POST", headers, body: thousandRows });
  const bytes = Buffer.from(await sample.arrayBuffer());
  const rows = (JSON.parse(bytes.toString()) as { data: unknown[] }).data.length;
  const file = join(tmpdir(), `stub-bench-${process.pid}.json`);
  writeFileSync(file, bytes);
  const floor = await startServer("floor", file);
  console.log(
    `1. A ${rows}-row advanced query (${(bytes.length / 1024).toFixed(0)} KiB), ${DURATION_SECONDS} s per run:\n`,
  );
  const table = [];
  for (const connections of [2, 10]) {
    const measured: Record<string, autocannon.Result> = {};
    for (const [name, server] of [
      ["floor", floor],
      ["stub", stub],
    ] as const) {
      measured[name] = await autocannon({
        url: `${server.url}${path}`,
        method: "POST",
        headers,
        body: thousandRows,
        connections,
        duration: DURATION_SECONDS,
      });
    }
    for (const [name, result] of Object.entries(measured)) {
      table.push({
        server: name,
        connections,
        "req/s": Math.round(result.requests.average),
        "p50 ms": result.latency.p50,
        "p99 ms": result.latency.p99,
        errors: result.errors + result.non2xx,
        "% of floor": `${Math.round((result.requests.average / (measured.floor?.requests.average ?? 1)) * 100)}%`,
      });
    }
  }
  console.table(table);
}

async function unlimited() {
  const server = await startServer("large", String(LARGE_SESSIONS_PER_DAY));
  const body = JSON.stringify({ filters: [], interval: wholeRange });
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let firstByte: number | undefined;
  let rows = 0;
  let bytes = 0;
  let carry = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstByte ??= performance.now() - started;
    bytes += value.length;
    const text = carry + decoder.decode(value, { stream: true });
    rows += text.split('{"timestamp":').length - 1;
    carry = text.slice(-16);
    rows -= carry.split('{"timestamp":').length - 1;
  }
  rows += carry.split('{"timestamp":').length - 1;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\n2. An unlimited advanced query (dataset of ${LARGE_SESSIONS_PER_DAY.toLocaleString("en")} sessions a day, generated per query):\n`,
  );
  console.table([
    {
      rows: rows.toLocaleString("en"),
      "MiB sent": Math.round(bytes / 2 ** 20),
      "time to first byte ms": Math.round(firstByte ?? 0),
      seconds: Math.round(seconds * 10) / 10,
      "rows/s": Math.round(rows / seconds).toLocaleString("en"),
      "server peak RSS MiB": peakRssMiB(server.pid) ?? "n/a",
    },
  ]);
}

try {
  await throughput();
  await unlimited();
} finally {
  for (const child of children) child.kill();
}

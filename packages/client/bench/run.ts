// `pnpm bench`: (1) parse and validate a 10^5-row advanced answer, against JSON.parse alone of the same
// bytes (and zod's safeParse, for reference); (2) iterate 10^6 streamed rows from a stub over a socket,
// with the client's memory sampled as it goes.
import { spawn } from "node:child_process";
import {
  ADVANCED_FIELDS,
  advancedResponseSchema,
  EXAMPLE_ORGANIZATION_ID,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { createClient } from "../src/index";
import { checkOkBody } from "../src/validation/response";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = 7;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

function validation() {
  const rows = generateEvents(createDataset(), { count: ROWS });
  const text = JSON.stringify({ fields: ADVANCED_FIELDS, data: rows });
  time(() => checkOkBody(JSON.parse(text), false)); // warm up
  const parse = time(() => JSON.parse(text));
  const client = time(() => checkOkBody(JSON.parse(text), false));
  const zod = time(() => advancedResponseSchema.parse(JSON.parse(text)));
  console.log(
    `1. A ${ROWS.toLocaleString("en")}-row advanced answer (${mib(text.length)} MiB), median of ${RUNS} runs:\n`,
  );
  console.table([
    { step: "JSON.parse alone", ms: Math.round(parse), "× JSON.parse": "1.00" },
    {
      step: "JSON.parse + client validation",
      ms: Math.round(client),
      "× JSON.parse": (client / parse).toFixed(2),
    },
    {
      step: "JSON.parse + zod safeParse (reference)",
      ms: Math.round(zod),
      "× JSON.parse": (zod / parse).toFixed(2),
    },
  ]);
}

async function streaming() {
  const sessionsPerDay = Number(process.env.BENCH_LARGE_SESSIONS_PER_DAY ?? 40_000);
  const server = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { fixtureSource, startStub } from "@giosg-reporting/stub";
       const stub = await startStub({ source: fixtureSource({ sessionsPerDay: ${sessionsPerDay} }, false) });
       process.stdout.write(stub.url + "\\n");`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.once("data", (chunk) => resolve(String(chunk).trim()));
      server.once("exit", (code) => reject(new Error(`stub exited with ${code}`)));
    });
    const web = createDataset().workflows.find(
      ({ type, organizationId }) =>
        type === "web-navigation" && organizationId === EXAMPLE_ORGANIZATION_ID,
    );
    const client = createClient({ token: "demo", baseUrl: url, timeoutMs: 60_000 });
    const rows = client.iterateStepSourceData({
      organizationId: EXAMPLE_ORGANIZATION_ID,
      workflowId: web?.id ?? "",
      stepIndex: 1,
      filters: [],
      interval: { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" },
    });
    const samples: number[] = [];
    let peakHeap = 0;
    let peakRss = 0;
    let count = 0;
    const started = performance.now();
    for await (const row of rows) {
      count += row.timestamp.length > 0 ? 1 : 0;
      if (count % 50_000 === 0) {
        (globalThis as { gc?: () => void }).gc?.();
        const { heapUsed, rss } = process.memoryUsage();
        peakHeap = Math.max(peakHeap, heapUsed);
        peakRss = Math.max(peakRss, rss);
        samples.push(mib(heapUsed));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const quarter = (q: number) =>
      samples[Math.min(samples.length - 1, Math.floor((samples.length * q) / 4))] ?? 0;
    console.log(
      `\n2. Iterating an unlimited streamed answer over a socket (stub: ${sessionsPerDay.toLocaleString("en")} sessions a day):\n`,
    );
    console.table([
      {
        rows: count.toLocaleString("en"),
        seconds: Math.round(seconds * 10) / 10,
        "rows/s": Math.round(count / seconds).toLocaleString("en"),
        "client peak heap MiB": mib(peakHeap),
        "client peak RSS MiB": mib(peakRss),
        "heap at 25/50/75/100% MiB": [1, 2, 3, 4].map(quarter).join(" / "),
      },
    ]);
  } finally {
    server.kill();
  }
}

// Streaming first, so that the validation run's 82 MiB answer is not in the heap it samples.
await streaming();
validation();

// `pnpm --filter @giosg-reporting/stub soak`: 60 s at 10 connections against the built stub CLI in
// its own process, mixing small queries, 1000-row queries and unlimited streamed queries. Checks
// every answer (complete, valid JSON, the rows asked for), and reports errors, p50/p99 latency per
// kind, and the server's RSS after warm-up and at the end. SOAK_SECONDS and SOAK_CONNECTIONS change
// the run.
import { readFileSync } from "node:fs";
import {
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  STEP_SOURCE_DATA_PATH,
} from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import { ensureBuiltStub, killAll, startStub } from "./processes";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 10);
const WARM_UP_SECONDS = Number(process.env.SOAK_WARM_UP_SECONDS ?? Math.min(20, SECONDS / 3));

ensureBuiltStub();
// --expose-gc: memory is measured after a full collection, so it shows what the stub holds.
const { url, pid } = await startStub(["--admin"], ["--expose-gc"]);
const rssMiB = () => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
};
/** The server's memory after a full garbage collection. */
async function settledMemory(): Promise<{ rssMiB: number; heapUsedMiB: number }> {
  return (await fetch(`${url}/__stub/memory?gc=1`)).json() as Promise<{
    rssMiB: number;
    heapUsedMiB: number;
  }>;
}

const web = createDataset().workflows.find(
  ({ type, organizationId }) =>
    type === "web-navigation" && organizationId === EXAMPLE_ORGANIZATION_ID,
);
const path = (workflow: string, step: number) =>
  STEP_SOURCE_DATA_PATH.replace(":organization_id", EXAMPLE_ORGANIZATION_ID)
    .replace(":workflow_id", workflow)
    .replace(":step_index", String(step));
const kinds = {
  small: {
    path: path(EXAMPLE_WORKFLOW_ID, 1),
    body: {
      filters: [{ property: "action", values: ["User dialed"] }],
      interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" },
      limit: 2,
      basic: true,
    },
    rows: (n: number) => n === 2,
  },
  thousand: {
    path: path(web?.id ?? "", 1),
    body: {
      filters: [],
      interval: { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" },
      limit: 1000,
    },
    rows: (n: number) => n === 1000,
  },
  streamed: {
    path: path(web?.id ?? "", 2),
    body: { filters: [], interval: { start: "2022-11-01T00:00:00Z", end: "2023-02-01T00:00:00Z" } },
    rows: (n: number) => n > 1000,
  },
} as const;
type Kind = keyof typeof kinds;
const mix: Kind[] = ["small", "small", "small", "thousand", "thousand", "streamed"];

const latencies: Record<Kind, number[]> = { small: [], thousand: [], streamed: [] };
const errors: string[] = [];
let requests = 0;
let afterWarmUp: { rssMiB: number; heapUsedMiB: number } | undefined;
const started = performance.now();
const deadline = started + SECONDS * 1000;
setTimeout(async () => {
  afterWarmUp = await settledMemory();
}, WARM_UP_SECONDS * 1000);
const rssTrace: number[] = [];
const tracer = setInterval(() => rssTrace.push(rssMiB()), 5000);

async function worker(index: number) {
  for (let i = index; performance.now() < deadline; i += 1) {
    const kind = mix[i % mix.length] as Kind;
    const { path: route, body, rows } = kinds[kind];
    const begin = performance.now();
    try {
      const response = await fetch(`${url}${route}`, {
        method: "POST",
        headers: { authorization: "Token demo", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = JSON.parse(await response.text()) as { data?: unknown[] };
      if (response.status !== 200 || !Array.isArray(answer.data) || !rows(answer.data.length)) {
        errors.push(`${kind}: ${response.status} with ${answer.data?.length} rows`);
      }
    } catch (error) {
      errors.push(`${kind}: ${(error as Error).message}`);
    }
    if (performance.now() - started > WARM_UP_SECONDS * 1000)
      latencies[kind].push(performance.now() - begin);
    requests += 1;
  }
}

await Promise.all(Array.from({ length: CONNECTIONS }, (_, index) => worker(index)));
const atEnd = await settledMemory();
const rssAtEnd = atEnd.rssMiB;
const rssAfterWarmUp = afterWarmUp?.rssMiB ?? Number.NaN;
const peakRssMiB = (() => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
})();
clearInterval(tracer);
await killAll();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0,
  );
};
console.log(
  `Soak: ${SECONDS} s at ${CONNECTIONS} connections, ${requests.toLocaleString("en")} requests (${Math.round(requests / SECONDS)}/s), ${errors.length} errors\n`,
);
console.table(
  (Object.keys(latencies) as Kind[]).map((kind) => ({
    kind,
    requests: latencies[kind].length,
    "p50 ms": percentile(latencies[kind], 50),
    "p99 ms": percentile(latencies[kind], 99),
    "max ms": percentile(latencies[kind], 100),
  })),
);
const growth = ((rssAtEnd - rssAfterWarmUp) / rssAfterWarmUp) * 100;
console.log(
  `Server heap in use after a full GC: ${afterWarmUp?.heapUsedMiB} MiB after warm-up, ${atEnd.heapUsedMiB} MiB at the end; peak RSS ${peakRssMiB} MiB; RSS every 5 s: ${rssTrace.join(", ")} MiB`,
);
console.log(
  `Server RSS after a full GC: ${rssAfterWarmUp} MiB after ${WARM_UP_SECONDS} s of warm-up, ${rssAtEnd} MiB at the end (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %)`,
);
const P99_BOUND_MS = 2000;
const worstP99 = Math.max(
  ...(Object.keys(latencies) as Kind[]).map((kind) => percentile(latencies[kind], 99)),
);
const failures = [
  ...(errors.length > 0 ? [`${errors.length} errors, such as ${errors[0]}`] : []),
  ...(worstP99 > P99_BOUND_MS
    ? [`p99 ${worstP99} ms is over the bound of ${P99_BOUND_MS} ms`]
    : []),
  ...(!(growth <= 10) ? [`RSS grew ${growth.toFixed(1)} % after warm-up (bound: +10 %)`] : []),
];
console.log(
  failures.length === 0
    ? `soak: passed (p99 bound ${P99_BOUND_MS} ms, RSS bound 10 %)`
    : `soak: FAILED\n  ${failures.join("\n  ")}`,
);
process.exitCode = failures.length === 0 ? 0 : 1;

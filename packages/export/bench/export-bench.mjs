// `pnpm --filter @giosg-reporting/export bench`: about 10^6 rows of one (step, target) from the built
// stub in its own process, read (a) by the built client alone (the floor: one request for the whole
// interval, and window by window as the export asks), then exported by the built CLI (b) to NDJSON
// and, with EXPORT_BENCH_POSTGRES=<url>, (c) to PostgreSQL: rows/s against the floor, peak RSS.
// Each figure: rows/s over its process's whole life (node's start included, the floor's as the export's),
// the process's peak RSS and CPU seconds, and the stub's CPU seconds meanwhile.
// Env: EXPORT_BENCH_SESSIONS_PER_DAY (37000: 1,003,373 rows), EXPORT_BENCH_RUNS (1), EXPORT_BENCH_WINDOW
// (1d), EXPORT_BENCH_INTERVAL (the dataset's whole range), EXPORT_BENCH_NODE_FLAGS (node flags of the
// export, such as --cpu-prof), EXPORT_BENCH_EXPORT_FLAGS (more flags of the export, such as --concurrency 2).
// Each figure starts after sync(1), so that none bears the writeback of what the one before wrote; with
// more than one run, the median of the runs' ratios closes the output.
// With a local PostgreSQL (its postmaster readable in /proc), (c) also shows the server's CPU seconds
// during the export (its processes' and the backends' that ended meanwhile): the stub, the export and
// PostgreSQL share the machine's cores, so their sum is what the export costs.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const EXPORT_CLI = here("../bin/giosg-reporting-export.js");
const EXPORT_DIST = here("../dist/cli.js");
const FLOOR = here("./client-floor.mjs");
const USAGE = here("./usage.cjs");
const stubPackage = createRequire(import.meta.url).resolve("@giosg-reporting/stub/package.json");
const STUB_CLI = join(dirname(stubPackage), "dist", "cli.js");

const ORGANIZATION = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
const SESSIONS_PER_DAY = process.env.EXPORT_BENCH_SESSIONS_PER_DAY ?? "37000";
const INTERVAL = process.env.EXPORT_BENCH_INTERVAL ?? "2022-11-01T00:00:00Z/2023-05-01T00:00:00Z";
const WINDOW = process.env.EXPORT_BENCH_WINDOW ?? "1d";
const RUNS = Number(process.env.EXPORT_BENCH_RUNS ?? 1);
const POSTGRES = process.env.EXPORT_BENCH_POSTGRES;
const NODE_FLAGS = (process.env.EXPORT_BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const EXPORT_FLAGS = (process.env.EXPORT_BENCH_EXPORT_FLAGS ?? "").split(" ").filter(Boolean);
const STEP = "1";
const TARGET = "default";
const NDJSON_GOAL = 0.8;
const POSTGRES_GOAL = 0.5;
const RSS_GOAL_MIB = 200;

const children = new Set();
const mib = (bytes) => bytes / 2 ** 20;

/** A process's CPU time so far (user + system), in seconds, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the command's closing parenthesis, utime and stime are the 12th and 13th fields, in 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** A process's CPU time so far including its ended children's that it waited for (a postmaster's ended backends). */
function cpuWithChildren(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (
      (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100
    );
  } catch {
    return Number.NaN;
  }
}

/** The PostgreSQL server's CPU seconds so far: its postmaster's, its live processes', its ended ones'. */
function serverCpuSeconds(postmaster) {
  if (postmaster === undefined) return Number.NaN;
  let total = cpuWithChildren(postmaster);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === postmaster) total += cpuSeconds(entry);
    } catch {
      // The process ended meanwhile: its time is in the postmaster's children's.
    }
  }
  return total;
}

/** The postmaster's pid of the PostgreSQL at `url`, when it runs on this machine (else undefined). */
async function postmasterOf(url) {
  const { Client } = createRequire(import.meta.url)("pg");
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT pg_backend_pid() AS pid");
    const stat = readFileSync(`/proc/${rows[0].pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Drops a run's tables and forces a checkpoint: the next run's figures then bear no autovacuum of
 * 10^6 rows, nor a checkpoint writing them, that this run's COPY set off.
 */
async function dropTables(url, table) {
  const { Client } = createRequire(import.meta.url)("pg");
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${table}, ${table}_units`);
    await client.query("CHECKPOINT");
  } finally {
    await client.end().catch(() => {});
  }
}

/** What the usage preload wrote: peak RSS (MiB), CPU seconds and the system's part of them, of the process. */
function usageOf(stderr) {
  const usage = JSON.parse(/bench-usage=(\{.*\})/.exec(stderr)?.[1] ?? "{}");
  return {
    peakRssMiB: mib(usage.peakRssBytes ?? Number.NaN),
    cpuSeconds: usage.cpuSeconds ?? Number.NaN,
    systemSeconds: usage.systemSeconds ?? Number.NaN,
    minorFaults: usage.minorFaults ?? Number.NaN,
  };
}

/** The newest modification time under a folder, in ms. */
const newest = (folder) =>
  Math.max(
    0,
    ...readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );

/** Builds the export (and what it depends on) when its CLI is missing; warns when src/ is newer than the build. */
function ensureBuilt() {
  if (existsSync(EXPORT_DIST) && existsSync(STUB_CLI)) {
    if (newest(here("../src")) > statSync(EXPORT_DIST).mtimeMs)
      console.log("note: src/ is newer than dist/cli.js; the figures are the build's");
    return;
  }
  console.log("building the export and the stub (pnpm turbo run build)");
  execFileSync(
    "pnpm",
    [
      "turbo",
      "run",
      "build",
      "--filter=@giosg-reporting/export...",
      "--filter=@giosg-reporting/stub",
    ],
    { stdio: "inherit" },
  );
}

/**
 * Writes every dirty page out (sync(1)) before a figure: the writeback of what an earlier figure
 * wrote (10^6 rows as NDJSON, a table and its WAL) would otherwise take the cores during this one.
 */
function settle() {
  try {
    execFileSync("sync");
  } catch {
    // No sync(1) on this machine: the figures then bear the writeback as it comes.
  }
}

/** A port free right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs `node <args>` to its end: its output, exit code and wall seconds. */
function run(args, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      children.delete(child);
      resolve({ stdout, stderr, code, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Starts the built stub CLI on a free port with the bench's volume and waits until it is healthy (bounded). */
async function startStub() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [STUB_CLI, "--quiet", "--port", String(port), "--sessions-per-day", SESSIONS_PER_DAY],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  for (const started = performance.now(); performance.now() - started < 60_000; ) {
    if (child.exitCode !== null) throw new Error(`the stub exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} was not healthy within 60 s`);
}

/** The example organization's web navigation workflow, as the stub lists it. */
async function webWorkflow() {
  const listed = await run([STUB_CLI, "--list", "--sessions-per-day", SESSIONS_PER_DAY]);
  const organization = listed.stdout
    .split(/\norganization /)
    .find((part) => part.startsWith(ORGANIZATION));
  const id = /workflow (\S+)\s+web-navigation/.exec(organization ?? "")?.[1];
  if (id === undefined) throw new Error(`no web navigation workflow in:\n${listed.stdout}`);
  return id;
}

/**
 * One floor figure: the built client reading the (step, target), `whole` or by `windows`, `inFlight`
 * at a time; rows/s over the process's whole life, as the export's.
 */
async function floor(stub, workflowId, mode, inFlight = 1) {
  const [start, end] = INTERVAL.split("/");
  const hours = WINDOW.endsWith("d")
    ? Number.parseInt(WINDOW, 10) * 24
    : Number.parseInt(WINDOW, 10);
  settle();
  const stubCpu = cpuSeconds(stub.child.pid);
  const result = await run([
    ...["--require", USAGE, FLOOR, stub.url, ORGANIZATION, workflowId, STEP, TARGET, start, end],
    ...[mode, String(hours), String(inFlight)],
  ]);
  if (result.code !== 0) throw new Error(`the floor failed: ${result.stderr}`);
  const figure = JSON.parse(result.stdout);
  // Over the process's whole life, its start included, as the export's figures are timed: the
  // loop's own seconds leave out node's start and the modules' loading (about 0.1 s).
  return {
    ...figure,
    loopSeconds: figure.seconds,
    seconds: result.seconds,
    rowsPerSecond: figure.rows / result.seconds,
    ...usageOf(result.stderr),
    stubCpuSeconds: cpuSeconds(stub.child.pid) - stubCpu,
  };
}

/** One export by the built CLI into `sink` flags: rows/s over the process's whole life (its start included), peak RSS. */
async function exportRun(stub, workflowId, sink, postmaster) {
  settle();
  const stubCpu = cpuSeconds(stub.child.pid);
  const serverCpu = serverCpuSeconds(postmaster);
  const result = await run(
    [
      ...NODE_FLAGS,
      ...["--require", USAGE, EXPORT_CLI],
      ...["--organization", ORGANIZATION, "--workflow", workflowId, "--interval", INTERVAL],
      ...["--steps", STEP, "--targets", TARGET, "--window", WINDOW, "--base-url", stub.url],
      ...EXPORT_FLAGS,
      ...sink,
    ],
    { ...process.env, GIOSG_TOKEN: "demo" },
  );
  if (result.code !== 0) throw new Error(`the export exited with ${result.code}: ${result.stderr}`);
  const rows = Number(/ written \((\d+) rows\)/.exec(result.stdout)?.[1]);
  return {
    rows,
    seconds: result.seconds,
    rowsPerSecond: rows / result.seconds,
    ...usageOf(result.stderr),
    stubCpuSeconds: cpuSeconds(stub.child.pid) - stubCpu,
    serverCpuSeconds: serverCpuSeconds(postmaster) - serverCpu,
  };
}

const line = (name, figure, floorRate) =>
  `  ${name.padEnd(36)} ${figure.rows.toLocaleString("en").padStart(10)} rows ${figure.seconds.toFixed(1).padStart(6)} s ${Math.round(figure.rowsPerSecond).toLocaleString("en").padStart(8)} rows/s ${floorRate ? `${((100 * figure.rowsPerSecond) / floorRate).toFixed(0).padStart(4)} %` : "      "}  peak RSS ${Math.round(figure.peakRssMiB).toString().padStart(3)} MiB  CPU ${figure.cpuSeconds.toFixed(1).padStart(5)} s (system ${figure.systemSeconds.toFixed(1)} s, ${Math.round(figure.minorFaults / 1000)}k page faults), the stub's ${figure.stubCpuSeconds.toFixed(1).padStart(5)} s${!Number.isFinite(figure.serverCpuSeconds) ? "" : `, PostgreSQL's ${figure.serverCpuSeconds.toFixed(1).padStart(5)} s`}${figure.loopSeconds === undefined ? "" : `; the loop alone ${figure.loopSeconds.toFixed(1)} s`}`;

ensureBuilt();
const figures = [];
const out = await mkdtemp(join(tmpdir(), "export-bench-"));
try {
  const stub = await startStub();
  const workflowId = await webWorkflow();
  const postmaster = POSTGRES ? await postmasterOf(POSTGRES) : undefined;
  console.log(
    `step ${STEP} ${TARGET} of the web navigation workflow ${workflowId}, ${INTERVAL}, ${SESSIONS_PER_DAY} sessions a day, windows of ${WINDOW}; the stub, the floor and the export each in its own process (% of the floor's rows/s)`,
  );
  for (let index = 1; index <= RUNS; index += 1) {
    console.log(`run ${index} of ${RUNS}:`);
    const whole = await floor(stub, workflowId, "whole");
    console.log(line("(a) client, one request (the floor)", whole));
    const windows = await floor(stub, workflowId, "windows");
    console.log(line(`(a') client, ${windows.requests} windows`, windows, whole.rowsPerSecond));
    const paired = await floor(stub, workflowId, "windows", 2);
    console.log(
      line(`(a'') client, ${windows.requests} windows, 2 at once`, paired, whole.rowsPerSecond),
    );
    const dir = join(out, `run-${index}`);
    const ndjson = await exportRun(stub, workflowId, ["--out", dir]);
    await rm(dir, { recursive: true, force: true });
    if (ndjson.rows !== whole.rows)
      throw new Error(`the export wrote ${ndjson.rows} rows, the floor read ${whole.rows}`);
    console.log(line("(b) export CLI to NDJSON", ndjson, whole.rowsPerSecond));
    const figure = {
      run: index,
      whole,
      windows,
      paired,
      ndjson,
      ratio: ndjson.rowsPerSecond / whole.rowsPerSecond,
    };
    if (POSTGRES) {
      // A table of its own per run, so that no run skips units an earlier one wrote.
      const table = `giosg_export_bench_${process.pid}_${index}`;
      const postgres = await exportRun(
        stub,
        workflowId,
        ["--postgres", POSTGRES, "--table", table],
        postmaster,
      );
      console.log(line(`(c) export CLI to PostgreSQL (${table})`, postgres, whole.rowsPerSecond));
      await dropTables(POSTGRES, table);
      Object.assign(figure, {
        postgres,
        postgresRatio: postgres.rowsPerSecond / whole.rowsPerSecond,
      });
    }
    figures.push(figure);
    const verdict = (ratio, goal, peak) =>
      `${(100 * ratio).toFixed(0)} % (goal ≥ ${100 * goal} %: ${ratio >= goal ? "met" : "NOT met"}), peak RSS ${Math.round(peak)} MiB (goal ≤ ${RSS_GOAL_MIB}: ${peak <= RSS_GOAL_MIB ? "met" : "NOT met"})`;
    // The export asks the same windows as (a''): against it, what the export adds to the reading alone.
    const ofPaired = (result) =>
      `; ${((100 * result.rowsPerSecond) / paired.rowsPerSecond).toFixed(0)} % of (a''), the same windows read by the client alone`;
    console.log(
      `  NDJSON: ${verdict(figure.ratio, NDJSON_GOAL, ndjson.peakRssMiB)}${ofPaired(ndjson)}`,
    );
    if (figure.postgres) {
      const { cpuSeconds: own, stubCpuSeconds: stub, serverCpuSeconds: server } = figure.postgres;
      console.log(
        `  PostgreSQL: ${verdict(figure.postgresRatio, POSTGRES_GOAL, figure.postgres.peakRssMiB)}${ofPaired(figure.postgres)}; ${Number.isFinite(server) ? `CPU of the export, the stub and PostgreSQL together ${(own + stub + server).toFixed(1)} s` : "PostgreSQL's CPU not measured (its postmaster is not on this machine)"}`,
      );
    }
  }
  if (RUNS > 1) {
    // One run's ratio bears whatever else the machine did meanwhile: the median says more.
    const median = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    };
    const over = (name, ratios, goal) =>
      `  ${name}: median ${(100 * median(ratios)).toFixed(0)} % of the floor (runs: ${ratios.map((ratio) => `${(100 * ratio).toFixed(0)} %`).join(", ")}; goal ≥ ${100 * goal} % met in ${ratios.filter((ratio) => ratio >= goal).length} of ${ratios.length})`;
    console.log(`over the ${RUNS} runs:`);
    console.log(
      over(
        "NDJSON",
        figures.map((figure) => figure.ratio),
        NDJSON_GOAL,
      ),
    );
    if (POSTGRES)
      console.log(
        over(
          "PostgreSQL",
          figures.map((figure) => figure.postgresRatio),
          POSTGRES_GOAL,
        ),
      );
  }
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
} finally {
  for (const child of children) child.kill("SIGKILL");
  await rm(out, { recursive: true, force: true });
}

// `pnpm bench`: every figure of the stub's performance goals, each beside its floor from the same
// run, as a table and one BENCH_JSON line. The stub runs from its built CLI, the floors are raw
// node:http servers and the load generator is wrk, each in its own process. BENCH_SECONDS sets the
// length of a load point (default 8, shared by BENCH_ROUNDS rounds); the other BENCH_* variables
// are below.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { answerLoad } from "./answer-load";
import { ensureBuiltStub, killAll } from "./processes";
import { BENCH_PATH, WHOLE_RANGE } from "./query";
import { type Figure, printReport } from "./report";
import { startFigures } from "./start";
import { unlimited } from "./unlimited";
import { windows } from "./windows";
import { ensureWrk } from "./wrk";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env("BENCH_SECONDS", 8);
// wrk -t1: one connection-handling thread leaves the other core to the server (see the README).
const THREADS = env("BENCH_WRK_THREADS", 1);
const ROUNDS = env("BENCH_ROUNDS", 3);
const STARTS = env("BENCH_STARTS", 3);
// About 10^6 rows in the unlimited answer of a web navigation workflow's step 1, whole range.
const LARGE_SESSIONS_PER_DAY = env("BENCH_LARGE_SESSIONS_PER_DAY", 37_000);
// Runs of the unlimited answer beside its floor, and of the daily windows beside one request.
const RUNS = env("BENCH_RUNS", 3);
const DEADLINE_SECONDS = env("BENCH_DEADLINE_SECONDS", 120);
const RSS_CAP_MIB = env("BENCH_RSS_CAP_MIB", 4096);
const CORES = availableParallelism();
// wrk on the last core (when taskset is there and BENCH_PIN is not 0): it cannot crowd the server,
// which the scheduler places on the other cores.
const PIN_TO =
  process.env.BENCH_PIN !== "0" && CORES > 1 && spawnSync("taskset", ["-V"]).status === 0
    ? CORES - 1
    : undefined;

const path = BENCH_PATH;
const wholeRange = WHOLE_RANGE;
const log = (line: string) => console.log(line);

let answerFile: string | undefined;
const stop = () => {
  killAll().finally(() => process.exit(130));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
try {
  const wrk = ensureWrk();
  ensureBuiltStub();
  log(
    `${wrk}; Node ${process.version}; ${CORES} cores; load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
  const figures: Figure[] = await startFigures(STARTS, log);
  const load = await answerLoad({
    path,
    body: JSON.stringify({ filters: [], interval: wholeRange, limit: 1000 }),
    seconds: SECONDS,
    threads: THREADS,
    rounds: ROUNDS,
    pinTo: PIN_TO,
    restSeconds: 5,
    log,
  });
  answerFile = load.answerFile;
  figures.push(...load.figures);
  figures.push(
    ...(await unlimited({
      path,
      interval: wholeRange,
      sessionsPerDay: LARGE_SESSIONS_PER_DAY,
      answerFile,
      seconds: SECONDS,
      streams: 20,
      deadlineSeconds: DEADLINE_SECONDS,
      rssCapMiB: RSS_CAP_MIB,
      runs: RUNS,
      log,
    })),
  );
  figures.push(
    ...(await windows({
      path,
      interval: wholeRange,
      sessionsPerDay: LARGE_SESSIONS_PER_DAY,
      runs: RUNS,
      deadlineSeconds: DEADLINE_SECONDS,
      log,
    })),
  );
  printReport(figures, {
    wrk,
    node: process.version,
    cores: CORES,
    seconds: SECONDS,
    wrkThreads: THREADS,
    rounds: ROUNDS,
    starts: STARTS,
    runs: RUNS,
    wrkPinnedTo: PIN_TO ?? null,
    sessionsPerDay: LARGE_SESSIONS_PER_DAY,
  });
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await killAll();
  if (answerFile) rmSync(answerFile, { force: true });
}

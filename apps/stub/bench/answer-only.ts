// `tsx bench/answer-only.ts`: only the 1000-row answer's figures of `pnpm bench` (load at c=2 and
// c=10 beside its floor, memory, start; bench/answer-load.ts), without the unlimited answers after
// them; the same BENCH_* variables.

import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { answerLoad } from "./answer-load";
import { ensureBuiltStub, killAll } from "./processes";
import { BENCH_PATH, WHOLE_RANGE } from "./query";
import { printReport } from "./report";
import { ensureWrk } from "./wrk";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env("BENCH_SECONDS", 8);
const THREADS = env("BENCH_WRK_THREADS", 1);
const ROUNDS = env("BENCH_ROUNDS", 3);
const CORES = availableParallelism();
const PIN_TO =
  process.env.BENCH_PIN !== "0" && CORES > 1 && spawnSync("taskset", ["-V"]).status === 0
    ? CORES - 1
    : undefined;

let answerFile: string | undefined;
try {
  const wrk = ensureWrk();
  ensureBuiltStub();
  const load = await answerLoad({
    path: BENCH_PATH,
    body: JSON.stringify({ filters: [], interval: WHOLE_RANGE, limit: 1000 }),
    seconds: SECONDS,
    threads: THREADS,
    rounds: ROUNDS,
    pinTo: PIN_TO,
    restSeconds: 5,
    log: (line) => console.log(line),
  });
  answerFile = load.answerFile;
  printReport(load.figures, {
    wrk,
    node: process.version,
    cores: CORES,
    seconds: SECONDS,
    rounds: ROUNDS,
  });
} finally {
  await killAll();
  if (answerFile) rmSync(answerFile, { force: true });
}

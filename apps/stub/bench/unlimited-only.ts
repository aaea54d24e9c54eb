// `tsx bench/unlimited-only.ts`: only the unlimited-answer, fairness and windows figures of `pnpm bench`
// (bench/unlimited.ts, bench/windows.ts), without the load points before them; the same BENCH_* variables.
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuiltStub, kill, killAll, startStub } from "./processes";
import { BENCH_PATH, WHOLE_RANGE } from "./query";
import { printReport } from "./report";
import { unlimited } from "./unlimited";
import { windows } from "./windows";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env("BENCH_SECONDS", 8);
const LARGE_SESSIONS_PER_DAY = env("BENCH_LARGE_SESSIONS_PER_DAY", 37_000);
// Runs of the unlimited answer beside its floor, and of the daily windows beside one request.
const RUNS = env("BENCH_RUNS", 3);

const path = BENCH_PATH;
const interval = WHOLE_RANGE;
// The floor streams the 1000-row answer of the default dataset over and over, as in `pnpm bench`.
const answerFile = join(tmpdir(), `stub-bench-answer-${process.pid}.json`);
try {
  ensureBuiltStub();
  const stub = await startStub();
  const sample = await fetch(`${stub.url}${path}`, {
    method: "POST",
    headers: { authorization: "Token demo", "content-type": "application/json" },
    body: JSON.stringify({ filters: [], interval, limit: 1000 }),
  });
  writeFileSync(answerFile, Buffer.from(await sample.arrayBuffer()));
  await kill(stub.child);
  const figures = await unlimited({
    path,
    interval,
    sessionsPerDay: LARGE_SESSIONS_PER_DAY,
    answerFile,
    seconds: SECONDS,
    streams: 20,
    deadlineSeconds: env("BENCH_DEADLINE_SECONDS", 120),
    rssCapMiB: env("BENCH_RSS_CAP_MIB", 4096),
    runs: RUNS,
    log: (line) => console.log(line),
  });
  figures.push(
    ...(await windows({
      path,
      interval,
      sessionsPerDay: LARGE_SESSIONS_PER_DAY,
      runs: RUNS,
      deadlineSeconds: env("BENCH_DEADLINE_SECONDS", 120),
      log: (line) => console.log(line),
    })),
  );
  printReport(figures, { seconds: SECONDS, runs: RUNS, sessionsPerDay: LARGE_SESSIONS_PER_DAY });
} finally {
  await killAll();
  rmSync(answerFile, { force: true });
}

// Figures (1)–(2): the 1000-row advanced answer under load (wrk at c=2 and c=10, the stub beside a
// raw node:http floor sending the same bytes), and the stub's memory around that load (its start
// time is bench/start.ts's).
import { writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import {
  kill,
  peakRssMiB,
  rssMiB,
  Sampler,
  type Server,
  sleep,
  startFloor,
  startStub,
} from "./processes";
import type { Figure } from "./report";
import { type LoadResult, runWrk } from "./wrk";

/** What the load section needs: the query, and how long and how hard to run. */
export interface AnswerLoadOptions {
  readonly path: string;
  readonly body: string;
  readonly seconds: number;
  readonly threads: number;
  /** Rounds per load point, `seconds` shared between them; the median round of each server counts. */
  readonly rounds: number;
  /** The core wrk is pinned to, if any. */
  readonly pinTo: number | undefined;
  /** Seconds of rest after the c=10 run before the stub's RSS is read again. */
  readonly restSeconds: number;
  readonly log: (line: string) => void;
}

// Headers that belong to one connection or one moment, not to the answer.
const PER_CONNECTION = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
]);

/** Where the CPU went in a run, in cores (1 = one core busy all the time): server/wrk/rest. */
const cpu = ({ generatorCores, serverCores, otherCores }: LoadResult) =>
  [serverCores, generatorCores, otherCores].map((cores) => cores.toFixed(2)).join("/");
/** The middle value (the upper one of an even count). */
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The round of median answers a second (the upper one of an even count). */
const middle = (runs: readonly LoadResult[]) =>
  [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
    Math.floor(runs.length / 2)
  ] as LoadResult;
/** The server's CPU seconds per 1000 answers in a run: its cost, which a busy machine does not skew as much as its rate. */
const cpuPer1000 = (run: LoadResult) => (run.serverCpuSeconds / run.requests) * 1000;
const cpuNote = (result: LoadResult) =>
  `CPU server/wrk/rest ${cpu(result)} cores${result.errors ? `; ${result.errors} errors` : ""}`;

/** Errors over every round, when there were any. */
function errors(stubRuns: readonly LoadResult[], floorRuns: readonly LoadResult[]): string {
  const count = (runs: readonly LoadResult[]) => runs.reduce((sum, run) => sum + run.errors, 0);
  const [stub, floor] = [count(stubRuns), count(floorRuns)];
  return stub + floor > 0 ? `; errors: stub ${stub}, floor ${floor}` : "";
}

/** Runs the section: its figures, and the file holding the stub's 1000-row answer. */
export async function answerLoad(
  options: AnswerLoadOptions,
): Promise<{ figures: Figure[]; answerFile: string }> {
  const { path, body, seconds, threads, log } = options;
  const stub = await startStub();
  await sleep(2000); // idle: whatever the start left behind has settled
  const idleMiB = rssMiB(stub.pid);

  const sample = await fetch(`${stub.url}${path}`, {
    method: "POST",
    headers: { authorization: "Token demo", "content-type": "application/json" },
    body,
  });
  const bytes = Buffer.from(await sample.arrayBuffer());
  if (sample.status !== 200) throw new Error(`the stub answered ${sample.status}: ${bytes}`);
  const rows = (JSON.parse(String(bytes)) as { data: unknown[] }).data.length;
  const headers = Object.fromEntries(
    [...sample.headers].filter(([name]) => !PER_CONNECTION.has(name.toLowerCase())),
  );
  const file = join(tmpdir(), `stub-bench-answer-${process.pid}.json`);
  writeFileSync(file, bytes);
  const floor = await startFloor("answer", file, JSON.stringify(headers));
  const tiny = await startFloor("tiny");
  const floorIdleMiB = rssMiB(floor.pid);
  const roundSeconds = Math.max(1, Math.round(seconds / options.rounds));
  log(
    `1000-row answer: ${rows} rows, ${(bytes.length / 1024).toFixed(0)} KiB, headers ${Object.keys(headers).length} (copied to the floor); ${seconds} s per load point, wrk -t${threads}${options.pinTo === undefined ? "" : ` pinned to core ${options.pinTo}`}; median of ${options.rounds} rounds of ${roundSeconds} s, floor and stub in turn`,
  );

  const load = (server: Server, connections: number, runSeconds = seconds) =>
    runWrk({
      url: `${server.url}${path}`,
      body,
      connections,
      seconds: runSeconds,
      threads,
      pinTo: options.pinTo,
      serverPid: server.pid,
    });
  await load(floor, 2, 2); // warm-up, not reported
  await load(stub, 2, 2);

  const figures: Figure[] = [];
  let peakDuringC10: number | undefined;
  const atC10: { floor?: LoadResult; stub?: LoadResult } = {};
  for (const connections of [2, 10]) {
    // Rounds alternate floor and stub, each on fresh connections, and the median of each counts: a
    // loopback connection now and then settles into a slow pattern for its whole life (half the
    // floor's rate at c=2), and a neighbour on a shared machine takes a round now and then; the
    // median is neither the lucky round nor the unlucky one.
    const floorRuns: LoadResult[] = [];
    const stubRuns: LoadResult[] = [];
    const sampler = new Sampler(() => [stub.pid]);
    for (let round = 0; round < options.rounds; round += 1) {
      floorRuns.push(await load(floor, connections, roundSeconds));
      stubRuns.push(await load(stub, connections, roundSeconds));
    }
    sampler.stop();
    const onFloor = middle(floorRuns);
    const onStub = middle(stubRuns);
    for (const [name, runs] of [
      ["floor", floorRuns],
      ["stub ", stubRuns],
    ] as const)
      log(
        `  ${name} c=${connections}: ${runs.map((run) => Math.round(run.requestsPerSecond)).join(", ")} req/s; CPU ${runs.map((run) => cpuPer1000(run).toFixed(3)).join(", ")} s per 1000 answers (median: ${cpuNote(middle(runs))})`,
      );
    if (connections === 10) {
      peakDuringC10 = sampler.peakMiB.get(stub.pid);
      Object.assign(atC10, { floor: onFloor, stub: onStub });
    }
    const key = `rows1000.c${connections}`;
    figures.push(
      {
        key: `${key}.requestsPerSecond`,
        what: `1000-row answer, c=${connections}: req/s`,
        value: onStub.requestsPerSecond,
        unit: "req/s",
        floor: onFloor.requestsPerSecond,
        goal: { op: ">=", value: 0.75, ofFloor: true },
        note: `median of ${options.rounds}; CPU server/wrk/rest, cores: stub ${cpu(onStub)}, floor ${cpu(onFloor)}${errors(stubRuns, floorRuns)}`,
      },
      {
        key: `${key}.cpuSecondsPer1000`,
        what: `1000-row answer, c=${connections}: server CPU per 1000 answers`,
        value: median(stubRuns.map(cpuPer1000)),
        unit: "s",
        floor: median(floorRuns.map(cpuPer1000)),
        note: `median of ${options.rounds}: user + system seconds of the server process`,
      },
      {
        key: `${key}.p50Ms`,
        what: `1000-row answer, c=${connections}: p50`,
        value: onStub.p50Ms,
        unit: "ms",
        floor: onFloor.p50Ms,
      },
      {
        key: `${key}.p99Ms`,
        what: `1000-row answer, c=${connections}: p99`,
        value: onStub.p99Ms,
        unit: "ms",
        floor: onFloor.p99Ms,
      },
    );
  }
  const ceiling = await load(tiny, 10, roundSeconds);
  log(`  tiny  c=10: ${Math.round(ceiling.requestsPerSecond)} req/s (${cpuNote(ceiling)})`);
  figures.push(
    {
      key: "generator.tinyAnswer.requestsPerSecond",
      what: "wrk's reach: a 2-byte answer, c=10",
      value: ceiling.requestsPerSecond,
      unit: "req/s",
      floor: atC10.floor?.requestsPerSecond,
      floorLabel: "1000-row floor, c=10",
      note: cpuNote(ceiling),
    },
    {
      key: "generator.floorC10.cores",
      what: `wrk's CPU (-t${threads}) at the 1000-row floor, c=10`,
      value: atC10.floor?.generatorCores,
      unit: "core",
      note: `the floor server ${atC10.floor?.serverCores.toFixed(2)} core; ${availableParallelism()} cores in all`,
    },
    {
      key: "generator.stubC10.cores",
      what: `wrk's CPU (-t${threads}) at the stub, c=10`,
      value: atC10.stub?.generatorCores,
      unit: "core",
      note: `the stub ${atC10.stub?.serverCores.toFixed(2)} core`,
    },
  );

  const hwmAfterLoad = peakRssMiB(stub.pid);
  await sleep(options.restSeconds * 1000);
  const afterMiB = rssMiB(stub.pid);
  figures.push(
    {
      key: "memory.idleMiB",
      what: "stub RSS idle after start (default dataset)",
      value: idleMiB,
      unit: "MiB",
      floor: floorIdleMiB,
      floorLabel: "floor server",
      goal: { op: "<=", value: 100 },
    },
    {
      key: "memory.peakC10MiB",
      what: "stub peak RSS during c=10 (VmRSS every 100 ms)",
      value: peakDuringC10,
      unit: "MiB",
      goal: { op: "<=", value: 150 },
      note: `VmHWM over the whole life ${Math.round(hwmAfterLoad ?? Number.NaN)} MiB`,
    },
    {
      key: "memory.afterLoadMiB",
      what: `stub RSS ${options.restSeconds} s after the load`,
      value: afterMiB,
      unit: "MiB",
      floor: idleMiB,
      floorLabel: "idle",
      goal: { op: "<=", value: 1.25, ofFloor: true },
      note: "back near idle: within 125 % of idle",
    },
  );
  await Promise.all([kill(stub.child), kill(floor.child), kill(tiny.child)]);
  return { figures, answerFile: file };
}

// Figures (4)–(6): an unlimited answer of about 10^6 rows (first byte, rows/s, peak RSS) beside a
// floor streaming the same number of bytes, in `runs` pairs (the stub's figure and the floor's taken
// one after the other, each run's ratio beside its goal; the headline figure is their median), the
// same with a huge `limit`, and fairness: 20 fast readers of unlimited answers at once while
// `/healthz` is probed every 50 ms.
import { fileURLToPath } from "node:url";
import {
  cpuSeconds,
  kill,
  peakRssMiB,
  rssMiB,
  Sampler,
  type Server,
  sleep,
  startFloor,
  startStub,
  track,
} from "./processes";
import { type AnswerRead, readAnswer } from "./read-answer";
import type { Figure } from "./report";

/** What the section needs: the query, the dataset's volume and the bounds of every part. */
export interface UnlimitedOptions {
  readonly path: string;
  readonly interval: { readonly start: string; readonly end: string };
  readonly sessionsPerDay: number;
  /** Bytes the floor streams over and over (the 1000-row answer, so the reader does the same work). */
  readonly answerFile: string;
  /** Seconds the fast readers read. */
  readonly seconds: number;
  readonly streams: number;
  /** Seconds after which one read is cut. */
  readonly deadlineSeconds: number;
  /** RSS at which the stub is killed rather than left to exhaust the machine. */
  readonly rssCapMiB: number;
  /** Pairs of reads (the stub's, then the floor's) of the unlimited answer (BENCH_RUNS, default 3). */
  readonly runs?: number;
  readonly log: (line: string) => void;
}

/** One read, with the server's memory while it ran. */
interface MeasuredRead {
  readonly read: AnswerRead;
  /** The server's CPU seconds (user + system) during the read. */
  readonly cpuSeconds: number | undefined;
  readonly peakMiB: number | undefined;
  readonly hwmMiB: number | undefined;
  readonly killedAtMiB: number | undefined;
}

async function measuredRead(
  server: Server,
  path: string,
  body: string,
  options: UnlimitedOptions,
): Promise<MeasuredRead> {
  const sampler = new Sampler(() => [server.pid]);
  let killedAtMiB: number | undefined;
  const watchdog = setInterval(() => {
    const rss = rssMiB(server.pid) ?? 0;
    if (rss > options.rssCapMiB && killedAtMiB === undefined) {
      killedAtMiB = rss;
      server.child.kill("SIGKILL");
    }
  }, 100);
  const cpuBefore = cpuSeconds(server.pid);
  const read = await readAnswer(`${server.url}${path}`, body, options.deadlineSeconds * 1000);
  const cpuAfter = cpuSeconds(server.pid);
  clearInterval(watchdog);
  const hwmMiB = peakRssMiB(server.pid);
  sampler.stop();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { read, cpuSeconds: cpu, peakMiB: sampler.peakMiB.get(server.pid), hwmMiB, killedAtMiB };
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function readNote({ read, hwmMiB, killedAtMiB, cpuSeconds: cpu }: MeasuredRead): string {
  const parts = [
    `${read.rows.toLocaleString("en")} rows, ${mib(read.bytes)} MiB in ${read.seconds.toFixed(1)} s`,
    ...(cpu === undefined
      ? []
      : [
          `server CPU ${cpu.toFixed(2)} s (${Math.round(read.rows / cpu).toLocaleString("en")} rows per CPU second)`,
        ]),
    ...(read.status !== 200 ? [`status ${read.status}`] : []),
    ...(read.complete ? [] : [`cut: ${read.error}`]),
    ...(killedAtMiB ? [`stub killed at ${Math.round(killedAtMiB)} MiB`] : []),
    ...(hwmMiB ? [`VmHWM ${Math.round(hwmMiB)} MiB`] : []),
  ];
  return parts.join("; ");
}

/** Probes `GET /healthz` every 50 ms for `ms` (each probe bounded by 5 s); the latencies in ms. */
async function probeHealth(url: string, ms: number): Promise<number[]> {
  const latencies: Promise<number>[] = [];
  const timer = setInterval(() => {
    const started = performance.now();
    latencies.push(
      fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })
        .then((response) => response.arrayBuffer())
        .then(
          () => performance.now() - started,
          () => 5000,
        ),
    );
  }, 50);
  await sleep(ms);
  clearInterval(timer);
  return Promise.all(latencies);
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((values.length * p) / 100))
  ] ?? Number.NaN;

/** Runs the 20 fast readers in their own process for `seconds`, probing health meanwhile. */
async function fairness(server: Server, path: string, body: string, options: UnlimitedOptions) {
  const idle = await probeHealth(server.url, 1000);
  const script = fileURLToPath(new URL("./fast-readers.ts", import.meta.url));
  const readers = track(process.execPath, [
    ...process.execArgv,
    script,
    `${server.url}${path}`,
    body,
    String(options.streams),
    String(options.seconds),
  ]);
  let output = "";
  readers.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<void>((resolve) => readers.once("exit", () => resolve()));
  const sampler = new Sampler(() => [server.pid]);
  const busy = await probeHealth(server.url, options.seconds * 1000);
  const killer = setTimeout(() => readers.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(killer);
  sampler.stop();
  const reads = JSON.parse(output.trim() || "[]") as AnswerRead[];
  return { idle, busy, reads, peakMiB: sampler.peakMiB.get(server.pid) };
}

/** Runs the section and returns its figures. */
export async function unlimited(options: UnlimitedOptions): Promise<Figure[]> {
  const { path, interval, log } = options;
  const large = ["--sessions-per-day", String(options.sessionsPerDay)];
  const unlimitedBody = JSON.stringify({ filters: [], interval });
  const hugeBody = JSON.stringify({ filters: [], interval, limit: "9007199254740991" });

  let stub = await startStub(large);
  log(
    `unlimited answer: --sessions-per-day ${options.sessionsPerDay} (stub healthy after ${Math.round(stub.startMs)} ms)`,
  );
  // Each run: the stub's read, then the floor's of as many bytes, so that both meet the same machine.
  const pairs: { plain: MeasuredRead; anchor: MeasuredRead }[] = [];
  for (let run = 1; run <= Math.max(1, options.runs ?? 1); run += 1) {
    if (run > 1) stub = await startStub(large);
    const plain = await measuredRead(stub, path, unlimitedBody, options);
    log(`  run ${run} stub:  ${readNote(plain)}`);
    await kill(stub.child);
    const floor = await startFloor("stream", options.answerFile, String(plain.read.bytes));
    const anchor = await measuredRead(floor, path, unlimitedBody, options);
    log(`  run ${run} floor: ${readNote(anchor)}`);
    await kill(floor.child);
    pairs.push({ plain, anchor });
  }
  const median = <T>(items: readonly T[], by: (item: T) => number): T => {
    const sorted = [...items].sort((a, b) => by(a) - by(b));
    return sorted[Math.floor((sorted.length - 1) / 2)] as T;
  };
  const { plain, anchor } = median(pairs, ({ plain }) => plain.read.rows / plain.read.seconds);
  const rows = plain.read.rows;
  const anchorRowsPerSecond = rows / anchor.read.seconds;

  stub = await startStub(large);
  const huge = await measuredRead(stub, path, hugeBody, options);
  log(`  limit "9007199254740991": ${readNote(huge)}`);
  await kill(stub.child);

  stub = await startStub(large);
  const fair = await fairness(stub, path, unlimitedBody, options);
  await kill(stub.child);
  const streamBytes = fair.reads.map((read) => read.bytes);
  const progressing = streamBytes.filter((bytes) => bytes > 0).length;
  const totalBytes = streamBytes.reduce((sum, bytes) => sum + bytes, 0);
  log(
    `  fairness: ${fair.reads.length} streams, KiB each after ${options.seconds} s: ${streamBytes.map((bytes) => Math.round(bytes / 1024)).join(", ")}`,
  );

  const rowsPerSecond = ({ read }: MeasuredRead) =>
    read.status === 200 ? read.rows / read.seconds : undefined;
  const bytesOnly = { floor: anchorRowsPerSecond, floorLabel: "bytes only" };
  const timeouts = fair.busy.filter((ms) => ms >= 5000).length;
  return [
    {
      key: "unlimited.rows",
      what: "unlimited answer: rows (web navigation step 1, whole range)",
      value: rows,
      unit: "rows",
      note: `--sessions-per-day ${options.sessionsPerDay}; ${mib(plain.read.bytes)} MiB`,
    },
    {
      key: "unlimited.firstByteMs",
      what: `unlimited answer: first byte (the median run's)`,
      value: plain.read.firstByteMs,
      unit: "ms",
      floor: anchor.read.firstByteMs,
      floorLabel: "bytes only",
      goal: { op: "<", value: 50 },
    },
    {
      key: "unlimited.rowsPerSecond",
      what: `unlimited answer: rows/s (median of ${pairs.length} runs)`,
      value: rowsPerSecond(plain),
      unit: "rows/s",
      ...bytesOnly,
      goal: { op: ">=", value: 300_000 },
      note: readNote(plain),
    },
    ...pairs.flatMap(({ plain: stubRead, anchor: floorRead }, index): Figure[] => [
      {
        key: `unlimited.run${index + 1}.rowsPerSecond`,
        what: `  run ${index + 1} of ${pairs.length}: rows/s`,
        value: rowsPerSecond(stubRead),
        unit: "rows/s",
        floor: stubRead.read.rows / floorRead.read.seconds,
        floorLabel: "bytes only",
        goal: { op: ">=", value: 300_000 },
        note: readNote(stubRead),
      },
      {
        key: `unlimited.run${index + 1}.firstByteMs`,
        what: `  run ${index + 1} of ${pairs.length}: first byte`,
        value: stubRead.read.firstByteMs,
        unit: "ms",
        floor: floorRead.read.firstByteMs,
        floorLabel: "bytes only",
        goal: { op: "<", value: 50 },
      },
    ]),
    {
      key: "unlimited.peakRssMiB",
      what: "unlimited answer: stub peak RSS",
      value: plain.killedAtMiB ?? plain.peakMiB,
      unit: "MiB",
      floor: anchor.peakMiB,
      floorLabel: "bytes only",
      goal: { op: "<=", value: 150 },
    },
    {
      key: "hugeLimit.firstByteMs",
      what: 'limit "9007199254740991": first byte',
      value: huge.read.firstByteMs,
      unit: "ms",
      floor: anchor.read.firstByteMs,
      floorLabel: "bytes only",
      goal: { op: "<", value: 50 },
    },
    {
      key: "hugeLimit.rowsPerSecond",
      what: 'limit "9007199254740991": rows/s',
      value: rowsPerSecond(huge),
      unit: "rows/s",
      ...bytesOnly,
      goal: { op: ">=", value: 300_000 },
      note: readNote(huge),
    },
    {
      key: "hugeLimit.peakRssMiB",
      what: 'limit "9007199254740991": stub peak RSS',
      value: huge.killedAtMiB ?? huge.peakMiB,
      unit: "MiB",
      goal: { op: "<=", value: 150 },
    },
    {
      key: "fair.streamsProgressing",
      what: `fairness: streams with bytes after ${options.seconds} s`,
      value: progressing,
      unit: `of ${fair.reads.length}`,
      goal: { op: ">=", value: options.streams },
      note: `${mib(totalBytes)} MiB in all (${Math.round(totalBytes / 2 ** 20 / options.seconds)} MiB/s); stub peak RSS ${Math.round(fair.peakMiB ?? Number.NaN)} MiB`,
    },
    {
      key: "fair.minStreamKiB",
      what: `fairness: least any stream got in ${options.seconds} s`,
      value: streamBytes.length > 0 ? Math.min(...streamBytes) / 1024 : undefined,
      unit: "KiB",
      goal: { op: ">", value: 0 },
    },
    {
      key: "fair.healthzP99Ms",
      what: `fairness: GET /healthz p99 (${fair.busy.length} probes)`,
      value: percentile(fair.busy, 99),
      unit: "ms",
      floor: percentile(fair.idle, 99),
      floorLabel: "stub idle",
      goal: { op: "<", value: 100 },
      note: `p50 ${Math.round(percentile(fair.busy, 50))} ms; ${timeouts} probes timed out (5 s)`,
    },
  ];
}

// Figure (7): the stub's CPU seconds to answer an interval as daily windows (as the export asks it)
// beside its CPU seconds for one request of the whole interval, in `runs` runs: each extra request
// should cost about nothing. CPU seconds, not wall time: they hold on a busy machine.
import { cpuSeconds, kill, startStub } from "./processes";
import { readAnswer } from "./read-answer";
import type { Figure } from "./report";

/** What the section needs: the query, the dataset's volume and the bounds of every part. */
export interface WindowsOptions {
  readonly path: string;
  readonly interval: { readonly start: string; readonly end: string };
  readonly sessionsPerDay: number;
  /** Runs, each the windows then the whole interval (BENCH_RUNS, default 3). */
  readonly runs: number;
  /** Seconds after which one read is cut. */
  readonly deadlineSeconds: number;
  readonly log: (line: string) => void;
}

const DAY = 86_400_000;

/** The interval's daily windows, aligned to UTC midnight as the export cuts them. */
function dailyWindows({ start, end }: WindowsOptions["interval"]) {
  const windows: { start: string; end: string }[] = [];
  const to = Date.parse(end);
  for (let at = Date.parse(start); at < to; ) {
    const next = Math.min(to, (Math.floor(at / DAY) + 1) * DAY);
    windows.push({ start: new Date(at).toISOString(), end: new Date(next).toISOString() });
    at = next;
  }
  return windows;
}

/** Reads each interval's unlimited answer one after another; the rows, and the stub's CPU seconds. */
async function readAll(
  url: string,
  pid: number,
  intervals: readonly { start: string; end: string }[],
  deadlineMs: number,
): Promise<{ rows: number; cpuSeconds: number | undefined; failed: number }> {
  const before = cpuSeconds(pid);
  let rows = 0;
  let failed = 0;
  for (const interval of intervals) {
    const read = await readAnswer(url, JSON.stringify({ filters: [], interval }), deadlineMs);
    rows += read.rows;
    if (read.status !== 200 || !read.complete) failed += 1;
  }
  const after = cpuSeconds(pid);
  return {
    rows,
    cpuSeconds: before === undefined || after === undefined ? undefined : after - before,
    failed,
  };
}

/** Runs the section and returns its figures. */
export async function windows(options: WindowsOptions): Promise<Figure[]> {
  const { path, interval, log } = options;
  const days = dailyWindows(interval);
  const deadlineMs = options.deadlineSeconds * 1000;
  const figures: Figure[] = [];
  log(
    `windows: ${days.length} daily windows against one request, --sessions-per-day ${options.sessionsPerDay}`,
  );
  for (let run = 1; run <= Math.max(1, options.runs); run += 1) {
    const stub = await startStub(["--sessions-per-day", String(options.sessionsPerDay)]);
    try {
      const url = `${stub.url}${path}`;
      const split = await readAll(url, stub.pid, days, deadlineMs);
      const whole = await readAll(url, stub.pid, [interval], deadlineMs);
      const perRequest =
        split.cpuSeconds === undefined || whole.cpuSeconds === undefined
          ? undefined
          : ((split.cpuSeconds - whole.cpuSeconds) / Math.max(1, days.length - 1)) * 1000;
      const note = `${split.rows.toLocaleString("en")} rows in windows, ${whole.rows.toLocaleString("en")} whole${split.failed + whole.failed > 0 ? `; ${split.failed + whole.failed} reads failed` : ""}; ${perRequest === undefined ? "" : `${perRequest.toFixed(1)} ms of stub CPU per extra request`}`;
      log(
        `  run ${run}: ${split.cpuSeconds?.toFixed(2)} s in windows, ${whole.cpuSeconds?.toFixed(2)} s whole; ${note}`,
      );
      figures.push({
        key: `windows.run${run}.stubCpuSeconds`,
        what: `${days.length} daily windows: stub CPU (run ${run} of ${options.runs})`,
        value: split.cpuSeconds,
        unit: "s",
        floor: whole.cpuSeconds,
        floorLabel: "one request",
        goal: { op: "<=", value: 1.25, ofFloor: true },
        note,
      });
    } finally {
      await kill(stub.child);
    }
  }
  return figures;
}

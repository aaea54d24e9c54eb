// What the command shows while it runs: a progress line on a terminal, or one plain line per unit (CI, cron logs, pipes).
import type { RetryEvent } from "@giosg-reporting/client";
import type { UnitEvent } from "../export-options";
import { unitKey } from "../plan/units";
import { messageOf } from "./message-of";
import type { SinkListener } from "./observed-sink";
import { createProgress, type Progress } from "./progress";
import { RunTally } from "./tally";

/** A stream the command writes to: standard output or error, or a stand-in in tests. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link createReporter}. */
export interface ReporterOptions {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Every unit of the run, when known before it starts (the progress line then says `done/total`). */
  readonly total?: number;
  /** `TERM` (`dumb` draws no progress line); default the environment's. */
  readonly term?: string | undefined;
  /** Milliseconds from any origin (default `performance.now`). */
  readonly clock?: () => number;
}

/** Feeds the tally and shows it: the library's and the client's events in, lines or a progress line out. */
export interface Reporter {
  readonly tally: RunTally;
  /** Whether a progress line is drawn (standard error is a terminal). */
  readonly terminal: boolean;
  /** The library's `onUnit`. */
  unit(event: UnitEvent): void;
  /** The client's `onRetry`. */
  retry(event: RetryEvent): void;
  /** The rows as they pass, from {@link observedSink}. */
  readonly sink: SinkListener;
  /** A note on standard error (above the progress line on a terminal). */
  note(text: string): void;
  /** Units that fail from now on failed because the run was interrupted: counted, not listed. */
  interrupted(): void;
  /** The keys of the units that failed since {@link interrupted} (not listed as failures). */
  readonly interruptedKeys: ReadonlySet<string>;
  /** The units planned, once the export knows them (the progress line then says `done/total`). */
  planned(units: number): void;
  /** Clears the progress line (before the summary). */
  stop(): void;
}

const windowOf = (event: UnitEvent) => {
  const { start, end } = event.unit.window;
  return `${start.toISOString()}/${end.toISOString()}`;
};

/** One log line for a unit: its key and window, and what became of it. */
export function lineOf(event: UnitEvent): string {
  if (event.kind === "written")
    return `written ${event.key} (${windowOf(event)}): ${event.rows} rows\n`;
  if (event.kind === "skipped")
    return `skipped ${event.key} (${windowOf(event)}): finished by an earlier run\n`;
  if (event.kind === "split")
    return event.resumed
      ? `split ${event.key} (${windowOf(event)}): split by an earlier run, its halves exported without asking for the whole window\n`
      : `split ${event.key} (${windowOf(event)}): more rows than --max-window-rows, exported as two halves\n`;
  if (event.kind === "oversized")
    return `note ${event.key} (${windowOf(event)}): more than ${event.maxWindowRows} rows in one second, written whole\n`;
  return `failed ${event.key} (${windowOf(event)}): ${messageOf(event.error)}\n`;
}

/** Why a retry is made, and after what wait. */
const retryText = ({ attempt, reason, waitMs }: RetryEvent) =>
  `retry after attempt ${attempt} (${reason}), waiting ${(waitMs / 1000).toFixed(1)} s\n`;

/**
 * A reporter: with standard error a terminal, a progress line there, failures above it, and the units'
 * lines on standard output only when it is not that terminal too (a pipe or a file keeps them, to be
 * read by a script); otherwise one line per unit, written and skipped on standard output, failed and
 * retries on standard error.
 */
export function createReporter({
  stdout,
  stderr,
  total,
  term = process.env.TERM,
  clock,
}: ReporterOptions): Reporter {
  const tally = new RunTally(clock, total);
  const terminal = stderr.isTTY === true && term !== "dumb";
  const progress: Progress | undefined = terminal
    ? createProgress({ output: stderr, tally, ...(clock ? { clock } : {}) })
    : undefined;
  let interrupted = false;
  const interruptedKeys = new Set<string>();
  const update = () => progress?.update();
  // Drawn at once: the first answer may be a while coming.
  update();
  return {
    tally,
    terminal,
    interruptedKeys,
    unit(event) {
      if (event.kind === "failed" && interrupted) {
        interruptedKeys.add(unitKey(event.unit));
        tally.ended(event.unit);
        return update();
      }
      tally.unit(event);
      if (event.kind === "failed") {
        if (progress) progress.log(lineOf(event));
        else stderr.write(lineOf(event));
        return;
      }
      if (!(progress && stdout.isTTY)) stdout.write(lineOf(event));
      update();
    },
    planned(units) {
      tally.total = units;
      update();
    },
    retry(event) {
      tally.retry(event.reason, event.waitMs);
      if (progress) update();
      else stderr.write(retryText(event));
    },
    sink: {
      started(unit) {
        const entry = tally.started(unit);
        update();
        return entry;
      },
      row: update,
      ended(unit) {
        tally.ended(unit);
        update();
      },
    },
    note(text) {
      if (progress) progress.log(text);
      else stderr.write(text);
    },
    interrupted() {
      interrupted = true;
    },
    stop() {
      progress?.stop();
    },
  };
}

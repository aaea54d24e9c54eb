// @ts-nocheck
// The progress line on a terminal: units done of all, rows, rows/s, failures, retries and the window being written, redrawn in place.
import type { ExportUnit } from "../plan/units";
import type { RunTally } from "./tally";

/** Where the line goes: standard error, or a stand-in for it in tests. */
export interface ProgressOutput {
  write(text: string): unknown;
  /** The terminal's width; the line is cut to it so that it never wraps (a wrapped line cannot be redrawn). */
  readonly columns?: number;
}

/** The line redrawn in place. */
export interface Progress {
  /** Something changed: the line is redrawn soon, at most once every {@link REDRAW_MS} (cheap: call it per row). */
  update(): void;
  /** Writes `text` (whole lines) above the line, then redraws it. */
  log(text: string): void;
  /** Clears the line for good (before the summary). */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly output: ProgressOutput;
  readonly tally: RunTally;
  /** Milliseconds from any origin (default `performance.now`; tests pass their own). */
  readonly clock?: () => number;
}

/** The line is redrawn at most this often: 10 times a second (a redraw per row would cost more than the rows). */
export const REDRAW_MS = 100;
/** Back to the line's start, and the line cleared. */
export const CLEAR_LINE = "\r\x1b[K";
const DEFAULT_COLUMNS = 80;
const BAR_WIDTH = 10;

/** An instant as short as it reads: `2022-11-03T00:00Z` (seconds and milliseconds only when not zero). */
function shortInstant(date: Date): string {
  return date
    .toISOString()
    .replace(/\.000Z$/, "Z")
    .replace(/:00Z$/, "Z");
}

/** A unit as the line names it: `step 1 default 2022-11-03T00:00Z/2022-11-04T00:00Z`. */
export function unitText(unit: ExportUnit): string {
  const { start, end } = unit.window;
  return `step ${unit.stepIndex} ${unit.target} ${shortInstant(start)}/${shortInstant(end)}`;
}

/** The progress line for `tally`, cut to `columns - 1` characters. */
export function progressLine(tally: RunTally, columns: number): string {
  const { done, total, seconds } = tally;
  const rows = tally.rowsSoFar;
  const parts: string[] = [];
  if (total !== undefined && total >= done && total > 0) {
    const filled = Math.round((done / total) * BAR_WIDTH);
    parts.push(`[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${done}/${total} units`);
  } else parts.push(`${done} units`);
  parts.push(`${rows} rows`, `${seconds > 0 ? Math.round(rows / seconds) : 0} rows/s`);
  if (tally.failed > 0) parts.push(`${tally.failed} failed`);
  if (tally.retries > 0) parts.push(`${tally.retries} retries`);
  const [first, ...others] = tally.current;
  if (first) parts.push(`${unitText(first)}${others.length > 0 ? ` (+${others.length})` : ""}`);
  if (tally.lastRetry) parts.push(tally.lastRetry);
  const line = parts.join(" · ");
  const width = Math.max(10, columns - 1);
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** A progress line on `output` (a terminal), redrawn in place at most every {@link REDRAW_MS}. */
export function createProgress({
  output,
  tally,
  clock = () => performance.now(),
}: ProgressOptions): Progress {
  let drawn = false;
  let stopped = false;
  let shownAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    if (stopped) return;
    shownAt = clock();
    // A terminal of unknown size (0 columns, as under script(1)) gets the usual 80.
    output.write(`${CLEAR_LINE}${progressLine(tally, output.columns || DEFAULT_COLUMNS)}`);
    drawn = true;
  };
  return {
    update() {
      if (timer !== undefined || stopped) return;
      const wait = shownAt + REDRAW_MS - clock();
      if (wait <= 0) return draw();
      // Unref'd: a pending redraw never keeps the process alive.
      timer = setTimeout(draw, wait);
      timer.unref();
    },
    log(text) {
      if (stopped) {
        output.write(text);
        return;
      }
      output.write(`${drawn ? CLEAR_LINE : ""}${text}`);
      clearTimeout(timer);
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      if (drawn) output.write(CLEAR_LINE);
    },
  };
}

// Cutting an interval into half-open windows aligned to UTC: the units of work an export writes one by one.
import { ExportError } from "../export-error";

/** A half-open interval `[start, end)` in UTC. */
export interface Window {
  /** The first instant in the window. */
  readonly start: Date;
  /** The first instant after the window. */
  readonly end: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Reads a window length such as `1d`, `6h` or `1h` into milliseconds: whole days, or whole hours that
 * divide a day (so that every window lies inside one UTC day and starts at a whole hour).
 */
export function parseWindow(text: string, option = "--window"): number {
  const match = /^([1-9]\d{0,3})([dh])$/.exec(text);
  if (!match)
    throw new ExportError(
      option,
      `must be whole days or hours such as 1d, 6h or 1h, got "${text}"`,
    );
  const count = Number(match[1]);
  if (match[2] === "d") return count * DAY_MS;
  if (DAY_MS % (count * HOUR_MS) !== 0)
    throw new ExportError(
      option,
      `hours must divide a day (1, 2, 3, 4, 6, 8, 12 or 24), got "${text}"`,
    );
  return count * HOUR_MS;
}

/** An interval whose end is `now` (minus the settle delay) when the export runs: `<start>/now`. */
export interface OpenInterval {
  /** The first instant exported. */
  readonly start: Date;
  /** Resolved when the export starts: now minus the settle delay, floored to a whole second. */
  readonly end: "now";
}

/** The interval an export is given: closed, or ending at `now`. */
export type ExportInterval = Window | OpenInterval;

/** An ISO 8601 instant with `Z` or an offset, or undefined. */
function readInstant(part: string | undefined): Date | undefined {
  // An offset is required: a local time would mean another window on another machine.
  if (part === undefined || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(part))
    return undefined;
  const date = new Date(part);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Refuses an instant with a fraction of a second: unit keys, and so windows, have second resolution. */
export function checkWholeSecond(date: Date, option: string): void {
  if (date.getTime() % 1000 !== 0)
    throw new ExportError(option, `must be whole seconds, got ${date.toISOString()}`);
}

/** Reads `<start>/<end>` (ISO 8601 with `Z` or an offset, whole seconds, start before end) into a window. */
export function parseInterval(text: string, option = "--interval"): Window {
  const interval = parseExportInterval(text, option);
  if (interval.end === "now")
    throw new ExportError(option, `must end at an instant here, not now, got "${text}"`);
  return interval;
}

/** Reads `<start>/<end>` or `<start>/now` (the end then resolved when the export runs, see `settle`). */
export function parseExportInterval(text: string, option = "--interval"): ExportInterval {
  const parts = text.split("/");
  const start = readInstant(parts[0]);
  const end = parts[1] === "now" ? "now" : readInstant(parts[1]);
  if (parts.length !== 2 || start === undefined || end === undefined)
    throw new ExportError(
      option,
      `must be <start>/<end> or <start>/now, ISO 8601 with Z or an offset, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z, got "${text}"`,
    );
  checkWholeSecond(start, option);
  if (end === "now") return { start, end };
  checkWholeSecond(end, option);
  if (start.getTime() >= end.getTime())
    throw new ExportError(option, `the start must be before the end, got "${text}"`);
  return { start, end };
}

const UNIT_MS = { s: 1000, m: 60_000, h: HOUR_MS, d: DAY_MS } as const;

/** Reads a delay such as `1h`, `30m`, `90s`, `1d` or `0` into milliseconds (the settle delay). */
export function parseDuration(text: string, option = "--settle"): number {
  if (text === "0") return 0;
  const match = /^([1-9]\d{0,6})([smhd])$/.exec(text);
  if (!match)
    throw new ExportError(
      option,
      `must be 0 or a whole number of s, m, h or d, such as 1h, got "${text}"`,
    );
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * The closed window of an interval: an open one ends at `now` minus `settleMs`, floored to a whole
 * second (rows that recent may still arrive; the next run's wider window replaces the clipped one).
 */
export function resolveInterval(interval: ExportInterval, settleMs: number, now: Date): Window {
  checkWholeSecond(interval.start, "interval");
  if (interval.end !== "now") {
    checkWholeSecond(interval.end, "interval");
    if (interval.start.getTime() >= interval.end.getTime())
      throw new ExportError("interval", "the start must be before the end");
    return interval;
  }
  if (Number.isNaN(now.getTime())) throw new ExportError("now", "the clock gave an invalid date");
  const end = new Date(Math.floor((now.getTime() - settleMs) / 1000) * 1000);
  if (interval.start.getTime() >= end.getTime())
    throw new ExportError(
      "interval",
      `the start ${interval.start.toISOString()} is not before now minus the settle delay (${end.toISOString()})`,
    );
  return { start: interval.start, end };
}

/**
 * Splits a window in two at its midpoint, rounded down to a whole second (unit keys have second
 * resolution); undefined for a window of one second or less, which cannot be split.
 */
export function splitWindow(window: Window): readonly [Window, Window] | undefined {
  const start = window.start.getTime();
  const end = window.end.getTime();
  const middle = start + Math.floor((end - start) / 2000) * 1000;
  if (middle <= start || middle >= end) return undefined;
  const at = new Date(middle);
  return [
    { start: window.start, end: at },
    { start: at, end: window.end },
  ];
}

/**
 * Cuts `interval` into half-open windows of `windowMs` aligned to UTC (boundaries at whole multiples
 * of `windowMs` since 1970-01-01T00:00Z), the first and last clipped to the interval. Consecutive
 * windows share their boundary, so by the API's additivity their rows are exactly the interval's.
 */
export function windowsOf(interval: Window, windowMs: number): Window[] {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0)
    throw new ExportError(
      "window",
      `must be a positive whole number of milliseconds, got ${windowMs}`,
    );
  const end = interval.end.getTime();
  const windows: Window[] = [];
  for (let start = interval.start.getTime(); start < end; ) {
    const next = Math.min(end, (Math.floor(start / windowMs) + 1) * windowMs);
    windows.push({ start: new Date(start), end: new Date(next) });
    start = next;
  }
  return windows;
}

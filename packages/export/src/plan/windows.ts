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

/** Reads `<start>/<end>` (ISO 8601 with `Z` or an offset, start before end) into a window. */
export function parseInterval(text: string, option = "--interval"): Window {
  const parts = text.split("/");
  const instant = (part: string | undefined) => {
    // An offset is required: a local time would mean another window on another machine.
    if (part === undefined || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(part))
      return undefined;
    const date = new Date(part);
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
  const start = instant(parts[0]);
  const end = instant(parts[1]);
  if (parts.length !== 2 || start === undefined || end === undefined)
    throw new ExportError(
      option,
      `must be <start>/<end>, ISO 8601 with Z or an offset, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z, got "${text}"`,
    );
  if (start.getTime() >= end.getTime())
    throw new ExportError(option, `the start must be before the end, got "${text}"`);
  return { start, end };
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

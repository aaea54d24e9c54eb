// What every check is given: the step under test, the interval, the window found by discovery, and a way to query.
import type { ReadingId } from "@giosg-reporting/contract";
import type { Probe } from "../prober";
import type { CheckRecorder, Row } from "./recorder";

/** The step under test. */
export interface StepUnderTest {
  readonly organization: string;
  readonly workflow: string;
  readonly step: number;
}

/** A half-open interval `[start, end)`, ISO 8601. */
export interface IntervalText {
  readonly start: string;
  readonly end: string;
}

/** The window W discovery chose: an interval whose every row is known, and what it holds. */
export interface Window extends IntervalText {
  /** W's answer (an advanced query over W, no filter, no limit), in order. */
  readonly rows: readonly Row[];
  /** Discovery's sample rows that fall in W: the answer's first rows, which W's answer must repeat. */
  readonly sampleRows: readonly Row[];
  /** Whether W's rows came from discovery's own answer (W is the whole interval). */
  readonly fromSample: boolean;
}

/** What a check runs with. */
export interface CheckContext {
  readonly target: StepUnderTest;
  readonly interval: IntervalText;
  /** Discovery's window, or why there is none. */
  readonly window: Window | { readonly missing: string };
  /** A probe of the step under test with `body`. */
  probe(body: Record<string, unknown>, params?: Partial<Probe["params"]>, token?: string): Probe;
}

/** One check: its id, title, the reading it guards, and what it does. */
export interface CheckDefinition {
  readonly id: string;
  readonly title: string;
  readonly reading?: ReadingId;
  /** Runs the check; returns a reason to report it skipped. */
  run(context: CheckContext, recorder: CheckRecorder): Promise<{ skip: string } | undefined>;
}

/** The window, or a skip saying why there is none. */
export function windowOf(context: CheckContext): Window | { skip: string } {
  return "missing" in context.window ? { skip: context.window.missing } : context.window;
}

/** A row's time in milliseconds: its `timestamp`, or the same column under its basic name. */
export function timeOf(row: Row): number {
  const text = row.timestamp ?? row["Date & Time"];
  return typeof text === "string" ? Date.parse(text) : Number.NaN;
}

/** An ISO 8601 text of a time in milliseconds. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();

/** The values of a column in `rows`, by how often they appear, most frequent first (strings only). */
export function valuesByFrequency(rows: readonly Row[], column: string): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = row[column];
    if (typeof value === "string") counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([value]) => value);
}

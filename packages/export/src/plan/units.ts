// The units of an export: one (step, target, window) each, written whole or not at all, named by a stable key.
import type { Target } from "@giosg-reporting/client";
import type { Window } from "./windows";

/** One unit of an export: a step's rows of one target in one window. */
export interface ExportUnit {
  /** The step: 1 is the first step after the source step. */
  readonly stepIndex: number;
  /** `default` (the step's events) or `triggered_goal` (the goals triggered at it). */
  readonly target: Target;
  /** The unit's half-open window. */
  readonly window: Window;
}

/** An instant as a file name's part: `20221101T000000Z` (no colons, which some file systems refuse). */
export function compactInstant(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

/** The unit's key, also its file's path under the workflow's folder without the extension: `step-1/default/<start>_<end>`. */
export function unitKey(unit: ExportUnit): string {
  const { start, end } = unit.window;
  return `step-${unit.stepIndex}/${unit.target}/${compactInstant(start)}_${compactInstant(end)}`;
}

/** The step of a unit's key, as {@link unitKey} writes it (`step-12/…`: 12); 0 for another text. */
const stepOfKey = (key: string) => Number(/^step-(\d+)\//.exec(key)?.[1] ?? 0);

/**
 * Orders units' keys (a file's extension after them or not) as {@link unitsOf} orders the units:
 * step by step as numbers, then by target and window, which the rest of a key's text sorts by.
 */
export const compareUnitKeys = (a: string, b: string): number =>
  stepOfKey(a) - stepOfKey(b) || (a < b ? -1 : a > b ? 1 : 0);

/** Reads an instant written by {@link compactInstant} back, or undefined. */
function readCompactInstant(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  // A day past the month's end (20220230) is not an instant a key was written from.
  return Number.isNaN(date.getTime()) || compactInstant(date) !== text ? undefined : date;
}

/** Reads a key written by {@link unitKey} back into its unit, or undefined when it is not one. */
export function parseUnitKey(key: string): ExportUnit | undefined {
  const match = /^step-([1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\w+)$/.exec(key);
  if (!match) return undefined;
  const start = readCompactInstant(match[3] ?? "");
  const end = readCompactInstant(match[4] ?? "");
  if (!start || !end || start.getTime() >= end.getTime()) return undefined;
  return { stepIndex: Number(match[1]), target: match[2] as Target, window: { start, end } };
}

/** Every unit of `steps` × `targets` × `windows`, step by step, then target by target, then in time order. */
export function unitsOf(
  steps: readonly number[],
  targets: readonly Target[],
  windows: readonly Window[],
): ExportUnit[] {
  return steps.flatMap((stepIndex) =>
    targets.flatMap((target) => windows.map((window) => ({ stepIndex, target, window }))),
  );
}

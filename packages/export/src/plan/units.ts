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

// The finished units of earlier runs, by step and target: what a unit's window is already covered by, and where an incremental run resumes.
import type { Target } from "@giosg-reporting/client";
import { type ExportUnit, unitKey } from "./units";
import type { Window } from "./windows";

/** What the finished units say of a unit: covered (skip it), partly overlapped (refuse it), or free to write. */
export type Coverage =
  | { readonly kind: "covered" }
  | { readonly kind: "free" }
  | { readonly kind: "overlapped"; readonly key: string };

/** The finished units of one export, indexed by step and target, each list sorted by start. */
export class FinishedUnits {
  readonly #windows = new Map<string, Window[]>();

  constructor(units: readonly ExportUnit[]) {
    for (const unit of units) {
      const id = FinishedUnits.#idOf(unit.stepIndex, unit.target);
      const list = this.#windows.get(id) ?? [];
      list.push(unit.window);
      this.#windows.set(id, list);
    }
    for (const list of this.#windows.values())
      list.sort(
        (a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime(),
      );
  }

  static #idOf(stepIndex: number, target: Target): string {
    return `${stepIndex}/${target}`;
  }

  /**
   * Whether the unit's window is covered by the union of finished windows of its step and target (its
   * rows are written already, perhaps in larger or smaller files), overlapped by a finished window that
   * is not inside it (an earlier run cut other windows: writing it would duplicate rows), or free.
   */
  coverageOf(unit: ExportUnit): Coverage {
    const list = this.#windows.get(FinishedUnits.#idOf(unit.stepIndex, unit.target)) ?? [];
    const start = unit.window.start.getTime();
    const end = unit.window.end.getTime();
    let cursor = start;
    let covered = false;
    for (const window of list) {
      const from = window.start.getTime();
      const to = window.end.getTime();
      if (to <= start || from >= end) continue;
      if (from <= cursor) cursor = Math.max(cursor, to);
      if (cursor >= end) covered = true;
    }
    if (covered) return { kind: "covered" };
    for (const window of list) {
      const from = window.start.getTime();
      const to = window.end.getTime();
      if (to > start && from < end && (from < start || to > end))
        return { kind: "overlapped", key: unitKey({ ...unit, window }) };
    }
    return { kind: "free" };
  }

  /**
   * Where an incremental run of (step, target) resumes: the end of the contiguous run of finished
   * windows from `from` (the interval's start). A gap, such as a unit that failed, stops the run, so a
   * failure is never skipped over; nothing finished at `from` resumes at `from`.
   */
  resumePoint(stepIndex: number, target: Target, from: Date): Date {
    const list = this.#windows.get(FinishedUnits.#idOf(stepIndex, target)) ?? [];
    let cursor = from.getTime();
    for (const window of list) {
      if (window.end.getTime() <= cursor) continue;
      if (window.start.getTime() > cursor) break;
      cursor = window.end.getTime();
    }
    return new Date(cursor);
  }
}

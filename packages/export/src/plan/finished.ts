// The finished units of earlier runs, by step and target: what a unit's window is already covered by, whether an earlier run split it, and where an incremental run resumes.
import type { Target } from "@giosg-reporting/client";
import { type ExportUnit, unitKey } from "./units";
import { splitWindow, type Window } from "./windows";

/** What the finished units say of a unit: covered (skip it), partly overlapped (refuse it), or free to write. */
export type Coverage =
  | { readonly kind: "covered" }
  | { readonly kind: "free" }
  | { readonly kind: "overlapped"; readonly key: string };

/** The finished windows of one step and target, sorted by start, and the longest one's length. */
interface WindowList {
  readonly windows: Window[];
  longest: number;
}

/** The finished units of one export, indexed by step and target, each list sorted by start. */
export class FinishedUnits {
  readonly #lists = new Map<string, WindowList>();

  constructor(units: readonly ExportUnit[]) {
    for (const unit of units) {
      const id = FinishedUnits.#idOf(unit.stepIndex, unit.target);
      const list = this.#lists.get(id) ?? { windows: [], longest: 0 };
      list.windows.push(unit.window);
      list.longest = Math.max(
        list.longest,
        unit.window.end.getTime() - unit.window.start.getTime(),
      );
      this.#lists.set(id, list);
    }
    for (const { windows } of this.#lists.values())
      windows.sort(
        (a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime(),
      );
  }

  static #idOf(stepIndex: number, target: Target): string {
    return `${stepIndex}/${target}`;
  }

  /** The finished windows of the unit's step and target that overlap its window, in order of start. */
  #overlapping(unit: ExportUnit): Window[] {
    const list = this.#lists.get(FinishedUnits.#idOf(unit.stepIndex, unit.target));
    if (!list) return [];
    const start = unit.window.start.getTime();
    const end = unit.window.end.getTime();
    // No window starting before `start - longest` reaches `start`: search from there (binary).
    const from = start - list.longest;
    let low = 0;
    let high = list.windows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((list.windows[middle] as Window).start.getTime() < from) low = middle + 1;
      else high = middle;
    }
    const found: Window[] = [];
    for (let index = low; index < list.windows.length; index += 1) {
      const window = list.windows[index] as Window;
      if (window.start.getTime() >= end) break;
      if (window.end.getTime() > start) found.push(window);
    }
    return found;
  }

  /**
   * Whether the unit's window is covered by the union of finished windows of its step and target (its
   * rows are written already, perhaps in larger or smaller files), overlapped by a finished window that
   * is not inside it (an earlier run cut other windows: writing it would duplicate rows), or free.
   */
  coverageOf(unit: ExportUnit): Coverage {
    const start = unit.window.start.getTime();
    const end = unit.window.end.getTime();
    const overlapping = this.#overlapping(unit);
    let cursor = start;
    for (const window of overlapping)
      if (window.start.getTime() <= cursor) cursor = Math.max(cursor, window.end.getTime());
    if (cursor >= end) return { kind: "covered" };
    const outside = overlapping.find(
      (window) => window.start.getTime() < start || window.end.getTime() > end,
    );
    if (outside) return { kind: "overlapped", key: unitKey({ ...unit, window: outside }) };
    return { kind: "free" };
  }

  /**
   * Whether an earlier run split the unit's window: a finished window of its step and target lies
   * strictly inside it and is one of the windows that splitting it in two, again and again
   * ({@link splitWindow}), makes. Its halves are then exported without asking for the whole window,
   * which passed `maxWindowRows` before. (Finished windows inside it that no split makes, such as an
   * earlier run's hours inside a day, leave the window to be written whole, replacing them.)
   */
  wasSplit(unit: ExportUnit): boolean {
    return this.#overlapping(unit).some((inner) => {
      const from = inner.start.getTime();
      const to = inner.end.getTime();
      // Down the halves that hold `inner`, until one is it, or none holds it (across a middle, or not
      // inside the window at all).
      for (let window = unit.window; ; ) {
        const halves = splitWindow(window);
        const half = halves?.find((h) => h.start.getTime() <= from && to <= h.end.getTime());
        if (half === undefined) return false;
        if (half.start.getTime() === from && half.end.getTime() === to) return true;
        window = half;
      }
    });
  }

  /**
   * Where an incremental run of (step, target) resumes: the end of the contiguous run of finished
   * windows from `from` (the interval's start). A gap, such as a unit that failed, stops the run, so a
   * failure is never skipped over; nothing finished at `from` resumes at `from`.
   */
  resumePoint(stepIndex: number, target: Target, from: Date): Date {
    const windows = this.#lists.get(FinishedUnits.#idOf(stepIndex, target))?.windows ?? [];
    let cursor = from.getTime();
    for (const window of windows) {
      if (window.end.getTime() <= cursor) continue;
      if (window.start.getTime() > cursor) break;
      cursor = window.end.getTime();
    }
    return new Date(cursor);
  }
}

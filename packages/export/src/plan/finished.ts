// The finished units of earlier runs, by step and target: what a unit's window is already covered by, where a window with finished ones inside is cut, and where an incremental run resumes.
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

/** Whether splitting `window` in two, again and again ({@link splitWindow}), makes `inner`. */
function madeBySplitting(window: Window, inner: Window): boolean {
  const from = inner.start.getTime();
  const to = inner.end.getTime();
  // Down the halves that hold `inner`, until one is it, or none holds it.
  for (let node = window; ; ) {
    const half = splitWindow(node)?.find((h) => h.start.getTime() <= from && to <= h.end.getTime());
    if (half === undefined) return false;
    if (half.start.getTime() === from && half.end.getTime() === to) return true;
    node = half;
  }
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
   * Whether the one finished window inside the unit's is its beginning, `[start, x)`, and no split of
   * it makes that one: a window an earlier run clipped (its interval ended at `x`, as `now` ends an
   * incremental run's). Such a window is asked for whole, to replace it; any other finished windows
   * inside (a split's halves, pieces) go by {@link splitAround}.
   */
  clippedOnly(unit: ExportUnit): boolean {
    const inside = this.#overlapping(unit);
    const [first] = inside;
    return (
      inside.length === 1 &&
      first !== undefined &&
      first.start.getTime() === unit.window.start.getTime() &&
      !madeBySplitting(unit.window, first)
    );
  }

  /**
   * The halves to export the unit's window as when finished windows of its step and target lie inside
   * it (an earlier run split it, or cut it finer): cut at its midpoint ({@link splitWindow}), or, when
   * a finished window lies across the midpoint, at that window's edge nearer to it (the earlier on a
   * tie), so that no half cuts a finished window. Undefined when none lies inside. Call it on a unit
   * whose coverage is `free`: every finished window it overlaps is inside it, none covers it.
   */
  splitAround(unit: ExportUnit): readonly [Window, Window] | undefined {
    const inside = this.#overlapping(unit);
    const halves = splitWindow(unit.window);
    if (inside.length === 0 || halves === undefined) return undefined;
    const middle = halves[0].end.getTime();
    const across = inside.find((w) => w.start.getTime() < middle && middle < w.end.getTime());
    if (across === undefined) return halves;
    const before = across.start.getTime();
    const after = across.end.getTime();
    // The nearer edge that lies inside the window. One does, as `across` does not cover the window;
    // and its start, when inside, is never farther than the window's end (the midpoint is not past
    // the window's middle), so its end is taken only when inside too.
    const at =
      before > unit.window.start.getTime() && middle - before <= after - middle
        ? across.start
        : across.end;
    return [
      { start: unit.window.start, end: at },
      { start: at, end: unit.window.end },
    ];
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

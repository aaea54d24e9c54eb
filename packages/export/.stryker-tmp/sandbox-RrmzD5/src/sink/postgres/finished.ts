// @ts-nocheck
// The units a PostgreSQL sink holds as finished, and whether they cover a unit's window (an earlier unit, or halves of a split).
import type { ExportUnit } from "../../plan/units";

const sameRows = (a: ExportUnit, b: ExportUnit) =>
  a.stepIndex === b.stepIndex && a.target === b.target;

/** The finished units of one workflow, kept in memory beside the state table. */
export class FinishedUnits {
  #units: ExportUnit[];

  constructor(units: readonly ExportUnit[]) {
    this.#units = [...units];
  }

  /** Every finished unit. */
  list(): readonly ExportUnit[] {
    return [...this.#units];
  }

  /** Whether finished units of the unit's step and target, end to end, cover its whole window. */
  covers(unit: ExportUnit): boolean {
    const start = unit.window.start.getTime();
    const end = unit.window.end.getTime();
    const pieces = this.#units
      .filter((other) => sameRows(other, unit))
      .map((other) => [other.window.start.getTime(), other.window.end.getTime()] as const)
      .filter(([from, to]) => to > start && from < end)
      .sort((a, b) => a[0] - b[0]);
    let reached = start;
    for (const [from, to] of pieces) {
      if (from > reached) return false;
      reached = Math.max(reached, to);
      if (reached >= end) return true;
    }
    return reached >= end;
  }

  /** Records the unit, dropping the units inside its window that it replaced. */
  replace(unit: ExportUnit): void {
    const start = unit.window.start.getTime();
    const end = unit.window.end.getTime();
    this.#units = this.#units.filter(
      (other) =>
        !(
          sameRows(other, unit) &&
          other.window.start.getTime() >= start &&
          other.window.end.getTime() <= end
        ),
    );
    this.#units.push(unit);
  }
}

// FinishedUnits, pure: which units the finished ones cover, which they overlap without containing, and where an incremental run resumes.
import { describe, expect, it } from "vitest";
import { type ExportUnit, FinishedUnits } from "../src";

/** `[start, end)` of `2022-11-01T<hh>:00:00Z` instants; hour 24 is the next midnight. */
const at = (hour: number) => new Date(Date.UTC(2022, 10, 1, hour));
const unit = (start: number, end: number, stepIndex = 1): ExportUnit => ({
  stepIndex,
  target: "default",
  window: { start: at(start), end: at(end) },
});
const finished = (...windows: [number, number][]) =>
  new FinishedUnits(windows.map(([start, end]) => unit(start, end)));
/** The key of the unit `[hh, hh)` of step 1, default. */
const key = (start: number, end: number) =>
  `step-1/default/20221101T${String(start).padStart(2, "0")}0000Z_20221101T${String(end).padStart(2, "0")}0000Z`;

describe("coverageOf", () => {
  it("a unit inside one finished window that starts before it is covered", () => {
    // The search must look back by the longest finished window, not only from the unit's start.
    expect(finished([0, 12]).coverageOf(unit(6, 12))).toEqual({ kind: "covered" });
    expect(finished([0, 12], [12, 13]).coverageOf(unit(12, 13))).toEqual({ kind: "covered" });
    expect(finished([0, 1], [2, 12]).coverageOf(unit(6, 12))).toEqual({ kind: "covered" });
  });

  it("a unit covered by the union of contiguous smaller windows is covered, in any order given", () => {
    expect(finished([9, 12], [6, 9]).coverageOf(unit(6, 12))).toEqual({ kind: "covered" });
    expect(finished([0, 8], [8, 20]).coverageOf(unit(6, 12))).toEqual({ kind: "covered" });
  });

  it("a gap between finished windows inside the unit leaves it free (the sink replaces them)", () => {
    expect(finished([0, 2], [4, 6]).coverageOf(unit(0, 6))).toEqual({ kind: "free" });
    expect(finished([1, 6]).coverageOf(unit(0, 6))).toEqual({ kind: "free" });
  });

  it("finished windows that end at its start or start at its end do not touch it", () => {
    expect(finished([0, 6], [12, 18]).coverageOf(unit(6, 12))).toEqual({ kind: "free" });
  });

  it("a finished window inside it that ends at its end leaves it free", () => {
    expect(finished([9, 12]).coverageOf(unit(6, 12))).toEqual({ kind: "free" });
    expect(finished([6, 9]).coverageOf(unit(6, 12))).toEqual({ kind: "free" });
  });

  it("a finished window that starts before it and ends inside it overlaps it, named by its key", () => {
    expect(finished([3, 9]).coverageOf(unit(6, 12))).toEqual({
      kind: "overlapped",
      key: key(3, 9),
    });
  });

  it("a finished window that starts inside it and ends after it overlaps it, named by its key", () => {
    expect(finished([9, 15]).coverageOf(unit(6, 12))).toEqual({
      kind: "overlapped",
      key: key(9, 15),
    });
  });

  it("of several overlapping finished windows, the first by start, then end, is named", () => {
    expect(finished([3, 8], [3, 7]).coverageOf(unit(6, 12))).toEqual({
      kind: "overlapped",
      key: key(3, 7),
    });
    expect(finished([10, 15], [3, 8]).coverageOf(unit(6, 12))).toEqual({
      kind: "overlapped",
      key: key(3, 8),
    });
  });

  it("nested finished windows (an earlier, longer window around shorter ones) still cover", () => {
    const list = finished([0, 24], [6, 7], [8, 9]);
    expect(list.coverageOf(unit(10, 12))).toEqual({ kind: "covered" });
    expect(list.coverageOf(unit(6, 7))).toEqual({ kind: "covered" });
  });

  it("only the unit's step and target count", () => {
    const list = new FinishedUnits([unit(0, 24, 2), { ...unit(0, 24), target: "triggered_goal" }]);
    expect(list.coverageOf(unit(6, 12))).toEqual({ kind: "free" });
    expect(list.coverageOf(unit(6, 12, 2))).toEqual({ kind: "covered" });
  });

  it("works before 1970 too (negative instants)", () => {
    const before = (seconds: number) => new Date(seconds * 1000);
    const list = new FinishedUnits([
      { stepIndex: 1, target: "default", window: { start: before(-100), end: before(-50) } },
    ]);
    expect(
      list.coverageOf({
        stepIndex: 1,
        target: "default",
        window: { start: before(-60), end: before(-50) },
      }),
    ).toEqual({ kind: "covered" });
  });
});

describe("resumePoint", () => {
  const from = at(0);
  it("is `from` when nothing is finished, or nothing at `from`", () => {
    expect(finished().resumePoint(1, "default", from)).toEqual(from);
    expect(finished([1, 2]).resumePoint(1, "default", from)).toEqual(from);
    expect(finished([0, 2]).resumePoint(2, "default", from)).toEqual(from);
    expect(finished([0, 2]).resumePoint(1, "triggered_goal", from)).toEqual(from);
  });

  it("is the end of the contiguous run from `from`, stopping at a gap", () => {
    expect(finished([0, 2], [2, 5], [6, 9]).resumePoint(1, "default", from)).toEqual(at(5));
    expect(finished([2, 5], [0, 2]).resumePoint(1, "default", from)).toEqual(at(5));
  });

  it("ignores windows that end before `from`, never going back", () => {
    expect(finished([0, 2]).resumePoint(1, "default", at(6))).toEqual(at(6));
    expect(finished([0, 2], [6, 8]).resumePoint(1, "default", at(6))).toEqual(at(8));
  });

  it("runs through a window that starts before `from` and ends after it", () => {
    expect(finished([0, 8]).resumePoint(1, "default", at(6))).toEqual(at(8));
  });

  it("runs through nested windows: a long one around short ones", () => {
    expect(finished([0, 24], [2, 3]).resumePoint(1, "default", from)).toEqual(at(24));
    expect(finished([0, 4], [1, 2], [4, 6]).resumePoint(1, "default", from)).toEqual(at(6));
  });
});

describe("splitAround", () => {
  /** The hour where `splitAround` cuts the unit `[0, 24)`, or undefined. */
  const cut = (...windows: [number, number][]) =>
    finished(...windows)
      .splitAround(unit(0, 24))
      ?.map(({ start, end }) =>
        [start.getTime(), end.getTime()].map((t) => (t - at(0).getTime()) / 3_600_000),
      );

  it("nothing finished inside: undefined, the window is asked for", () => {
    expect(cut()).toBeUndefined();
    expect(new FinishedUnits([unit(0, 12, 2)]).splitAround(unit(0, 24))).toBeUndefined();
  });

  it("finished windows inside that do not lie across the midpoint: cut at the midpoint", () => {
    expect(cut([0, 12])).toEqual([
      [0, 12],
      [12, 24],
    ]);
    expect(cut([18, 24])).toEqual([
      [0, 12],
      [12, 24],
    ]);
    // An earlier run's hours inside the day too: the halves go down to them.
    expect(cut([0, 1], [5, 6])).toEqual([
      [0, 12],
      [12, 24],
    ]);
  });

  it("a finished window across the midpoint: cut at its nearer edge inside the window, the earlier on a tie", () => {
    expect(cut([10, 20])).toEqual([
      [0, 10],
      [10, 24],
    ]);
    expect(cut([4, 13])).toEqual([
      [0, 13],
      [13, 24],
    ]);
    expect(cut([11, 13])).toEqual([
      [0, 11],
      [11, 24],
    ]);
    // One edge is the window's own: the other, however far.
    expect(cut([0, 18])).toEqual([
      [0, 18],
      [18, 24],
    ]);
    expect(cut([2, 24])).toEqual([
      [0, 2],
      [2, 24],
    ]);
    expect(cut([0, 13], [13, 14])).toEqual([
      [0, 13],
      [13, 24],
    ]);
  });

  it("a window clipped at an earlier now, split then, and the longer one of a later run: no half cuts a finished piece", () => {
    // [00:00, 18:00) was cut at 09:00 and 13:00 by an earlier run; now the day runs to 20:00.
    const earlier = new FinishedUnits([unit(0, 9), unit(9, 13), unit(13, 18)]);
    let pending = [unit(0, 20)];
    const asked: number[][] = [];
    while (pending.length > 0) {
      const next = pending.shift() as ExportUnit;
      if (earlier.coverageOf(next).kind === "covered") continue;
      expect(earlier.coverageOf(next).kind).toBe("free");
      const halves = earlier.splitAround(next);
      if (halves === undefined)
        asked.push(
          [next.window.start, next.window.end].map((t) => t.getUTCHours() + t.getUTCMinutes() / 60),
        );
      else pending = [...halves.map((window) => ({ ...next, window })), ...pending];
    }
    expect(asked).toEqual([[18, 20]]);
  });
});

describe("clippedOnly", () => {
  it("one finished window at the unit's start that no split makes: a window an earlier run clipped", () => {
    expect(finished([0, 15]).clippedOnly(unit(0, 24))).toBe(true);
    expect(finished([0, 1]).clippedOnly(unit(0, 24))).toBe(true);
  });

  it("a split's first half, one not at the start, or more than one: not a clipped window", () => {
    expect(finished([0, 12]).clippedOnly(unit(0, 24))).toBe(false);
    expect(finished([0, 6]).clippedOnly(unit(0, 24))).toBe(false);
    expect(finished([1, 15]).clippedOnly(unit(0, 24))).toBe(false);
    expect(finished([0, 1], [1, 2]).clippedOnly(unit(0, 24))).toBe(false);
    expect(finished().clippedOnly(unit(0, 24))).toBe(false);
  });
});

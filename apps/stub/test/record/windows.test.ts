// The windows a recording holds completely: merged only when they overlap or touch, half-open at both ends.
import { describe, expect, it } from "vitest";
import { Windows } from "../../src/record/windows";

/** The windows after adding each `[from, to)` in turn (days as small numbers). */
function windowsOf(...added: [number, number][]): Windows {
  const windows = new Windows();
  for (const [from, to] of added) windows.add(from, to);
  return windows;
}

describe("Windows.add", () => {
  it.each<[string, { added: [number, number][]; want: [number, number][] }]>([
    [
      "keeps apart windows that neither overlap nor touch",
      {
        added: [
          [2, 3],
          [5, 6],
        ],
        want: [
          [2, 3],
          [5, 6],
        ],
      },
    ],
    [
      "lists them in time order whatever the order added",
      {
        added: [
          [5, 6],
          [2, 3],
        ],
        want: [
          [2, 3],
          [5, 6],
        ],
      },
    ],
    [
      "merges a window that touches an earlier one's end",
      {
        added: [
          [2, 3],
          [3, 4],
        ],
        want: [[2, 4]],
      },
    ],
    [
      "merges a window that touches a later one's start",
      {
        added: [
          [3, 4],
          [2, 3],
        ],
        want: [[2, 4]],
      },
    ],
    [
      "merges an overlapping window into their union",
      {
        added: [
          [2, 4],
          [3, 6],
        ],
        want: [[2, 6]],
      },
    ],
    [
      "keeps a window that already holds the added one",
      {
        added: [
          [2, 6],
          [3, 4],
        ],
        want: [[2, 6]],
      },
    ],
    [
      "grows a window that the added one holds",
      {
        added: [
          [3, 4],
          [2, 6],
        ],
        want: [[2, 6]],
      },
    ],
    [
      "bridges two windows with one that touches both",
      {
        added: [
          [2, 3],
          [5, 6],
          [8, 9],
          [3, 5],
        ],
        want: [
          [2, 6],
          [8, 9],
        ],
      },
    ],
    [
      "adds nothing for an empty window",
      {
        added: [
          [2, 3],
          [5, 5],
        ],
        want: [[2, 3]],
      },
    ],
    ["adds nothing for a window that ends before it starts", { added: [[6, 5]], want: [] }],
  ])("%s", (_, { added, want }) => {
    expect(windowsOf(...added).list).toEqual(want);
  });
});

describe("Windows.holds", () => {
  // Days 2–3 and 5–6 recorded: day 3 to 5 is not, nor any instant before day 2.
  const windows = windowsOf([2, 3], [5, 6]);
  it.each<[number, boolean]>([
    [1, false],
    [2, true],
    [2.5, true],
    [3, false],
    [4, false],
    [5, true],
    [6, false],
    [7, false],
  ])("holds %d: %s", (at, want) => {
    expect(windows.holds(at)).toBe(want);
  });
});

describe("Windows.overlaps and covers", () => {
  const windows = windowsOf([2, 3], [5, 6]);
  it.each<[[number, number], { overlaps: boolean; covers: boolean }]>([
    [[0, 1], { overlaps: false, covers: false }],
    [[1, 2], { overlaps: false, covers: false }],
    [[1, 3], { overlaps: true, covers: false }],
    [[2, 3], { overlaps: true, covers: true }],
    [[2, 2.5], { overlaps: true, covers: true }],
    [[2.5, 3], { overlaps: true, covers: true }],
    [[3, 5], { overlaps: false, covers: false }],
    [[2, 6], { overlaps: true, covers: false }],
    [[2.5, 5.5], { overlaps: true, covers: false }],
    [[5, 6], { overlaps: true, covers: true }],
    [[6, 7], { overlaps: false, covers: false }],
  ])("[%j): %j", ([from, to], want) => {
    expect({ overlaps: windows.overlaps(from, to), covers: windows.covers(from, to) }).toEqual(
      want,
    );
  });

  it("neither overlaps nor covers anything while empty", () => {
    expect(new Windows().overlaps(0, 10)).toBe(false);
    expect(new Windows().covers(0, 10)).toBe(false);
    expect(new Windows().holds(0)).toBe(false);
  });
});

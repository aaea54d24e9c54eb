// A recording's bounds, in process: the bytes it may write (--max-bytes) and the rows one instant may hold.
import type { AdvancedRow } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { Recording } from "../../src/index";
import { MAX_INSTANT_BYTES } from "../../src/record/answer-recording";
import {
  day,
  folder,
  inDays,
  manifestOf,
  recorded,
  sortedTexts,
  view,
} from "../helpers/recorded-days";

const UPSTREAM = "https://api.example";
const iso = (n: number) => new Date(day(n)).toISOString();
/** Five rows, as a tuple. */
type Five = [AdvancedRow, AdvancedRow, AdvancedRow, AdvancedRow, AdvancedRow];
/** The bytes a row takes in the events file: its JSON and a newline. */
const bytesOf = (list: readonly AdvancedRow[]) =>
  list.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)) + 1, 0);

/** Day 2's first rows, each at its own instant, the fourth made larger than the fifth. */
function distinctRows(): AdvancedRow[] {
  const some: AdvancedRow[] = [];
  for (const row of inDays(2, 3)) {
    if (some.some(({ timestamp }) => timestamp === row.timestamp)) continue;
    some.push(row);
    if (some.length === 6) break;
  }
  expect(some).toHaveLength(6);
  const [a, b, c, d, e] = some as Five;
  return [a, b, c, { ...d, dim2: "x".repeat(600) }, e, ...some.slice(5)];
}

/** Plays `answer` into a view of days 2–3: the answer's recording, ended. */
function playOne(recording: Recording, answer: readonly AdvancedRow[]) {
  const answering = recording.begin(view(2, 3));
  if (!answering) throw new Error("busy");
  for (const row of answer) answering.row(row);
  answering.end(true);
  return answering;
}

describe("a recording's bound of bytes (maxBytes)", () => {
  it("records whole instants up to the bound, nothing after the first that does not fit, and holds the window up to it", async () => {
    const rows = distinctRows();
    const [first, second, third, big, small] = rows as Five;
    // Room for the first three and the (smaller) fifth, not for the fourth: nothing after it is written.
    const maxBytes = bytesOf([first, second, third, small]);
    expect(bytesOf([big])).toBeGreaterThan(bytesOf([small]));
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM, { maxBytes });
    const answering = playOne(recording, rows);
    expect(answering.added).toBe(3);
    expect(answering.stopped).toBe(
      `not recorded from ${big.timestamp} on: the recording reached its bound of bytes (--max-bytes)`,
    );
    // The bound is the recording's: a later answer of other days finds no room either.
    const later = recording.begin(view(4, 5));
    if (!later) throw new Error("busy");
    for (const row of inDays(4, 5).slice(0, 3)) later.row(row);
    later.end(true);
    expect(later.added).toBe(0);
    expect(later.stopped).toContain("--max-bytes");
    await recording.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts([first, second, third]));
    // Each answer's window is held up to the first instant not recorded: nothing is missing before it.
    const at = (row: AdvancedRow | undefined) =>
      new Date(Date.parse(row?.timestamp ?? "")).toISOString();
    expect(manifestOf(dir).windows[0].intervals).toEqual([
      [iso(2), at(big)],
      [iso(4), at(inDays(4, 5)[0])],
    ]);
  });

  it("records an answer that fits exactly, and holds its whole window", async () => {
    const rows = distinctRows();
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM, { maxBytes: bytesOf(rows) });
    const answering = playOne(recording, rows);
    expect(answering.added).toBe(rows.length);
    expect(answering.stopped).toBeUndefined();
    await recording.close();
    expect(recorded(dir)).toHaveLength(rows.length);
    expect(manifestOf(dir).windows[0].intervals).toEqual([[iso(2), iso(3)]]);
  });

  it("has no bound with maxBytes 0, and 1 GiB by default", async () => {
    const rows = inDays(2, 3);
    for (const options of [{ maxBytes: 0 }, {}]) {
      const dir = folder();
      const recording = await Recording.open(dir, UPSTREAM, options);
      const answering = playOne(recording, rows);
      expect(answering.added).toBe(rows.length);
      expect(answering.stopped).toBeUndefined();
      await recording.close();
      expect(recorded(dir)).toHaveLength(rows.length);
    }
  });
});

describe("the rows one instant may hold", () => {
  /** `count` events at the instant of `row`, each of another workflow session. */
  const sameInstant = (row: AdvancedRow, count: number): AdvancedRow[] =>
    Array.from({ length: count }, (_, i) => ({
      ...row,
      dim1: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
    }));

  it("records the instants before one holding more than the bound, none of it nor after, and holds the window up to it", async () => {
    const rows = distinctRows().slice(0, 5);
    const [a, b, c, d, e] = rows as Five;
    const crowd = sameInstant(c, Math.ceil(MAX_INSTANT_BYTES / bytesOf([c])) + 1);
    expect(bytesOf(crowd)).toBeGreaterThan(MAX_INSTANT_BYTES);
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM);
    const answering = playOne(recording, [a, b, ...crowd, d, e]);
    expect(answering.added).toBe(2);
    expect(answering.stopped).toBe(
      `not recorded from ${new Date(Date.parse(c.timestamp)).toISOString()} on: more than ${MAX_INSTANT_BYTES} bytes of rows share one instant`,
    );
    await recording.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts([a, b]));
    expect(manifestOf(dir).windows[0].intervals).toEqual([
      [iso(2), new Date(Date.parse(c.timestamp)).toISOString()],
    ]);
  });

  it("records an instant whose rows take exactly the bound", async () => {
    const [a, b] = distinctRows() as [AdvancedRow, AdvancedRow];
    const size = bytesOf([a]);
    const crowd = sameInstant(a, Math.floor(MAX_INSTANT_BYTES / size) - 1);
    // The last row padded so that the instant's rows take exactly the bound.
    const last = crowd.length - 1;
    const padded = (k: number) => ({ ...(crowd[last] as AdvancedRow), dim2: "x".repeat(k) });
    crowd[last] = padded(0);
    crowd[last] = padded(MAX_INSTANT_BYTES - bytesOf(crowd));
    expect(bytesOf(crowd)).toBe(MAX_INSTANT_BYTES);
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM);
    const answering = playOne(recording, [...crowd, b]);
    expect(answering.stopped).toBeUndefined();
    expect(answering.added).toBe(crowd.length + 1);
    await recording.close();
  });

  it("records nothing when the first instant is over the bound, and holds the window only up to it", async () => {
    const [a, b] = distinctRows() as [AdvancedRow, AdvancedRow];
    const crowd = sameInstant(a, Math.ceil(MAX_INSTANT_BYTES / bytesOf([a])) + 1);
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM);
    const answering = playOne(recording, [...crowd, b]);
    expect(answering.added).toBe(0);
    expect(answering.stopped).toContain("share one instant");
    await recording.close();
    expect(recorded(dir)).toEqual([]);
    expect(manifestOf(dir).windows[0].intervals).toEqual([
      [iso(2), new Date(Date.parse(a.timestamp)).toISOString()],
    ]);
  });
});

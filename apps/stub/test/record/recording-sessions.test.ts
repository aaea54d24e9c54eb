// A recording across sessions and stops: the windows it held read back, rows kept apart added once, each row once.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AdvancedRow } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { Recording } from "../../src/index";
import {
  day,
  folder,
  inDays,
  manifestOf,
  play,
  recorded,
  sortedTexts,
  view,
  workflow,
} from "../helpers/recorded-days";

const UPSTREAM = "https://api.example";
const iso = (n: number) => new Date(day(n)).toISOString();
const stepWindows = (events: [number, number][], goals: [number, number][]) => [
  {
    workflow: workflow.id,
    step: 1,
    target: "default",
    intervals: events.map(([a, b]) => [iso(a), iso(b)]),
  },
  {
    workflow: workflow.id,
    step: 1,
    target: "triggered_goal",
    intervals: goals.map(([a, b]) => [iso(a), iso(b)]),
  },
];
/** The same event as `row` in another workflow session: an event at the very same instant. */
const twin = (row: AdvancedRow): AdvancedRow => ({
  ...row,
  dim1: "00000000-0000-4000-8000-0000000000ff",
});

describe("Recording across sessions", () => {
  it("reads back the windows it held: days 2–3 and 5–6 recorded leave 3–5 to record", async () => {
    const dir = folder();
    const first = await Recording.open(dir, UPSTREAM);
    expect(play(first, view(2, 3), inDays(2, 3))).toBe(inDays(2, 3).length);
    expect(play(first, view(5, 6), inDays(5, 6))).toBe(inDays(5, 6).length);
    // A step's goals with none in the window: held completely all the same.
    expect(play(first, view(2, 4, { goals: true }), [])).toBe(0);
    await first.close();
    expect(manifestOf(dir).windows).toEqual(
      stepWindows(
        [
          [2, 3],
          [5, 6],
        ],
        [[2, 4]],
      ),
    );
    const second = await Recording.open(dir, UPSTREAM);
    expect(manifestOf(dir).windows).toEqual(
      stepWindows(
        [
          [2, 3],
          [5, 6],
        ],
        [[2, 4]],
      ),
    );
    expect(play(second, view(2, 6), inDays(2, 6))).toBe(inDays(3, 5).length);
    await second.close();
    expect(recorded(dir)).toEqual([...inDays(2, 3), ...inDays(5, 6), ...inDays(3, 5)]);
    expect(manifestOf(dir).windows).toEqual(stepWindows([[2, 6]], [[2, 4]]));
  });

  it("adds a stopped session's rows kept apart once: none inside a window it completed, and keeps recording apart after", async () => {
    const dir = folder();
    const first = await Recording.open(dir, UPSTREAM);
    const mobile = inDays(3, 4).filter((row) => row.device_type === "mobile");
    const desktop = inDays(6, 7).filter((row) => row.device_type === "desktop");
    expect(mobile.length).toBeGreaterThan(0);
    expect(desktop.length).toBeGreaterThan(0);
    play(first, view(3, 4, { whole: false }), mobile);
    play(first, view(6, 7, { whole: false }), desktop);
    play(first, view(2, 5), inDays(2, 5));
    first.save(); // stopped: never closed
    const second = await Recording.open(dir, UPSTREAM);
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts([...inDays(2, 5), ...desktop]));
    const tablet = inDays(7, 8).filter((row) => row.device_type !== "desktop");
    expect(play(second, view(7, 8, { whole: false }), tablet)).toBe(tablet.length);
    await second.close();
    expect(existsSync(join(dir, "pending.ndjson"))).toBe(false);
    expect(sortedTexts(recorded(dir))).toEqual(
      sortedTexts([...inDays(2, 5), ...desktop, ...tablet]),
    );
  });

  it("records identical events of an earlier session as often as a later answer shows them, and no more", async () => {
    const dir = folder();
    const [row, ...rest] = inDays(3, 4);
    if (!row) throw new Error("rows");
    const first = await Recording.open(dir, UPSTREAM);
    play(first, view(3, 4, { whole: false }), [row]);
    await first.close();
    const second = await Recording.open(dir, UPSTREAM);
    expect(play(second, view(3, 4, { whole: false }), [row, row])).toBe(1);
    await second.close();
    const third = await Recording.open(dir, UPSTREAM);
    expect(play(third, view(3, 4), [row, row, row, ...rest])).toBe(1 + rest.length);
    expect(play(third, view(3, 4, { whole: false }), [row, row, row, row])).toBe(0);
    await third.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts([row, row, row, ...rest]));
  });

  it("keeps apart the rows sharing the instant a limit cut at, and records them once", async () => {
    const dir = folder();
    const day2 = inDays(2, 3);
    const last = day2[9];
    if (!last) throw new Error("rows");
    const answer = [...day2.slice(0, 10), twin(last), ...day2.slice(10)];
    const recording = await Recording.open(dir, UPSTREAM);
    expect(play(recording, view(2, 3, { limit: 11 }), answer.slice(0, 11))).toBe(11);
    expect(manifestOf(dir).windows[0].intervals).toEqual([[iso(2), last.timestamp]]);
    // The rows at the cut's instant are not held completely, yet recorded already.
    expect(play(recording, view(2, 3, { whole: false }), [twin(last)])).toBe(0);
    expect(play(recording, view(2, 3), answer)).toBe(answer.length - 9);
    await recording.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts(answer));
  });

  it("ends the answers still being recorded as cut when it closes", async () => {
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM);
    const some = inDays(2, 6).slice(0, 20);
    const answering = recording.begin(view(2, 6));
    for (const row of some) answering?.row(row);
    await recording.close();
    expect(recorded(dir)).toEqual(some);
    expect(manifestOf(dir).windows[0].intervals).toEqual([[iso(2), some[19]?.timestamp]]);
  });

  it("reads a manifest of an older recorder, without windows or sourceData", async () => {
    const dir = folder();
    writeFileSync(join(dir, "recording.json"), JSON.stringify({ upstream: UPSTREAM }));
    await (await Recording.open(dir, UPSTREAM)).close();
    writeFileSync(
      join(dir, "recording.json"),
      JSON.stringify({ windows: stepWindows([[2, 3]], []).slice(0, 1) }),
    );
    const recording = await Recording.open(dir, UPSTREAM);
    expect(play(recording, view(2, 4), inDays(2, 4))).toBe(inDays(3, 4).length);
    await recording.close();
    expect(recorded(dir)).toEqual(inDays(3, 4));
  });

  it("names the recorder and its upstream, and no window where no view was whole", async () => {
    const dir = folder();
    const first = await Recording.open(dir, UPSTREAM);
    play(first, view(2, 3, { whole: false }), inDays(2, 3).slice(0, 5));
    await first.close();
    const manifest = { recorder: "giosg-reporting-stub --record", windows: [], sourceData: [] };
    expect(manifestOf(dir)).toEqual({ ...manifest, upstream: UPSTREAM });
    await (await Recording.open(dir, "https://other.example")).close();
    expect(manifestOf(dir)).toEqual({ ...manifest, upstream: "https://other.example" });
  });

  it.each(["events.ndjson", "pending.ndjson"])(
    "refuses a folder whose %s has a line that is not JSON, saying how to mend it",
    async (file) => {
      const dir = folder();
      writeFileSync(join(dir, file), `${JSON.stringify(inDays(2, 3)[0])}\nnot json\n`);
      await expect(Recording.open(dir, UPSTREAM)).rejects.toThrow(`${join(dir, file)}:2: not JSON`);
      await expect(Recording.open(dir, UPSTREAM)).rejects.toThrow(
        `: mend or remove the line to record into ${dir} again`,
      );
      expect(readFileSync(join(dir, file), "utf8")).toContain("not json");
    },
  );

  it("records a row whose step it cannot catalogue, and counts it", async () => {
    const dir = folder();
    const recording = await Recording.open(dir, UPSTREAM);
    const [row, next] = inDays(2, 3);
    if (!row || !next) throw new Error("rows");
    const answer = [row, { ...row, dim5: "1001" }, next];
    const answering = recording.begin(view(2, 3, { whole: false }));
    for (const shown of answer) answering?.row(shown);
    answering?.end(true);
    expect({ added: answering?.added, uncatalogued: answering?.uncatalogued }).toEqual({
      added: 3,
      uncatalogued: 1,
    });
    await recording.close();
    expect(recorded(dir)).toEqual(answer);
  });
});

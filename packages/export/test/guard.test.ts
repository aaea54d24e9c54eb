// The row guard, alone and against a small lying server: a row outside its unit's window, out of time order or not an instant fails the unit; a one-second window past the bound is written whole with a note.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@giosg-reporting/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  exportSourceData,
  openFileSink,
  parseInterval,
  type UnitEvent,
  UnitRowError,
  type Window,
} from "../src";
import { BatchRows } from "../src/run/batch-rows";
import { guardedBatches, timeFieldOf, WindowTooLarge } from "../src/run/guarded-rows";
import { type FakeRows, startFakeRows } from "./helpers/fake-rows";
import { filesUnder, ORGANIZATION, WORKFLOW } from "./helpers/files";

const DAY = parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z");

let dir: string;
let fake: FakeRows | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-guard-"));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Exports the day through a fake answering `instantsOf(window)`. */
async function exportThrough(
  instantsOf: (window: Window) => readonly string[],
  maxWindowRows?: number,
  holds?: (window: Window) => boolean,
) {
  fake = await startFakeRows(instantsOf, holds);
  const events: UnitEvent[] = [];
  const summary = await exportSourceData({
    client: createClient({ token: "demo", baseUrl: fake.url, retry: false }),
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: DAY,
    ...(maxWindowRows === undefined ? {} : { maxWindowRows }),
    sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    onUnit: (event) => events.push(event),
  });
  return { summary, events };
}

describe("a server that sends rows it should not", () => {
  it("a row before the unit's window fails the unit, naming the row and the window; nothing is written", async () => {
    const { summary } = await exportThrough(() => [
      "2022-11-01T10:00:00.000Z",
      "2022-10-31T23:59:59.000Z",
    ]);
    expect(summary.written).toBe(0);
    const [failure] = summary.failures;
    expect(failure?.error).toBeInstanceOf(UnitRowError);
    expect(failure?.error.message).toBe(
      "row 1's timestamp 2022-10-31T23:59:59.000Z is outside the unit's window 2022-11-01T00:00:00.000Z/2022-11-02T00:00:00.000Z: the API sent a row it was not asked for",
    );
    expect((await filesUnder(dir)).filter((file) => file.endsWith(".ndjson"))).toEqual([]);
  });

  it("a row at the window's end (half-open) fails the unit", async () => {
    const { summary } = await exportThrough(() => ["2022-11-02T00:00:00.000Z"]);
    expect(summary.failures[0]?.error.message).toMatch(
      /^row 0's timestamp .* is outside the unit's window/,
    );
  });

  it("a row before the row ahead of it fails the unit: the answer is not in time order", async () => {
    const { summary } = await exportThrough(() => [
      "2022-11-01T10:00:00.000Z",
      "2022-11-01T10:00:00.000Z",
      "2022-11-01T09:59:59.000Z",
    ]);
    expect(summary.written).toBe(0);
    expect(summary.failures[0]?.error).toBeInstanceOf(UnitRowError);
    expect(summary.failures[0]?.error.message).toMatch(
      /^row 2's timestamp 2022-11-01T09:59:59.000Z is before the row ahead of it \(2022-11-01T10:00:00.000Z\)/,
    );
  });
});

describe("a one-second window past maxWindowRows", () => {
  it("cannot be split: a note, then it is written whole; the files hold every row once", async () => {
    // Five rows in one second, and one more later: honest answers, each for the window asked.
    const instants = [
      ...Array(5).fill("2022-11-01T06:00:07.000Z"),
      "2022-11-01T18:00:00.000Z",
    ] as string[];
    const { summary, events } = await exportThrough(
      ({ start, end }) =>
        instants.filter((instant) => {
          const time = Date.parse(instant);
          return time >= start.getTime() && time < end.getTime();
        }),
      2,
    );
    expect(summary.failures).toEqual([]);
    expect(summary.rows).toBe(6);
    const notes = events.filter((event) => event.kind === "oversized");
    expect(notes.map((event) => event.key)).toEqual([
      "step-1/default/20221101T060007Z_20221101T060008Z",
    ]);
    const lines = (
      await Promise.all(
        (
          await filesUnder(dir)
        )
          .filter((file) => file.endsWith(".ndjson"))
          .map((file) => readFile(join(dir, file), "utf8")),
      )
    )
      .join("")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line).timestamp);
    expect(lines).toEqual(instants);
  });
});

describe("a window abandoned past maxWindowRows", () => {
  it("has its request cut at once: an answer that never ends does not hold the export", async () => {
    // Ten rows in one second; an answer holding them, for a window longer than a second, never ends.
    const instant = "2022-11-01T06:00:07.000Z";
    const inside = ({ start, end }: Window) =>
      start.getTime() <= Date.parse(instant) && Date.parse(instant) < end.getTime();
    const { summary, events } = await exportThrough(
      (window) => (inside(window) ? Array(10).fill(instant) : []),
      5,
      (window) => inside(window) && window.end.getTime() - window.start.getTime() > 1000,
    );
    expect(summary.failures).toEqual([]);
    const splits = events.filter((event) => event.kind === "split").length;
    expect(splits).toBeGreaterThan(10);
    expect(summary.splits).toBe(splits);
    expect(summary.rows).toBe(10);
    // Each split cut its answer: the client closed the connection before the answer's end.
    await expect.poll(() => fake?.cut()).toBe(splits);
  });
});

describe("the guard alone", () => {
  /** The rows the guard passes (one row a batch), or the error it throws. */
  async function guard(rows: readonly object[], maxRows = 0) {
    const count = { rows: 0 };
    const passed: object[] = [];
    try {
      const batches = guardedBatches(
        (async function* () {
          for (const row of rows) yield { rows: [row], count: 1, ndjson: new Uint8Array() };
        })(),
        { window: DAY, timeField: "timestamp", maxRows, count },
      );
      for await (const row of new BatchRows(batches)) passed.push(row);
    } catch (error) {
      return { passed, count, error };
    }
    return { passed, count, error: undefined };
  }

  it("finds the time field: the first datetime field, wherever it is", () => {
    expect(
      timeFieldOf([
        { name: "visitor_id", type: "string" },
        { name: "timestamp", type: "datetime", tz: "UTC" },
        { name: "ended", type: "datetime", tz: "UTC" },
      ]),
    ).toBe("timestamp");
  });

  it("refuses fields with no datetime field, as a UnitRowError", () => {
    const run = () => timeFieldOf([{ name: "visitor_id", type: "string" }]);
    expect(run).toThrow(UnitRowError);
    expect(run).toThrow("the answer's fields have no datetime field to check the rows' window by");
  });

  it.each([
    ["a string that is not an instant", "yesterday", '"yesterday"'],
    ["a missing time", undefined, "undefined"],
    // Date.parse would read the number 2022 as 2022-01-01: a number is not the API's datetime.
    ["a number", 2022, "2022"],
    // An array of one instant would read as that instant.
    ["an array", ["2022-11-01T11:00:00.000Z"], '["2022-11-01T11:00:00.000Z"]'],
  ])("a row whose time is %s fails, naming it", async (_, value, shown) => {
    const { passed, error } = await guard([
      { timestamp: "2022-11-01T10:00:00.000Z" },
      { timestamp: value },
    ]);
    expect(passed).toHaveLength(1);
    expect(error).toBeInstanceOf(UnitRowError);
    expect((error as Error).name).toBe("UnitRowError");
    expect((error as Error).message).toBe(`row 1's timestamp is not an instant: ${shown}`);
  });

  it("passes rows inside the window in time order, counting them, and throws WindowTooLarge past the bound", async () => {
    const rows = ["00:00:00", "10:00:00", "23:59:59"].map((time) => ({
      timestamp: `2022-11-01T${time}.000Z`,
    }));
    expect(await guard(rows, 3)).toEqual({ passed: rows, count: { rows: 3 }, error: undefined });
    const { passed, count, error } = await guard(rows, 2);
    expect([passed, count]).toEqual([rows.slice(0, 2), { rows: 2 }]);
    expect(error).toBeInstanceOf(WindowTooLarge);
    expect((error as WindowTooLarge).name).toBe("WindowTooLarge");
    expect((error as WindowTooLarge).maxWindowRows).toBe(2);
    expect((error as Error).message).toBe(
      "the window's answer has more than maxWindowRows (2) rows",
    );
  });
});

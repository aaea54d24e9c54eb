// What the command shows as it runs, with stand-in streams: a throttled progress line on a terminal, plain lines elsewhere, and the summary.
import { EventEmitter } from "node:events";
import type { RetryEvent } from "@giosg-reporting/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ExportUnit, UnitEvent } from "../src";
import { exitCodeOf, handleInterrupts } from "../src/cli/interrupt";
import { CLEAR_LINE, createProgress, progressLine, REDRAW_MS } from "../src/cli/progress";
import { createReporter, lineOf } from "../src/cli/reporter";
import { summaryText } from "../src/cli/summary";
import { RunTally } from "../src/cli/tally";
import { unitKey } from "../src/plan/units";

/** A stand-in for a stream: what was written, and whether it is a terminal. */
function fakeStream(isTTY: boolean, columns = 200) {
  const writes: string[] = [];
  return {
    writes,
    isTTY,
    columns,
    write: (text: string) => writes.push(text),
    text: () => writes.join(""),
  };
}

/** A clock the test moves. */
function fakeClock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const unitOf = (
  day: number,
  stepIndex = 1,
  target: "default" | "triggered_goal" = "default",
): ExportUnit => ({
  stepIndex,
  target,
  window: {
    start: new Date(Date.UTC(2022, 10, day)),
    end: new Date(Date.UTC(2022, 10, day + 1)),
  },
});
const written = (unit: ExportUnit, rows: number): UnitEvent => ({
  kind: "written",
  unit,
  key: unitKey(unit),
  rows,
});
const failed = (unit: ExportUnit): UnitEvent => ({
  kind: "failed",
  unit,
  key: unitKey(unit),
  error: new Error("503 Service Unavailable"),
});
const retry: RetryEvent = { attempt: 1, reason: 503, waitMs: 250 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the progress line", () => {
  it("says units done of all, rows, rows/s, failures, retries and the window being written", () => {
    const clock = fakeClock();
    const tally = new RunTally(clock.now, 4);
    tally.unit(written(unitOf(1), 30));
    tally.unit(failed(unitOf(2)));
    tally.retry(503, 1_500);
    tally.started(unitOf(3)).rows += 10;
    clock.advance(2_000);
    expect(progressLine(tally, 200)).toBe(
      "[#####-----] 2/4 units · 40 rows · 20 rows/s · 1 failed · 1 retries · step 1 default 2022-11-03T00:00Z/2022-11-04T00:00Z",
    );
  });

  it("is cut to the terminal's width, never wrapping", () => {
    const tally = new RunTally(fakeClock().now, 4);
    tally.started(unitOf(3));
    const line = progressLine(tally, 40);
    expect(line).toHaveLength(39);
    expect(line.endsWith("…")).toBe(true);
  });

  it("is redrawn in place at most once every 100 ms, however many rows pass, the last state drawn", () => {
    const clock = fakeClock();
    const tally = new RunTally(clock.now, 1);
    const output = fakeStream(true);
    const progress = createProgress({ output, tally, clock: clock.now });
    const entry = tally.started(unitOf(1));
    for (let row = 0; row < 10_000; row += 1) {
      entry.rows += 1;
      progress.update();
    }
    expect(output.writes).toHaveLength(1);
    expect(output.writes[0]?.startsWith(CLEAR_LINE)).toBe(true);
    clock.advance(REDRAW_MS);
    vi.advanceTimersByTime(REDRAW_MS);
    expect(output.writes).toHaveLength(2);
    expect(output.writes[1]).toContain("10000 rows");
    // Nothing new, nothing drawn.
    vi.advanceTimersByTime(10 * REDRAW_MS);
    expect(output.writes).toHaveLength(2);
    progress.log("failed step-1/default/…\n");
    expect(output.writes.at(-2)).toBe(`${CLEAR_LINE}failed step-1/default/…\n`);
    expect(output.writes.at(-1)?.startsWith(CLEAR_LINE)).toBe(true);
    progress.stop();
    expect(output.writes.at(-1)).toBe(CLEAR_LINE);
    progress.update();
    vi.advanceTimersByTime(10 * REDRAW_MS);
    expect(output.writes.at(-1)).toBe(CLEAR_LINE);
  });
});

describe("the reporter", () => {
  it("on a terminal: the progress line on standard error, failures above it, no unit lines on a terminal's standard output", () => {
    const stdout = fakeStream(true);
    const stderr = fakeStream(true);
    const clock = fakeClock();
    const reporter = createReporter({ stdout, stderr, total: 3, term: "xterm", clock: clock.now });
    expect(reporter.terminal).toBe(true);
    // Drawn at once, before any unit.
    expect(stderr.writes).toEqual([`${CLEAR_LINE}[----------] 0/3 units · 0 rows · 0 rows/s`]);
    reporter.unit(written(unitOf(1), 5));
    reporter.unit(failed(unitOf(2)));
    reporter.retry(retry);
    clock.advance(REDRAW_MS);
    vi.advanceTimersByTime(REDRAW_MS);
    expect(stderr.writes.at(-1)).toContain(
      "2/3 units · 5 rows · 50 rows/s · 1 failed · 1 retries · 503, retrying in 0.3 s",
    );
    reporter.stop();
    expect(stdout.writes).toEqual([]);
    expect(stderr.text()).toContain(
      `${CLEAR_LINE}failed step-1/default/20221102T000000Z_20221103T000000Z`,
    );
    expect(stderr.writes.at(-1)).toBe(CLEAR_LINE);
  });

  it("on a terminal with standard output piped: the units' lines stay on standard output for a script", () => {
    const stdout = fakeStream(false);
    const stderr = fakeStream(true);
    const clock = fakeClock();
    const reporter = createReporter({ stdout, stderr, total: 1, term: "xterm", clock: clock.now });
    reporter.unit(written(unitOf(1), 5));
    clock.advance(REDRAW_MS);
    vi.advanceTimersByTime(REDRAW_MS);
    reporter.stop();
    expect(stdout.text()).toBe(
      "written step-1/default/20221101T000000Z_20221102T000000Z (2022-11-01T00:00:00.000Z/2022-11-02T00:00:00.000Z): 5 rows\n",
    );
    expect(stderr.text()).toContain("1/1 units");
  });

  it.each([
    ["no terminal (CI, a cron log)", false, "xterm"],
    ["a dumb terminal", true, "dumb"],
  ])("%s: plain lines, one per unit, and one per retry; no progress line", (_, isTTY, term) => {
    const stdout = fakeStream(isTTY);
    const stderr = fakeStream(isTTY);
    const reporter = createReporter({ stdout, stderr, total: 2, term });
    expect(reporter.terminal).toBe(false);
    reporter.sink.started(unitOf(1));
    reporter.sink.row();
    reporter.sink.ended(unitOf(1));
    reporter.unit(written(unitOf(1), 1));
    reporter.retry(retry);
    reporter.unit(failed(unitOf(2)));
    reporter.stop();
    vi.advanceTimersByTime(10 * REDRAW_MS);
    expect(stdout.writes).toEqual([
      "written step-1/default/20221101T000000Z_20221102T000000Z (2022-11-01T00:00:00.000Z/2022-11-02T00:00:00.000Z): 1 rows\n",
    ]);
    expect(stderr.writes).toEqual([
      "retry after attempt 1 (503), waiting 0.3 s\n",
      "failed step-1/default/20221102T000000Z_20221103T000000Z (2022-11-02T00:00:00.000Z/2022-11-03T00:00:00.000Z): 503 Service Unavailable\n",
    ]);
    expect(stderr.text()).not.toContain(CLEAR_LINE);
  });

  it("learns the total from the plan, and a split adds a unit to it; split and oversized lines for a log", () => {
    const stdout = fakeStream(true);
    const stderr = fakeStream(true);
    const clock = fakeClock();
    const reporter = createReporter({ stdout, stderr, term: "xterm", clock: clock.now });
    expect(stderr.writes.at(-1)).toBe(`${CLEAR_LINE}0 units · 0 rows · 0 rows/s`);
    reporter.planned(2);
    clock.advance(REDRAW_MS);
    vi.advanceTimersByTime(REDRAW_MS);
    expect(stderr.writes.at(-1)).toContain("[----------] 0/2 units");
    const unit = unitOf(1);
    reporter.unit({ kind: "split", unit, key: unitKey(unit), halves: [unitOf(1), unitOf(2)] });
    reporter.unit({ kind: "oversized", unit, key: unitKey(unit), maxWindowRows: 10 });
    reporter.unit(written(unitOf(1), 5));
    clock.advance(REDRAW_MS);
    vi.advanceTimersByTime(REDRAW_MS);
    expect(stderr.writes.at(-1)).toContain("1/3 units · 5 rows");
    reporter.stop();
    expect(lineOf({ kind: "split", unit, key: unitKey(unit), halves: [unit, unit] })).toMatch(
      /^split step-1\/default\/20221101T000000Z_20221102T000000Z \(.*\): more rows than --max-window-rows, exported as two halves\n$/,
    );
    expect(
      lineOf({ kind: "split", unit, key: unitKey(unit), halves: [unit, unit], resumed: true }),
    ).toMatch(
      /^split step-1\/default\/20221101T000000Z_20221102T000000Z \(.*\): split by an earlier run, its halves exported without asking for the whole window\n$/,
    );
    expect(lineOf({ kind: "oversized", unit, key: unitKey(unit), maxWindowRows: 10 })).toMatch(
      /^note step-1\/default\/.*: more than 10 rows in one second, written whole\n$/,
    );
  });

  it("once interrupted, the units that then fail are counted apart, not listed", () => {
    const stdout = fakeStream(false);
    const stderr = fakeStream(false);
    const reporter = createReporter({ stdout, stderr, total: 3 });
    reporter.unit(failed(unitOf(1)));
    reporter.interrupted();
    reporter.unit(failed(unitOf(2)));
    reporter.unit(failed(unitOf(3)));
    expect(stderr.writes).toHaveLength(1);
    expect([...reporter.interruptedKeys]).toEqual([unitKey(unitOf(2)), unitKey(unitOf(3))]);
    expect(reporter.tally.failed).toBe(1);
  });
});

describe("the summary", () => {
  it("says units, rows per step and target, retries, time and rows/s", () => {
    const clock = fakeClock();
    const tally = new RunTally(clock.now, 5);
    tally.unit(written(unitOf(1), 30));
    tally.unit(written(unitOf(2), 10));
    tally.unit(written(unitOf(1, 1, "triggered_goal"), 2));
    tally.unit(written(unitOf(1, 2), 0));
    tally.retry(503, 100);
    tally.retry("network", 200);
    clock.advance(4_000);
    const summary = {
      units: 5,
      steps: [1, 2],
      interval: unitOf(1).window,
      splits: 0,
      written: 4,
      skipped: 0,
      rows: 42,
      failures: [{ unit: unitOf(3), error: new Error("x") }],
      stops: [],
    };
    expect(summaryText({ summary, tally })).toBe(
      [
        "5 units: 4 written (42 rows), 0 skipped, 1 failed",
        "step 1 default: 40 rows",
        "step 1 triggered_goal: 2 rows",
        "step 2 default: 0 rows",
        "2 retries, 4.0 s, 11 rows/s",
        "",
      ].join("\n"),
    );
  });

  it("of an interrupted run: how many units are left, the interrupted ones not counted as failed", () => {
    const tally = new RunTally(fakeClock().now, 3);
    tally.unit(written(unitOf(1), 3));
    const summary = {
      units: 3,
      steps: [1],
      interval: unitOf(1).window,
      splits: 0,
      written: 1,
      skipped: 0,
      rows: 3,
      failures: [unitOf(2), unitOf(3)].map((unit) => ({ unit, error: new Error("aborted") })),
      stops: [],
    };
    const text = summaryText({ summary, tally, interrupted: "SIGINT", interruptedFailures: 2 });
    expect(text).toContain("3 units: 1 written (3 rows), 0 skipped, 0 failed\n");
    expect(text).toContain("0 retries, ");
    expect(text).toContain("interrupted by SIGINT: 2 units not written");
  });

  it("of a run that split windows: the splits, and the halves counted among the units left", () => {
    const tally = new RunTally(fakeClock().now, 3);
    tally.unit(written(unitOf(1), 3));
    const summary = {
      units: 2,
      steps: [1],
      interval: unitOf(1).window,
      splits: 1,
      written: 1,
      skipped: 0,
      rows: 3,
      failures: [],
      stops: [],
    };
    const text = summaryText({ summary, tally, interrupted: "SIGINT" });
    expect(text).toContain("2 units: 1 written (3 rows), 0 skipped, 0 failed, 1 split in two\n");
    expect(text).toContain("interrupted by SIGINT: 2 units not written");
  });

  it("of a run a stop cut short: the units not started, and a line for each stop naming its unit, its reach and its error", () => {
    const tally = new RunTally(fakeClock().now, 7);
    tally.unit(written(unitOf(1), 3));
    const summary = {
      units: 7,
      steps: [1, 2],
      interval: unitOf(1).window,
      splits: 0,
      written: 1,
      skipped: 0,
      rows: 3,
      failures: [unitOf(2, 2), unitOf(3)].map((unit) => ({ unit, error: new Error("refused") })),
      stops: [
        { error: new Error("no step 2"), unit: unitOf(2, 2), stepIndex: 2, notStarted: 1 },
        { error: new Error("revoked"), unit: unitOf(3), stepIndex: undefined, notStarted: 2 },
      ],
    };
    const text = summaryText({ summary, tally });
    expect(text).toContain("7 units: 1 written (3 rows), 0 skipped, 2 failed, 3 not started\n");
    expect(text).toContain(
      "stopped: 1 units of step 2 not started after step 2 default 2022-11-02T00:00:00.000Z/2022-11-03T00:00:00.000Z failed: no step 2; ",
    );
    expect(text).toContain(
      "stopped: 2 units of every step not started after step 1 default 2022-11-03T00:00:00.000Z/2022-11-04T00:00:00.000Z failed: revoked; ",
    );
    // Interrupted as well: the units not started are not among those the interruption left.
    const interrupted = summaryText({ summary, tally, interrupted: "SIGTERM" });
    expect(interrupted).toContain("interrupted by SIGTERM: 1 units not written");
  });
});

describe("interrupts", () => {
  it("the first signal aborts the export, a second exits at once with 128 + the first's number", () => {
    const source = new EventEmitter();
    const controller = new AbortController();
    const heard: string[] = [];
    const exits: number[] = [];
    const interrupts = handleInterrupts({
      controller,
      onFirst: (signal) => heard.push(`first ${signal}`),
      onSecond: (signal) => heard.push(`second ${signal}`),
      source,
      exit: (code) => exits.push(code),
    });
    source.emit("SIGINT");
    expect(controller.signal.aborted).toBe(true);
    expect(interrupts.signal).toBe("SIGINT");
    expect(exits).toEqual([]);
    source.emit("SIGINT");
    expect(heard).toEqual(["first SIGINT", "second SIGINT"]);
    expect(exits).toEqual([130]);
    interrupts.dispose();
    expect(source.listenerCount("SIGINT") + source.listenerCount("SIGTERM")).toBe(0);
  });

  it("exit codes: 130 for SIGINT, 143 for SIGTERM", () => {
    expect(exitCodeOf("SIGINT")).toBe(130);
    expect(exitCodeOf("SIGTERM")).toBe(143);
  });
});

// Cutting an interval into UTC-aligned half-open windows, and the units and keys made of them.
import { describe, expect, it } from "vitest";
import {
  ExportError,
  parseDuration,
  parseExportInterval,
  parseInterval,
  parseUnitKey,
  parseWindow,
  resolveInterval,
  splitWindow,
  unitKey,
  unitsOf,
  windowsOf,
} from "../src";

const HOUR = 3_600_000;
const iso = (windows: readonly { start: Date; end: Date }[]) =>
  windows.map(({ start, end }) => `${start.toISOString()}/${end.toISOString()}`);

describe("parseWindow", () => {
  it.each([
    ["1d", 24 * HOUR],
    ["2d", 48 * HOUR],
    ["6h", 6 * HOUR],
    ["1h", HOUR],
    ["12h", 12 * HOUR],
  ])("%s", (text, want) => {
    expect(parseWindow(text)).toBe(want);
  });

  it.each(["", "0d", "1", "5h", "7h", "1m", "1.5h", "-1d", "1d "])(
    "refuses %j naming --window",
    (text) => {
      expect(() => parseWindow(text)).toThrow(ExportError);
      expect(() => parseWindow(text)).toThrow(/^--window: /);
    },
  );
});

describe("parseInterval", () => {
  it("reads <start>/<end> with Z or an offset", () => {
    const { start, end } = parseInterval("2022-11-01T00:00:00Z/2022-11-02T02:00:00+02:00");
    expect([start.toISOString(), end.toISOString()]).toEqual([
      "2022-11-01T00:00:00.000Z",
      "2022-11-02T00:00:00.000Z",
    ]);
  });

  it.each([
    "2022-11-01T00:00:00Z",
    "2022-11-01T00:00:00/2022-11-02T00:00:00Z",
    "2022-11-02T00:00:00Z/2022-11-01T00:00:00Z",
    "2022-11-01T00:00:00Z/2022-11-01T00:00:00Z",
    "2022-13-01T00:00:00Z/2022-14-01T00:00:00Z",
    "a/b",
  ])("refuses %j naming --interval", (text) => {
    expect(() => parseInterval(text)).toThrow(/^--interval: /);
  });
});

describe("windowsOf", () => {
  it("cuts whole days at UTC midnights", () => {
    const interval = parseInterval("2022-11-01T00:00:00Z/2022-11-04T00:00:00Z");
    expect(iso(windowsOf(interval, 24 * HOUR))).toEqual([
      "2022-11-01T00:00:00.000Z/2022-11-02T00:00:00.000Z",
      "2022-11-02T00:00:00.000Z/2022-11-03T00:00:00.000Z",
      "2022-11-03T00:00:00.000Z/2022-11-04T00:00:00.000Z",
    ]);
  });

  it("clips the first and last windows to an unaligned interval, boundaries still UTC-aligned", () => {
    const interval = parseInterval("2022-11-01T05:30:00+02:00/2022-11-01T13:15:00Z");
    expect(iso(windowsOf(interval, 6 * HOUR))).toEqual([
      "2022-11-01T03:30:00.000Z/2022-11-01T06:00:00.000Z",
      "2022-11-01T06:00:00.000Z/2022-11-01T12:00:00.000Z",
      "2022-11-01T12:00:00.000Z/2022-11-01T13:15:00.000Z",
    ]);
  });

  it("tiles the interval: consecutive windows share their boundary, none empty", () => {
    const interval = parseInterval("2022-10-30T22:17:00Z/2022-11-03T01:01:00Z");
    for (const length of [HOUR, 6 * HOUR, 24 * HOUR]) {
      const windows = windowsOf(interval, length);
      expect(windows[0]?.start).toEqual(interval.start);
      expect(windows.at(-1)?.end).toEqual(interval.end);
      for (const [i, window] of windows.entries()) {
        expect(window.start.getTime()).toBeLessThan(window.end.getTime());
        expect(window.end.getTime() - window.start.getTime()).toBeLessThanOrEqual(length);
        if (i > 0) expect(window.start).toEqual(windows[i - 1]?.end);
        if (i > 0) expect(window.start.getTime() % length).toBe(0);
      }
    }
  });
});

describe("units", () => {
  it("are steps × targets × windows, each with a key naming its file", () => {
    const windows = windowsOf(
      parseInterval("2022-11-01T00:00:00Z/2022-11-03T00:00:00Z"),
      24 * HOUR,
    );
    const units = unitsOf([1, 2], ["default", "triggered_goal"], windows);
    expect(units.map(unitKey)).toEqual([
      "step-1/default/20221101T000000Z_20221102T000000Z",
      "step-1/default/20221102T000000Z_20221103T000000Z",
      "step-1/triggered_goal/20221101T000000Z_20221102T000000Z",
      "step-1/triggered_goal/20221102T000000Z_20221103T000000Z",
      "step-2/default/20221101T000000Z_20221102T000000Z",
      "step-2/default/20221102T000000Z_20221103T000000Z",
      "step-2/triggered_goal/20221101T000000Z_20221102T000000Z",
      "step-2/triggered_goal/20221102T000000Z_20221103T000000Z",
    ]);
  });
});

describe("parseUnitKey", () => {
  it("reads back every key unitKey writes, and nothing else", () => {
    const unit = {
      stepIndex: 12,
      target: "triggered_goal" as const,
      window: { start: new Date("2022-11-01T06:00:00Z"), end: new Date("2022-11-01T06:00:01Z") },
    };
    expect(parseUnitKey(unitKey(unit))).toEqual(unit);
    for (const bad of [
      "step-0/default/20221101T000000Z_20221102T000000Z",
      "step-1/other/20221101T000000Z_20221102T000000Z",
      "step-1/default/20221102T000000Z_20221101T000000Z",
      "step-1/default/20221301T000000Z_20221402T000000Z",
      "step-1/default/20220230T000000Z_20220302T000000Z",
      "step-1/default/20221101T000000Z_20221102T000000Z.ndjson",
    ])
      expect(parseUnitKey(bad), bad).toBeUndefined();
  });
});

describe("parseExportInterval and parseDuration", () => {
  it("reads <start>/now, and refuses now where an instant is needed", () => {
    expect(parseExportInterval("2022-11-01T00:00:00Z/now")).toEqual({
      start: new Date("2022-11-01T00:00:00Z"),
      end: "now",
    });
    expect(() => parseInterval("2022-11-01T00:00:00Z/now")).toThrow(/^--interval: /);
  });

  it("refuses a fraction of a second: unit keys have second resolution", () => {
    expect(() => parseExportInterval("2022-11-01T00:00:00.250Z/now")).toThrow(
      /^--interval: must be whole seconds/,
    );
  });

  it.each([
    ["0", 0],
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["1h", HOUR],
    ["2d", 48 * HOUR],
  ])("reads the delay %s", (text, want) => {
    expect(parseDuration(text)).toBe(want);
  });

  it.each(["", "1", "-1h", "1.5h", "1w", "01h"])("refuses the delay %j naming --settle", (text) => {
    expect(() => parseDuration(text)).toThrow(/^--settle: /);
  });
});

describe("splitWindow", () => {
  const window = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });
  it("halves at the midpoint, rounded down to a whole second", () => {
    expect(iso(splitWindow(window("2022-11-01T00:00:00Z", "2022-11-02T00:00:00Z")) ?? [])).toEqual([
      "2022-11-01T00:00:00.000Z/2022-11-01T12:00:00.000Z",
      "2022-11-01T12:00:00.000Z/2022-11-02T00:00:00.000Z",
    ]);
    expect(iso(splitWindow(window("2022-11-01T00:00:00Z", "2022-11-01T00:00:03Z")) ?? [])).toEqual([
      "2022-11-01T00:00:00.000Z/2022-11-01T00:00:01.000Z",
      "2022-11-01T00:00:01.000Z/2022-11-01T00:00:03.000Z",
    ]);
  });

  it("cannot split one second", () => {
    expect(splitWindow(window("2022-11-01T00:00:00Z", "2022-11-01T00:00:01Z"))).toBeUndefined();
  });
});

describe("error messages name the option and the bad value", () => {
  it.each([
    [
      "parseWindow, no match",
      () => parseWindow("7x"),
      '--window: must be whole days or hours such as 1d, 6h or 1h, got "7x"',
    ],
    [
      "parseWindow, hours not dividing a day",
      () => parseWindow("5h", "window"),
      'window: hours must divide a day (1, 2, 3, 4, 6, 8, 12 or 24), got "5h"',
    ],
    [
      "parseInterval, now",
      () => parseInterval("2022-11-01T00:00:00Z/now"),
      '--interval: must end at an instant here, not now, got "2022-11-01T00:00:00Z/now"',
    ],
    [
      "parseInterval, no end",
      () => parseInterval("2022-11-01T00:00:00Z"),
      '--interval: must be <start>/<end> or <start>/now, ISO 8601 with Z or an offset, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z, got "2022-11-01T00:00:00Z"',
    ],
    [
      "parseInterval, reversed",
      () => parseInterval("2022-11-02T00:00:00Z/2022-11-01T00:00:00Z"),
      '--interval: the start must be before the end, got "2022-11-02T00:00:00Z/2022-11-01T00:00:00Z"',
    ],
    [
      "parseDuration, no match",
      () => parseDuration("1w"),
      '--settle: must be 0 or a whole number of s, m, h or d, such as 1h, got "1w"',
    ],
  ])("%s", (_, run, message) => {
    expect(run).toThrow(ExportError);
    expect(run).toThrow(message);
  });
});

describe("parsing refuses what the pattern does not match whole", () => {
  it.each([
    // A valid start and an end that is not an instant: a usage error, not a crash.
    "2022-11-01T00:00:00Z/2022-11-02T00:00:00",
    "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z/2022-11-03T00:00:00Z",
    "2022-11-01T00:00:00Z/now/2022-11-03T00:00:00Z",
    // An expanded year, which Date reads, is not the form asked for.
    "+002022-11-01T00:00:00Z/2022-11-02T00:00:00Z",
  ])("the interval %j", (text) => {
    expect(() => parseExportInterval(text)).toThrow(
      `--interval: must be <start>/<end> or <start>/now, ISO 8601 with Z or an offset, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z, got "${text}"`,
    );
  });

  it.each(["1h ", "90sx", "1hh"])("the delay %j", (text) => {
    expect(() => parseDuration(text)).toThrow(/^--settle: must be 0 or a whole number/);
  });

  it.each([
    // Not a key: a prefix, an empty window, a day or hour past its end that Date rolls over.
    "old/step-1/default/20221101T000000Z_20221102T000000Z",
    "step-1/default/20221101T000000Z_20221101T000000Z",
    "step-1/default/20220230T000000Z_20220303T000000Z",
    "step-1/default/20221101T240000Z_20221103T000000Z",
    // Not an instant at all (no Z), or letters: undefined, not a crash.
    "step-1/default/20221101T000000_20221102T000000Z",
    "step-1/default/start_20221102T000000Z",
  ])("the unit key %j", (key) => {
    expect(parseUnitKey(key)).toBeUndefined();
  });
});

describe("resolveInterval", () => {
  const day = { start: new Date("2022-11-01T00:00:00Z"), end: new Date("2022-11-02T00:00:00Z") };
  const now = new Date("2022-11-03T00:00:00Z");

  it("returns a closed interval as it is", () => {
    expect(resolveInterval(day, 0, now)).toEqual(day);
  });

  it("refuses a closed interval that is empty or reversed", () => {
    for (const interval of [
      { start: day.start, end: day.start },
      { start: day.end, end: day.start },
    ])
      expect(() => resolveInterval(interval, 0, now)).toThrow(
        new ExportError("interval", "the start must be before the end"),
      );
  });

  it("refuses a fraction of a second in either end, naming interval", () => {
    const late = new Date("2022-11-01T00:00:00.500Z");
    expect(() => resolveInterval({ start: late, end: day.end }, 0, now)).toThrow(
      "interval: must be whole seconds, got 2022-11-01T00:00:00.500Z",
    );
    expect(() => resolveInterval({ start: day.start, end: late }, 0, now)).toThrow(
      "interval: must be whole seconds, got 2022-11-01T00:00:00.500Z",
    );
    expect(() => resolveInterval({ start: late, end: "now" }, 0, now)).toThrow(
      "interval: must be whole seconds, got 2022-11-01T00:00:00.500Z",
    );
  });

  it("names the clock and the settled end when an open interval cannot start", () => {
    const open = { start: day.start, end: "now" } as const;
    expect(() => resolveInterval(open, 0, new Date(Number.NaN))).toThrow(
      "now: the clock gave an invalid date",
    );
    expect(() => resolveInterval(open, 3_600_000, new Date("2022-11-01T00:59:59.999Z"))).toThrow(
      "interval: the start 2022-11-01T00:00:00.000Z is not before now minus the settle delay (2022-10-31T23:59:59.000Z)",
    );
  });
});

describe("windowsOf refuses a window length that is not a positive whole number", () => {
  const second = { start: new Date("2022-11-01T00:00:00Z"), end: new Date("2022-11-01T00:00:01Z") };
  it.each([0, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("%s", (length) => {
    expect(() => windowsOf(second, length)).toThrow(
      new ExportError("window", `must be a positive whole number of milliseconds, got ${length}`),
    );
  });
});

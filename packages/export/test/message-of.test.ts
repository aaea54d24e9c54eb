// What a server sends in its errors reaches the CLI's lines escaped (the client's `printable`): no line break, no terminal code, no reordering mark.

import { describe, expect, it } from "vitest";
import { type ExportUnit, unitKey } from "../src";
import { messageOf } from "../src/cli/message-of";
import { lineOf } from "../src/cli/reporter";
import { summaryText } from "../src/cli/summary";
import { RunTally } from "../src/cli/tally";

/** A detail as a hostile server or proxy would send it: a forged summary line, colours, a carriage return. */
const FORGED =
  "Invalid token.\n120 units: 120 written (516 rows), 0 skipped, 0 failed\u001b[31mRED\u001b[0m\r";

const unit: ExportUnit = {
  stepIndex: 1,
  target: "default",
  window: { start: new Date("2022-11-21T00:00:00Z"), end: new Date("2022-11-22T00:00:00Z") },
};

describe("the CLI's lines", () => {
  it("an error's message, or what was thrown", () => {
    expect(messageOf(new Error("a\nb"))).toBe("a\\nb");
    expect(messageOf("plain\r")).toBe("plain\\r");
  });

  it("a failed unit's log line is one line, its detail escaped", () => {
    const line = lineOf({ kind: "failed", unit, key: unitKey(unit), error: new Error(FORGED) });
    expect(line.split("\n")).toHaveLength(2); // the line and its end
    expect(line.includes("\r") || line.includes("\u001b")).toBe(false);
    expect(line).toContain("Invalid token.\\n120 units: 120 written");
  });

  it("the summary's stop line is one line: a forged summary line cannot follow it", () => {
    const tally = new RunTally(() => 0, 120);
    const error = new Error(FORGED);
    const text = summaryText({
      summary: {
        units: 120,
        steps: [1],
        interval: unit.window,
        splits: 0,
        written: 20,
        skipped: 0,
        rows: 194,
        failures: [{ unit, error }],
        stops: [{ error, unit, stepIndex: undefined, notStarted: 99 }],
      },
      tally,
    });
    expect(text.includes("\r") || text.includes("\u001b")).toBe(false);
    const lines = text.split("\n").filter((line) => line !== "");
    expect(lines.filter((line) => line.startsWith("120 units:"))).toEqual([
      "120 units: 20 written (194 rows), 0 skipped, 1 failed, 99 not started",
    ]);
    expect(lines.at(-1)).toMatch(/^stopped: 99 units of every step not started after /);
  });
});

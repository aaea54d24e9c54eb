// The stub's estimate of a dataset's size (which decides whether it is held in memory) against a count.
import { WORKFLOW_SESSION_COLUMN } from "@giosg-reporting/contract";
import { createDataset, EVENTS_PER_SESSION, iterateEvents } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { expectedEvents } from "../../src/data/fixtures/fixture-source";

describe("expectedEvents", () => {
  it("is within 5 % of the default dataset's real count, with the measured events per session", () => {
    const dataset = createDataset();
    let events = 0;
    const sessions = new Set<string | null>();
    for (const row of iterateEvents(dataset)) {
      events += 1;
      sessions.add(row[WORKFLOW_SESSION_COLUMN]);
    }
    const meanPerSession = events / sessions.size;
    expect(Math.abs(meanPerSession / EVENTS_PER_SESSION - 1)).toBeLessThan(0.05);
    expect(Math.abs(expectedEvents(dataset) / events - 1)).toBeLessThan(0.05);
  });
});

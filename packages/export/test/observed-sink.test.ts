// The CLI's observed sink: each unit's rows counted as the sink reads them, one by one or in batches, and its start and end said, whole or not.
import { describe, expect, it } from "vitest";
import type { ExportSink, ExportUnit, UnitAnswer } from "../src";
import { observedSink } from "../src/cli/observed-sink";
import { RunTally } from "../src/cli/tally";
import { unitKey } from "../src/plan/units";

/** A clock that stands still. */
const still = () => 1_000;

const unitOf = (day: number, stepIndex = 1): ExportUnit => ({
  stepIndex,
  target: "default",
  window: {
    start: new Date(Date.UTC(2022, 10, day)),
    end: new Date(Date.UTC(2022, 10, day + 1)),
  },
});

describe("the observed sink", () => {
  /** A sink with a private field, as a class-based sink (PostgreSQL's) has. */
  class CountingSink implements ExportSink {
    readonly #finished = new Set<string>();
    isFinished(unit: ExportUnit) {
      return this.#finished.has(unitKey(unit));
    }
    finishedUnits() {
      return [];
    }
    async close() {}
    async writeUnit(unit: ExportUnit, answer: UnitAnswer) {
      let rows = 0;
      for await (const _ of answer.rows) {
        rows += 1;
        if (rows === 3 && unit.stepIndex === 2) throw new Error("disk full");
      }
      this.#finished.add(unitKey(unit));
      return rows;
    }
  }
  async function* rowsOf(count: number) {
    for (let row = 0; row < count; row += 1) yield { row };
  }

  it("counts each unit's rows as they pass and says when it ends, whole or not; the sink's other members are its own", async () => {
    const tally = new RunTally(still, 2);
    const seen: string[] = [];
    let rows = 0;
    const sink = observedSink(new CountingSink(), {
      started: (unit) => {
        seen.push(`started ${unit.stepIndex}`);
        return tally.started(unit);
      },
      row: () => {
        rows += 1;
        if (rows === 5) seen.push(`rows in progress ${tally.rowsSoFar}`);
      },
      ended: (unit) => {
        seen.push(`ended ${unit.stepIndex}`);
        tally.ended(unit);
      },
    });
    expect(await sink.writeUnit(unitOf(1), { fields: [], rows: rowsOf(7) })).toBe(7);
    expect(await sink.isFinished(unitOf(1))).toBe(true);
    await expect(sink.writeUnit(unitOf(1, 2), { fields: [], rows: rowsOf(7) })).rejects.toThrow(
      "disk full",
    );
    expect(await sink.isFinished(unitOf(1, 2))).toBe(false);
    expect(seen).toEqual(["started 1", "rows in progress 5", "ended 1", "started 2", "ended 2"]);
    expect(tally.current).toEqual([]);
  });
});

describe("the observed sink, read in batches", () => {
  it("counts the rows of each batch as the sink takes it", async () => {
    const tally = new RunTally(still, 1);
    const counted: number[] = [];
    const seen: { rows: number }[] = [];
    const sink = observedSink(
      {
        isFinished: () => false,
        finishedUnits: () => [],
        close: async () => {},
        async writeUnit(_unit: ExportUnit, answer: UnitAnswer) {
          let rows = 0;
          for await (const batch of answer.batches ?? []) rows += batch.rows.length;
          return rows;
        },
      },
      {
        started: (unit) => {
          const entry = tally.started(unit);
          seen.push(entry);
          return entry;
        },
        row: () => counted.push(tally.rowsSoFar),
        ended: (unit) => tally.ended(unit),
      },
    );
    async function* batchesOf(...sizes: number[]) {
      for (const size of sizes)
        yield {
          rows: Array.from({ length: size }, (_, row) => ({ row })),
          count: size,
          ndjson: new Uint8Array(),
        };
    }
    const answer = { fields: [], rows: (async function* () {})(), batches: batchesOf(3, 0, 4) };
    expect(await sink.writeUnit(unitOf(1), answer)).toBe(7);
    expect(counted).toEqual([3, 3, 7]);
    expect(seen[0]?.rows).toBe(7);
  });
});

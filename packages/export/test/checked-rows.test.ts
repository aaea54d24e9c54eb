// The row guard as a plain call (rowTimeChecker, rowsAndCheck) against the generator it stands beside: the same rows, counts and errors, alone, observed by the CLI, and through the PostgreSQL sink against a lying server.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@giosg-reporting/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ExportSink,
  exportSourceData,
  openFileSink,
  openPostgresSink,
  parseInterval,
  type Window,
} from "../src";
import { observedSink } from "../src/cli/observed-sink";
import { checkedRows, rowsAndCheck } from "../src/run/checked-rows";
import type { RowGuard } from "../src/run/guarded-rows";
import { type FakeRows, startFakeRows } from "./helpers/fake-rows";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";
import { freshTable, postgresUrl, withClient } from "./helpers/postgres";

const DAY = parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z");

const guardOf = (maxRows = 0): RowGuard => ({
  window: DAY,
  timeField: "timestamp",
  maxRows,
  count: { rows: 0 },
});

async function* listed(rows: readonly object[]) {
  yield* rows;
}

/** What a way of taking checked rows gave: the rows passed, the count, the error's class and message. */
async function taken(rows: readonly object[], maxRows: number, byCall: boolean) {
  const guard = guardOf(maxRows);
  const checked = checkedRows(listed(rows), guard);
  const passed: object[] = [];
  const times: number[] = [];
  try {
    if (byCall) {
      const { rows: unchecked, check } = rowsAndCheck(checked);
      for await (const row of unchecked) {
        times.push((check as (row: object) => number)(row));
        passed.push(row);
      }
    } else for await (const row of checked) passed.push(row);
  } catch (error) {
    return {
      passed,
      times,
      count: guard.count.rows,
      error: `${(error as Error).name}: ${(error as Error).message}`,
    };
  }
  return { passed, times, count: guard.count.rows, error: undefined };
}

const at = (time: unknown) => ({ timestamp: time });

describe("rows checked by a plain call", () => {
  it.each([
    [
      "in order, inside the window",
      [
        at("2022-11-01T00:00:00.000Z"),
        at("2022-11-01T00:00:00.000Z"),
        at("2022-11-01T23:59:59.999Z"),
      ],
      0,
    ],
    ["one before the window", [at("2022-11-01T10:00:00.000Z"), at("2022-10-31T23:59:59.000Z")], 0],
    ["one at the window's end", [at("2022-11-02T00:00:00.000Z")], 0],
    ["out of time order", [at("2022-11-01T10:00:00.000Z"), at("2022-11-01T09:59:59.000Z")], 0],
    ["a time that is not an instant", [at("2022-11-01T10:00:00.000Z"), at("yesterday")], 0],
    ["a number as the time", [at(2022)], 0],
    ["a missing time", [{}], 0],
    [
      "past the bound",
      [
        at("2022-11-01T01:00:00.000Z"),
        at("2022-11-01T02:00:00.000Z"),
        at("2022-11-01T03:00:00.000Z"),
      ],
      2,
    ],
  ])("%s: the same rows, count and error as the generator", async (_name, rows, maxRows) => {
    const byGenerator = await taken(rows, maxRows, false);
    const byCall = await taken(rows, maxRows, true);
    expect({ ...byCall, times: undefined }).toEqual({ ...byGenerator, times: undefined });
    // Each call returns the row's time, which the PostgreSQL sink writes.
    expect(byCall.times).toEqual(
      byCall.passed.map((row) => Date.parse((row as { timestamp: string }).timestamp)),
    );
  });

  it("are iterated as they are when the export did not check them", async () => {
    const rows = listed([at("whenever")]);
    const parts = rowsAndCheck(rows);
    expect(parts.rows).toBe(rows);
    expect(parts.check).toBeUndefined();
  });

  it("are counted by the CLI's progress whichever way the sink takes them", async () => {
    const seen: { byCall: number; iterated: number } = { byCall: 0, iterated: 0 };
    for (const byCall of [true, false]) {
      let counted = 0;
      let entry = { rows: 0 };
      const sink = observedSink(
        {
          isFinished: () => false,
          finishedUnits: () => [],
          close: async () => {},
          async writeUnit(_unit, answer) {
            let rows = 0;
            if (byCall) {
              const { rows: unchecked, check } = rowsAndCheck(answer.rows);
              for await (const row of unchecked) {
                check?.(row);
                rows += 1;
              }
            } else for await (const _row of answer.rows) rows += 1;
            return rows;
          },
        } satisfies ExportSink,
        {
          started: () => {
            entry = { rows: 0 };
            return entry;
          },
          row: () => {
            counted += 1;
          },
          ended: () => {},
        },
      );
      const rows = [at("2022-11-01T01:00:00.000Z"), at("2022-11-01T02:00:00.000Z")];
      const written = await sink.writeUnit(
        { stepIndex: 1, target: "default", window: DAY },
        { fields: [], rows: checkedRows(listed(rows), guardOf()) },
      );
      expect([written, entry.rows]).toEqual([2, 2]);
      seen[byCall ? "byCall" : "iterated"] = counted;
    }
    expect(seen).toEqual({ byCall: 2, iterated: 2 });
  });
});

describe("the PostgreSQL sink against a server that sends rows it should not", () => {
  let dir: string;
  let fake: FakeRows | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "export-checked-"));
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Exports the day through the fake into `sink`: the summary's failures' messages and its rows. */
  async function exportInto(sink: ExportSink, maxWindowRows?: number) {
    const summary = await exportSourceData({
      client: createClient({ token: "demo", baseUrl: (fake as FakeRows).url, retry: false }),
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: DAY,
      ...(maxWindowRows === undefined ? {} : { maxWindowRows }),
      sink,
    });
    return {
      failures: summary.failures.map(({ error }) => `${error.name}: ${error.message}`),
      rows: summary.rows,
      splits: summary.splits,
    };
  }

  it.each([
    [
      "a row before the window",
      ["2022-11-01T10:00:00.000Z", "2022-10-31T23:59:59.000Z"],
      undefined,
    ],
    [
      "a row out of time order",
      ["2022-11-01T10:00:00.000Z", "2022-11-01T09:59:59.000Z"],
      undefined,
    ],
    ["a row at the window's end", ["2022-11-02T00:00:00.000Z"], undefined],
    [
      "an answer past maxWindowRows (split)",
      ["2022-11-01T01:00:00.000Z", "2022-11-01T13:00:00.000Z", "2022-11-01T14:00:00.000Z"],
      2,
    ],
  ])(
    "%s: the same failures and rows as the file sink; nothing of a failed unit in the table",
    async (_name, instants, maxWindowRows) => {
      const inside = ({ start, end }: Window) =>
        instants.filter((instant) => {
          const time = Date.parse(instant);
          // A lying server answers every row for the whole day; an honest one, for the window asked.
          return maxWindowRows === undefined || (time >= start.getTime() && time < end.getTime());
        });
      fake = await startFakeRows(inside);
      const files = await exportInto(
        await openFileSink({ dir, workflowId: WORKFLOW }),
        maxWindowRows,
      );
      const table = freshTable();
      const postgres = await exportInto(
        await openPostgresSink({ connectionString: postgresUrl(), table, workflowId: WORKFLOW }),
        maxWindowRows,
      );
      expect(postgres).toEqual(files);
      const stored = await withClient((db) =>
        db.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${table}`),
      );
      expect(stored.rows[0]?.rows).toBe(files.rows);
      if (maxWindowRows === undefined) expect(files.failures).toHaveLength(1);
      else expect([files.splits, files.rows]).toEqual([1, 3]);
    },
  );
});

// The row guard over batches of any size against one row a batch: the same counts and errors; and the PostgreSQL sink against a lying server, as the file sink.
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
import { BatchRows } from "../src/run/batch-rows";
import { guardedBatches, type RowBatch, type RowGuard } from "../src/run/guarded-rows";
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

async function* listed<T>(items: readonly T[]) {
  yield* items;
}

/** What a way of taking the rows gave: the rows passed, the count, the error's class and message. */
async function taken(rows: readonly object[], maxRows: number, batchSize: number) {
  const guard = guardOf(maxRows);
  const passed: object[] = [];
  try {
    const batches: RowBatch[] = [];
    for (let at = 0; at < rows.length; at += batchSize)
      batches.push({
        rows: rows.slice(at, at + batchSize),
        count: rows.slice(at, at + batchSize).length,
        ndjson: new Uint8Array(),
      });
    for await (const row of new BatchRows(guardedBatches(listed(batches), guard))) passed.push(row);
  } catch (error) {
    return {
      passed: batchSize === 1 ? passed.length : "some",
      count: guard.count.rows,
      error: `${(error as Error).name}: ${(error as Error).message}`,
    };
  }
  return { passed: passed.length, count: guard.count.rows, error: undefined };
}

const at = (time: unknown) => ({ timestamp: time });

const encoder = new TextEncoder();

/**
 * What the guard made of `rows` given as a client asked for `rows: false` hands them: batches of
 * `batchSize` with no rows, their count, times (NaN where not a text) and NDJSON; and the rows a
 * sink reading them after all got.
 */
async function takenWithoutRows(rows: readonly object[], maxRows: number, batchSize: number) {
  const guard = guardOf(maxRows);
  const read: object[] = [];
  try {
    const batches: RowBatch[] = [];
    for (let k = 0; k < rows.length; k += batchSize) {
      const some = rows.slice(k, k + batchSize);
      batches.push({
        rows: [],
        count: some.length,
        ndjson: encoder.encode(some.map((row) => `${JSON.stringify(row)}\n`).join("")),
        times: Float64Array.from(some, (row) => {
          const time = (row as { timestamp?: unknown }).timestamp;
          return typeof time === "string" ? Date.parse(time) : Number.NaN;
        }),
      });
    }
    for await (const batch of guardedBatches(listed(batches), guard)) {
      expect(batch.times).toHaveLength(batch.count);
      read.push(...batch.rows);
    }
  } catch (error) {
    return { read, count: guard.count.rows, error: error as Error };
  }
  return { read, count: guard.count.rows, error: undefined };
}

describe("rows checked in batches", () => {
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
  ])(
    "%s: the same count and error whatever the batches (one row a batch as the reference)",
    async (_name, rows, maxRows) => {
      const byRow = await taken(rows, maxRows, 1);
      for (const size of [1, 2, 5]) {
        const byBatch = await taken(rows, maxRows, size);
        expect({ ...byBatch, passed: undefined }).toEqual({ ...byRow, passed: undefined });
        // A batch is handed on whole or not at all: its rows before a failing one are not.
        if (byRow.error === undefined) expect(byBatch.passed).toBe(rows.length);
        // Batches without rows (their times alone): the same count and error; the same message
        // where the time is the API's own form; the rows, read after all, parsed from the NDJSON.
        const without = await takenWithoutRows(rows, maxRows, size);
        expect(without.count).toBe(byRow.count);
        expect(without.error && `${without.error.name}`).toBe(byRow.error?.split(":")[0]);
        const apiForm = rows.every((row) =>
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(
            String((row as { timestamp?: unknown }).timestamp),
          ),
        );
        if (apiForm && without.error)
          expect(`${without.error.name}: ${without.error.message}`).toBe(byRow.error);
        if (without.error?.message.includes("not an instant"))
          expect(without.error.message).toMatch(/^row \d+'s timestamp is not an instant$/);
        if (byRow.error === undefined) expect(without.read).toEqual(rows);
      }
    },
  );
});

describe("the times a checked batch carries", () => {
  it("are each row's time as the check read it, in ms, whatever the batch's size", async () => {
    const times = [
      "2022-11-01T00:00:00.000Z",
      "2022-11-01T00:00:00.000Z",
      "2022-11-01T05:06:07.089Z",
      "2022-11-01T23:59:59.999Z",
      // Past the API's own form: read by Date.parse.
      "2022-11-01T23:59:59.9999Z",
    ];
    for (const size of [1, 2, 5]) {
      const batches: RowBatch[] = [];
      for (let k = 0; k < times.length; k += size)
        batches.push({
          rows: times.slice(k, k + size).map(at),
          count: times.slice(k, k + size).length,
          ndjson: new Uint8Array(),
        });
      const seen: number[] = [];
      for await (const batch of guardedBatches(listed(batches), guardOf())) {
        expect(batch.times).toHaveLength(batch.rows.length);
        seen.push(...(batch.times ?? []));
      }
      expect(seen).toEqual(times.map((time) => Date.parse(time)));
    }
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

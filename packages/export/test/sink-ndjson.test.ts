// Which sinks are given NDJSON: the export asks the client for the rows' texts only for a sink that uses them (an NDJSON folder, PostgreSQL), not for CSV.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BatchOptions, createClient, type ReportingClient } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ExportSink,
  exportSourceData,
  openFileSink,
  openPostgresSink,
  parseInterval,
} from "../src";
import { observedSink } from "../src/cli/observed-sink";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";
import { freshTable, postgresUrl, withClient } from "./helpers/postgres";

const DAY = parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z");

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-sink-ndjson-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Exports a day in 6h units through `sink`: what each request asked for (NDJSON; rows in `built`),
 * and each batch's NDJSON size.
 */
async function exportThrough(sink: ExportSink) {
  const asked: (boolean | undefined)[] = [];
  const built: (boolean | undefined)[] = [];
  const ndjsonBytes: number[] = [];
  const real = createClient({ token: "demo", baseUrl: stub.url });
  const client: ReportingClient = {
    ...real,
    streamStepSourceDataBatches: (query, options?: BatchOptions) => {
      asked.push(options?.ndjson);
      built.push(options?.rows);
      return real.streamStepSourceDataBatches(query, options);
    },
  };
  const seeing: ExportSink = {
    ...(sink.writesNdjson === undefined ? {} : { writesNdjson: sink.writesNdjson }),
    ...(sink.readsRows === undefined ? {} : { readsRows: sink.readsRows }),
    isFinished: (unit) => sink.isFinished(unit),
    finishedUnits: () => sink.finishedUnits(),
    close: () => sink.close(),
    async writeUnit(unit, answer) {
      const batches = answer.batches;
      if (!batches) throw new Error("the export gave no batches");
      return sink.writeUnit(unit, {
        ...answer,
        batches: (async function* () {
          for await (const batch of batches) {
            ndjsonBytes.push(batch.ndjson.length);
            yield batch;
          }
        })(),
      });
    },
  };
  const summary = await exportSourceData({
    client,
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: DAY,
    window: "6h",
    sink: seeing,
  });
  expect(summary.failures).toEqual([]);
  expect(summary.rows).toBeGreaterThan(0);
  return { asked, built, ndjsonBytes };
}

describe("the rows' NDJSON", () => {
  it("is asked for by an NDJSON folder, and each batch brings it", async () => {
    const sink = await openFileSink({ dir, workflowId: WORKFLOW });
    expect(sink.writesNdjson).toBe(true);
    expect(sink.readsRows).toBe(false);
    const { asked, built, ndjsonBytes } = await exportThrough(sink);
    expect(asked).toEqual([true, true, true, true]);
    // It reads no row: the client builds none.
    expect(built).toEqual([false, false, false, false]);
    expect(ndjsonBytes.every((bytes) => bytes > 0)).toBe(true);
  });

  it("is not asked for by a CSV folder (it writes the rows)", async () => {
    const sink = await openFileSink({ dir, workflowId: WORKFLOW, format: "csv" });
    expect(sink.writesNdjson).toBe(false);
    expect(sink.readsRows).toBe(true);
    const { asked, built } = await exportThrough(sink);
    expect(asked).toEqual([false, false, false, false]);
    expect(built).toEqual([true, true, true, true]);
  });

  it("is asked for by PostgreSQL, which writes its COPY from it and builds no row: the rows land, the stub's", async () => {
    const table = freshTable();
    const sink = await openPostgresSink({
      connectionString: postgresUrl(),
      table,
      workflowId: WORKFLOW,
    });
    expect(sink.writesNdjson).toBe(true);
    expect(sink.readsRows).toBe(false);
    const { asked, built, ndjsonBytes } = await exportThrough(sink);
    expect(asked).toEqual([true, true, true, true]);
    expect(built).toEqual([false, false, false, false]);
    expect(ndjsonBytes.every((bytes) => bytes > 0)).toBe(true);
    const want = await createClient({ token: "demo", baseUrl: stub.url }).getStepSourceData({
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      stepIndex: 1,
      target: "default",
      filters: [],
      interval: DAY,
    });
    const stored = await withClient(async (client) =>
      client.query<{ timestamp: Date; session_id: string | null; dim3: string | null }>(
        `SELECT "timestamp", session_id, dim3 FROM ${table} WHERE step_index = 1 AND target = 'default' ORDER BY "timestamp", session_id, dim3`,
      ),
    );
    const key = (row: {
      timestamp: string | Date;
      session_id: string | null;
      dim3: string | null;
    }) => `${new Date(row.timestamp).toISOString()} ${row.session_id} ${row.dim3}`;
    expect(want.data.length).toBeGreaterThan(0);
    expect(stored.rows.map(key).sort()).toEqual(want.data.map(key).sort());
  });

  it("is asked for by a sink that does not say (the default), and through the CLI's observed sink as its own sink says", async () => {
    const bare: ExportSink = {
      isFinished: () => false,
      finishedUnits: () => [],
      close: async () => {},
      async writeUnit(_unit, answer) {
        let rows = 0;
        for await (const batch of answer.batches ?? []) rows += batch.rows.length;
        return rows;
      },
    };
    const defaults = await exportThrough(bare);
    expect(defaults.asked).toEqual([true, true, true, true]);
    expect(defaults.built).toEqual([true, true, true, true]);
    const listener = { started: () => ({ rows: 0 }), row: () => {}, ended: () => {} };
    const csv = observedSink(
      await openFileSink({ dir, workflowId: WORKFLOW, format: "csv" }),
      listener,
    );
    expect(csv.writesNdjson).toBe(false);
    expect((await exportThrough(csv)).asked).toEqual([false, false, false, false]);
  });
});

describe("rows a sink said it reads none of", () => {
  it("are still whole when a wrapper of it reads them: parsed from the NDJSON, the same rows the client builds", async () => {
    const ndjson = await openFileSink({ dir, workflowId: WORKFLOW });
    const read: object[] = [];
    // A wrapper that spreads the NDJSON folder (its readsRows: false with it) and reads the rows.
    const wrapper: ExportSink = {
      ...ndjson,
      writeUnit: async (unit, answer) => {
        const rows: object[] = [];
        for await (const row of answer.rows) rows.push(row);
        read.push(...rows);
        return ndjson.writeUnit(unit, { fields: answer.fields, rows: listed(rows) });
      },
    };
    expect(wrapper.readsRows).toBe(false);
    const { built } = await exportThrough(wrapper);
    expect(built).toEqual([false, false, false, false]);
    const client = createClient({ token: "demo", baseUrl: stub.url });
    const whole: object[] = [];
    for await (const row of client.iterateStepSourceData({
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      stepIndex: 1,
      filters: [],
      interval: DAY,
    }))
      whole.push(row);
    expect(whole.length).toBeGreaterThan(0);
    expect(read).toEqual(whole);
  });
});

async function* listed<T>(items: readonly T[]) {
  yield* items;
}

// streamStepSourceDataBatches with `rows: false`: the same NDJSON, counts and times as the rows would give, none of them built; rows in other forms parsed and checked; hostile servers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions, createClient, type RowBatch } from "../src/index";
import { DATASET, documented, type Setup, setUp } from "./helpers";
import {
  type Ending,
  ending,
  FIELDS_JSON,
  type Hostile,
  heapGrowthOf,
  hostile,
  JSON_HEADERS,
  MiB,
  OPENING,
  pour,
  ROW_JSON,
} from "./helpers/hostile";

const { limit: _, ...unlimited } = documented;
const query = { ...unlimited, filters: [], interval: DATASET };
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Every batch of a query, read to the end. */
async function batchesOf(
  client: ReturnType<Setup["client"]>,
  q: typeof query & { basic?: boolean },
  rows: boolean,
) {
  const answer = await client.streamStepSourceDataBatches(q, { rows });
  const batches: RowBatch<unknown>[] = [];
  for await (const batch of answer.batches) batches.push(batch);
  return batches;
}

/** The batches' NDJSON, joined. */
const ndjsonOf = (batches: readonly RowBatch<unknown>[]) =>
  Buffer.concat(batches.map((batch) => batch.ndjson));

describe.each(["in-process", "socket"] as const)(
  "batches without rows, from the stub (%s)",
  (mode) => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await setUp(mode);
    });
    afterAll(() => setup.close());

    it.each([
      [false, "timestamp"],
      [true, "Date & Time"],
    ] as const)(
      "hold no row, but the same NDJSON, count and times as the rows (basic: %s)",
      async (basic, time) => {
        const q = { ...query, basic };
        const withRows = await batchesOf(setup.client(), q, true);
        const without = await batchesOf(setup.client(), q, false);
        const rows = withRows.flatMap((batch) => batch.rows) as Record<string, string>[];
        expect(rows.length).toBeGreaterThan(100);
        expect(without.length).toBeGreaterThan(1);
        expect(without.every((batch) => batch.rows.length === 0)).toBe(true);
        expect(without.reduce((sum, batch) => sum + batch.count, 0)).toBe(rows.length);
        expect(withRows.every((batch) => batch.count === batch.rows.length)).toBe(true);
        expect(ndjsonOf(without).equals(ndjsonOf(withRows))).toBe(true);
        for (const batch of without) expect(batch.times).toHaveLength(batch.count);
        expect(without.flatMap((batch) => [...(batch.times ?? [])])).toEqual(
          rows.map((row) => Date.parse(row[time] as string)),
        );
        expect(withRows.every((batch) => batch.times === undefined)).toBe(true);
      },
    );
  },
);

describe("batches without rows against a hostile server", () => {
  let servers: Hostile[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  const serve = async (body: string | Buffer) => {
    const server = await hostile((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(body);
    });
    servers.push(server);
    return server;
  };
  const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
    createClient({ token: "t", baseUrl: server.url, retry: false, ...options });
  /** Reads every batch without rows: the count, times and NDJSON handed out before the ending, and the ending. */
  const read = async (server: Hostile, options: Partial<ClientOptions> = {}) => {
    let count = 0;
    const times: number[] = [];
    const lines: string[] = [];
    const result: Ending = await ending(async () => {
      const answer = await clientOf(server, options).streamStepSourceDataBatches(documented, {
        rows: false,
      });
      for await (const batch of answer.batches) {
        expect(batch.rows).toHaveLength(0);
        count += batch.count;
        times.push(...(batch.times ?? []));
        lines.push(decode(batch.ndjson));
      }
    });
    return { count, times, ndjson: lines.join(""), result };
  };
  const TIME = Date.parse(JSON.parse(ROW_JSON).timestamp);

  it("a row that breaks the contract: the rows before it are handed out, then its typed error", async () => {
    const server = await serve(
      `${OPENING}${ROW_JSON},${ROW_JSON},{"timestamp":"yesterday"},${ROW_JSON}]}`,
    );
    const { count, times, ndjson, result } = await read(server);
    expect(count).toBe(2);
    expect(times).toEqual([TIME, TIME]);
    expect(ndjson).toBe(`${ROW_JSON}\n${ROW_JSON}\n`);
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", attempts: 1 });
    expect(result.ok || result.message).toContain("row 2");
  });

  it("a row of another form that breaks the contract (a number as text, keys spread over lines): its typed error", async () => {
    const broken = ROW_JSON.replace('"event_version":1', '"event_version":"1"').replace(
      ',"source"',
      ',\n "source"',
    );
    const { count, result } = await read(await serve(`${OPENING}${ROW_JSON},${broken}]}`));
    expect(count).toBe(1);
    expect(result).toMatchObject({ ok: false, kind: "invalid-response" });
    expect(result.ok || result.message).toContain("row 1");
  });

  it("rows in other forms (keys reordered, spread over lines, bytes not UTF-8): parsed, checked, timed, one valid line each", async () => {
    const row = JSON.parse(ROW_JSON) as Record<string, unknown>;
    const { timestamp, ...rest } = row;
    const reordered = JSON.stringify({ ...rest, timestamp });
    const spread = ROW_JSON.replace(',"source"', ',\r\n  "source"');
    const bad = Buffer.from(ROW_JSON.replace('"label":"', '"label":"\u0001'));
    bad[bad.indexOf(1)] = 0xff;
    const server = await serve(
      Buffer.concat([
        Buffer.from(`${OPENING}${reordered},\n${spread} , ${ROW_JSON},`),
        bad,
        Buffer.from("]}"),
      ]),
    );
    const { count, times, ndjson, result } = await read(server);
    expect(result).toEqual({ ok: true });
    expect(count).toBe(4);
    expect(times).toEqual([TIME, TIME, TIME, TIME]);
    const lines = ndjson.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines[0]).toBe(reordered);
    expect(lines[1]).toBe(JSON.stringify(JSON.parse(spread)));
    expect(lines[2]).toBe(ROW_JSON);
    expect((JSON.parse(lines[3] as string) as { label: string }).label).toMatch(/^\uFFFD/);
    expect(Buffer.from(ndjson).equals(Buffer.from(new TextEncoder().encode(ndjson)))).toBe(true);
  });

  it("without validateResponse, a row of another form that breaks the contract is handed out, with its time", async () => {
    const broken = ROW_JSON.replace('"event_version":1', '"event_version":"1"');
    const server = await serve(`${OPENING}${broken},${ROW_JSON}]}`);
    const { count, times, ndjson, result } = await read(server, { validateResponse: false });
    expect(result).toEqual({ ok: true });
    expect(count).toBe(2);
    expect(times).toEqual([TIME, TIME]);
    expect(ndjson).toBe(`${broken}\n${ROW_JSON}\n`);
  });

  it("fields whose first datetime field is not the rows' time column: rows parsed, timed by that field", async () => {
    const fields = JSON.parse(FIELDS_JSON) as { name: string; type: string }[];
    const valueFirst = JSON.stringify([{ name: "value", type: "datetime", tz: "UTC" }, ...fields]);
    const server = await serve(`{"fields":${valueFirst},"data":[${ROW_JSON},${ROW_JSON}]}`);
    const { count, times, ndjson, result } = await read(server, { validateResponse: false });
    expect(result).toEqual({ ok: true });
    expect(count).toBe(2);
    // `value` is a number, not an instant.
    expect(times).toEqual([Number.NaN, Number.NaN]);
    expect(ndjson).toBe(`${ROW_JSON}\n${ROW_JSON}\n`);
  });

  it("endless valid rows, read a batch at a time and left early: the heap stays flat", async () => {
    const server = await hostile((__, response, counter) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING);
      void pour(response, counter, () => `${ROW_JSON},`.repeat(200), 4096 * MiB);
    });
    servers.push(server);
    let rows = 0;
    const growth = await heapGrowthOf(async () => {
      const answer = await clientOf(server).streamStepSourceDataBatches(documented, {
        rows: false,
      });
      for await (const batch of answer.batches) {
        rows += batch.count;
        if (rows >= 200_000) break;
      }
    });
    expect(rows).toBeGreaterThanOrEqual(200_000);
    expect(growth).toBeLessThan(64 * MiB);
  });
});

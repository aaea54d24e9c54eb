// streamStepSourceDataBatches: the same rows as streamStepSourceData, in batches whose NDJSON is the API's own bytes; and against hostile servers.
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

/** Every batch of the query, read to the end. */
async function batchesOf(client: ReturnType<Setup["client"]>, q = query) {
  const answer = await client.streamStepSourceDataBatches(q);
  const batches: RowBatch<unknown>[] = [];
  for await (const batch of answer.batches) batches.push(batch);
  return { fields: answer.fields, batches };
}

describe.each(["in-process", "socket"] as const)("batches from the stub (%s)", (mode) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp(mode);
  });
  afterAll(() => setup.close());

  it.each([false, true])(
    "hold the stream's rows, and NDJSON that is the answer's own bytes (basic: %s)",
    async (basic) => {
      const q = { ...query, basic };
      const { fields, rows } = await setup.client().streamStepSourceData(q);
      const want: unknown[] = [];
      for await (const row of rows) want.push(row);
      const got = await batchesOf(setup.client(), q);
      expect(got.fields).toEqual(fields);
      expect(got.batches.length).toBeGreaterThan(1);
      expect(got.batches.flatMap((batch) => batch.rows)).toEqual(want);
      // Each batch's NDJSON: one line a row of the batch; all of them, commas for line feeds, are
      // the answer's `data` as it came over the wire, byte for byte.
      for (const batch of got.batches)
        expect(decode(batch.ndjson).split("\n").slice(0, -1)).toHaveLength(batch.rows.length);
      const ndjson = got.batches.map((batch) => decode(batch.ndjson)).join("");
      const answer = await (
        await setup.stub.fetch(
          `http://stub.test/api/reporting/workflow/v1/orgs/${q.organizationId}/workflows/${q.workflowId}/step/${q.stepIndex}`,
          {
            method: "POST",
            headers: { authorization: "Token demo", "content-type": "application/json" },
            body: JSON.stringify({ interval: DATASET, filters: [], basic }),
          },
        )
      ).text();
      const data = answer.slice(answer.indexOf('"data":[') + 8, answer.lastIndexOf("]"));
      expect(ndjson.slice(0, -1).replaceAll("\n", ",")).toBe(data);
      expect(
        ndjson
          .split("\n")
          .slice(0, -1)
          .map((line) => JSON.parse(line)),
      ).toEqual(want);
    },
  );

  it("asked without NDJSON: the same rows in batches, each batch's ndjson empty", async () => {
    const { rows } = await setup.client().streamStepSourceData(query);
    const want: unknown[] = [];
    for await (const row of rows) want.push(row);
    const answer = await setup.client().streamStepSourceDataBatches(query, { ndjson: false });
    const batches: RowBatch<unknown>[] = [];
    for await (const batch of answer.batches) batches.push(batch);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap((batch) => batch.rows)).toEqual(want);
    expect(batches.every((batch) => batch.ndjson.length === 0)).toBe(true);
  });

  it("an empty answer: no batch with rows, and no NDJSON", async () => {
    const empty = {
      ...query,
      interval: { start: "2030-01-01T00:00:00Z", end: "2030-01-02T00:00:00Z" },
    };
    const { batches } = await batchesOf(setup.client(), empty);
    expect(batches.flatMap((batch) => batch.rows)).toEqual([]);
    expect(batches.every((batch) => batch.ndjson.length === 0)).toBe(true);
  });

  it("the API's error is thrown by the call, as streamStepSourceData's", async () => {
    await expect(
      setup.client().streamStepSourceDataBatches({ ...query, stepIndex: 9 }),
    ).rejects.toMatchObject({ kind: "api", status: 404 });
  });
});

describe("batches against a hostile server", () => {
  let servers: Hostile[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  const serve = async (answer: Parameters<typeof hostile>[0]) => {
    const server = await hostile(answer);
    servers.push(server);
    return server;
  };
  const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
    createClient({ token: "t", baseUrl: server.url, retry: false, ...options });
  /** Reads every batch: the rows handed out before the ending, and the ending. */
  const read = async (server: Hostile, options: Partial<ClientOptions> = {}) => {
    const rows: unknown[] = [];
    const lines: string[] = [];
    const result: Ending = await ending(async () => {
      const answer = await clientOf(server, options).streamStepSourceDataBatches(documented);
      for await (const batch of answer.batches) {
        rows.push(...batch.rows);
        lines.push(decode(batch.ndjson));
      }
    });
    return { rows, ndjson: lines.join(""), result };
  };

  it("a row that breaks the contract: the rows before it are handed out, then its typed error", async () => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(`${OPENING}${ROW_JSON},${ROW_JSON},{"timestamp":"yesterday"},${ROW_JSON}]}`);
    });
    const { rows, ndjson, result } = await read(server);
    expect(rows).toHaveLength(2);
    expect(ndjson).toBe(`${ROW_JSON}\n${ROW_JSON}\n`);
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", attempts: 1 });
    expect(result.ok || result.message).toContain("row 2");
  });

  it.each([
    ["one batch, its NDJSON each row's line in order", 6],
    ["a row that breaks the contract in the second read: the rows before it, their lines only", 4],
  ])("rows held until fields comes, over several reads: %s", async (_name, good) => {
    // Rows told apart by their labels; each chunk is a read of its own (a body of chosen chunks).
    const rowAt = (k: number) =>
      k === good
        ? ROW_JSON.replace(/"timestamp":"[^"]*"/, '"timestamp":"yesterday"')
        : ROW_JSON.replace('"label":"', `"label":"row ${k} `);
    const chunks = [
      `{"data":[${rowAt(0)},${rowAt(1)},`,
      `${rowAt(2)},${rowAt(3)},${rowAt(4)},`,
      `${rowAt(5)}],"fields":${FIELDS_JSON}}`,
    ];
    const client = createClient({
      token: "t",
      baseUrl: "http://api.test",
      retry: false,
      fetch: async () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
            controller.close();
          },
        });
        return new Response(body, { headers: JSON_HEADERS });
      },
    });
    const batches: RowBatch<unknown>[] = [];
    const result = await ending(async () => {
      const answer = await client.streamStepSourceDataBatches(documented);
      for await (const batch of answer.batches) batches.push(batch);
    });
    expect(result.ok).toBe(good === 6);
    const want = Array.from({ length: good }, (_, k) => rowAt(k));
    expect(batches.flatMap((batch) => batch.rows)).toEqual(want.map((row) => JSON.parse(row)));
    expect(batches.map((batch) => decode(batch.ndjson)).join("")).toBe(
      want.map((row) => `${row}\n`).join(""),
    );
  });

  it("asked without NDJSON, a row that breaks the contract: the rows before it, then its typed error", async () => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(`${OPENING}${ROW_JSON},${ROW_JSON},{"timestamp":"yesterday"},${ROW_JSON}]}`);
    });
    const rows: unknown[] = [];
    const result: Ending = await ending(async () => {
      const answer = await clientOf(server).streamStepSourceDataBatches(documented, {
        ndjson: false,
      });
      for await (const batch of answer.batches) {
        expect(batch.ndjson).toHaveLength(0);
        rows.push(...batch.rows);
      }
    });
    expect(rows).toHaveLength(2);
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", attempts: 1 });
  });

  it("rows written across lines, and bytes that are not UTF-8: still one valid line a row", async () => {
    const spread = ROW_JSON.replace(',"source"', ',\r\n  "source"');
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      const bad = Buffer.from(ROW_JSON.replace('"label":"', '"label":"\u0001'));
      bad[bad.indexOf(1)] = 0xff; // a byte that is not UTF-8, inside a string
      response.end(
        Buffer.concat([Buffer.from(`${OPENING}\n${spread},\n`), bad, Buffer.from("]}")]),
      );
    });
    const { rows, ndjson, result } = await read(server);
    expect(result).toEqual({ ok: true });
    const lines = ndjson.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line))).toEqual(rows);
    expect((rows[1] as { label: string }).label).toMatch(/^\uFFFD/);
    expect(Buffer.from(ndjson).equals(Buffer.from(new TextEncoder().encode(ndjson)))).toBe(true);
  });

  it("endless valid rows, read a batch at a time and left early: the heap stays flat", async () => {
    const server = await serve((__, response, counter) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING);
      void pour(response, counter, () => `${ROW_JSON},`.repeat(200), 4096 * MiB);
    });
    let rows = 0;
    const growth = await heapGrowthOf(async () => {
      const answer = await clientOf(server).streamStepSourceDataBatches(documented);
      for await (const batch of answer.batches) {
        rows += batch.rows.length;
        if (rows >= 200_000) break;
      }
    });
    expect(rows).toBeGreaterThanOrEqual(200_000);
    // 200,000 rows are about 250 MB of answer; a batch holds one read's rows.
    expect(growth).toBeLessThan(64 * MiB);
  });

  it("a stream that stalls: an idle timeout, saying so", async () => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(`{"fields":${FIELDS_JSON},"data":[${ROW_JSON},`);
    });
    const { rows, result } = await read(server, { timeoutMs: 200 });
    expect(rows).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("aborted while reading: the caller's abort, as a typed error", async () => {
    const server = await serve((__, response, counter) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING);
      void pour(response, counter, () => `${ROW_JSON},`, 64 * MiB);
    });
    const controller = new AbortController();
    const result = await ending(async () => {
      const answer = await clientOf(server).streamStepSourceDataBatches(documented, {
        signal: controller.signal,
      });
      for await (const _batch of answer.batches) controller.abort();
    });
    expect(result).toMatchObject({ ok: false, kind: "aborted" });
  });
});

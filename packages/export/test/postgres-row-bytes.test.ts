// The PostgreSQL sink's rows written from their JSON text against the same rows written from their objects: the same binary COPY, for every row the text is read from and every form left to JSON.parse; no text passes that JSON.parse would read otherwise.
import { createClient } from "@giosg-reporting/client";
import { ADVANCED_FIELDS, advancedResponseExample } from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInterval, UnitRowError } from "../src";
import type { ExportUnit } from "../src/plan/units";
import type { RowBatch } from "../src/run/guarded-rows";
import { BinaryRows, TIME_COLUMN } from "../src/sink/postgres/binary-rows";
import { copyChunks, utf8Lines } from "../src/sink/postgres/copy-chunks";
import { RowBytes } from "../src/sink/postgres/row-bytes";
import { ROW_COLUMNS } from "../src/sink/postgres/table";
import { MONTH, ORGANIZATION, WORKFLOW } from "./helpers/files";

const UNIT: ExportUnit = {
  stepIndex: 2,
  target: "triggered_goal",
  window: parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z"),
};
const [EXAMPLE] = advancedResponseExample.data;
const encoder = new TextEncoder();
const ROW_BYTES = new RowBytes(ROW_COLUMNS, TIME_COLUMN);

/** What a unit's BinaryRows hands out after `write`, as one buffer; or the error it threw. */
function copied(write: (rows: BinaryRows) => void): Buffer | { error: string } {
  const rows = new BinaryRows(WORKFLOW, UNIT);
  try {
    write(rows);
  } catch (error) {
    if (!(error instanceof UnitRowError)) throw error;
    return { error: error.message };
  }
  return Buffer.concat(rows.finish());
}

/** The row's JSON text written by `rowText` and its object by `row`, with the same time. */
function bothWays(line: string | Uint8Array, time: number) {
  const bytes = typeof line === "string" ? encoder.encode(line) : line;
  const text = typeof line === "string" ? line : Buffer.from(line).toString("utf8");
  return {
    fromText: copied((rows) => rows.rowText(bytes, 0, bytes.length, time)),
    fromObject: copied((rows) => rows.row(JSON.parse(text) as object, time)),
  };
}

/** Whether the row's text is read from its bytes (not left to JSON.parse). */
function readFromBytes(line: string | Uint8Array, time: number): boolean {
  const bytes = typeof line === "string" ? encoder.encode(line) : line;
  const room = new Uint8Array(ROW_BYTES.room(bytes.length));
  return ROW_BYTES.write(bytes, 0, bytes.length, room, 0, time) >= 0;
}

const rowAt = (index: number, changes: Record<string, unknown>) => ({
  ...EXAMPLE,
  timestamp: new Date(Date.parse("2022-11-01T12:00:00Z") + index * 1001).toISOString(),
  ...changes,
});
const timeOf = (row: { timestamp?: unknown }) =>
  typeof row.timestamp === "string" ? Date.parse(row.timestamp) : Number.NaN;

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

describe("a row written from its JSON text", () => {
  it("is read from its bytes for every row of the stub's month (step 1), and written as from its object", async () => {
    const client = createClient({ token: "demo", baseUrl: stub.url });
    const answer = await client.getStepSourceData({
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      stepIndex: 1,
      target: "default",
      filters: [],
      interval: parseInterval(MONTH),
    });
    expect(answer.data.length).toBeGreaterThan(100);
    const lines = answer.data.map((row) => JSON.stringify(row));
    const bytes = encoder.encode(`${lines.join("\n")}\n`);
    const fromText = copied((rows) => {
      for (let start = 0, k = 0; start < bytes.length; k += 1) {
        const end = bytes.indexOf(0x0a, start);
        expect(readFromBytes(bytes.subarray(start, end), timeOf(answer.data[k] ?? {}))).toBe(true);
        rows.rowText(bytes, start, end, timeOf(answer.data[k] ?? {}));
        start = end + 1;
      }
    });
    const fromObject = copied((rows) => {
      for (const row of answer.data) rows.row(row, timeOf(row));
    });
    expect(fromText).toEqual(fromObject);
  });

  it("gives the bytes of its object for any row: texts of any characters, lists, nulls, whole and other numbers", () => {
    // Mostly texts JSON writes without escapes (read from bytes), some with any character.
    const plain = fc.string({
      unit: fc.oneof(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
        fc.constantFrom("a", "Z", " ", "~", "ö", "☃", "𝄞"),
      ),
      maxLength: 40,
    });
    // Without a quote, a backslash or a control character (which JSON writes as escapes).
    const plainText = plain.filter(
      (value) => ![...value].some((c) => c === '"' || c === "\\" || c.charCodeAt(0) < 0x20),
    );
    const text = fc.oneof(
      { weight: 12, arbitrary: plainText },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const list = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.array(
          fc.oneof(
            { weight: 4, arbitrary: plainText },
            { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
            { weight: 1, arbitrary: fc.constant(null) },
          ),
          { maxLength: 4 },
        ),
      },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const whole = fc.oneof(
      { weight: 6, arbitrary: fc.integer() },
      { weight: 2, arbitrary: fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }) },
      { weight: 1, arbitrary: fc.maxSafeInteger() },
      { weight: 1, arbitrary: fc.constantFrom(0, -0, 10 ** 15, -(10 ** 15), 2 ** 62, 1.5, null) },
    );
    const number = fc.oneof(
      { weight: 6, arbitrary: whole },
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.constantFrom(1e21, 5e-324, -0, null) },
    );
    // Mostly instants whose microseconds are a safe integer (1715 – 2285), some of any year.
    const dateIn = (min: string, max: string) =>
      fc
        .date({ min: new Date(min), max: new Date(max), noInvalidDate: true })
        .map((date) => date.toISOString());
    const instant = fc.oneof(
      { weight: 6, arbitrary: dateIn("1900-01-01T00:00:00Z", "2100-12-31T23:59:59Z") },
      { weight: 1, arbitrary: dateIn("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z") },
    );
    let fromBytes = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          timestamp: instant,
          source: text,
          event_version: whole,
          organization_name: text,
          dim3: text,
          properties: list,
          partner_organization_ids: list,
          geo_city: text,
          value: number,
        }),
        fc.constantFrom(true, true, true, false),
        (changes, timed) => {
          const row = rowAt(0, changes);
          const line = JSON.stringify(row);
          const time = timed ? timeOf(row) : Number.NaN;
          runs += 1;
          if (readFromBytes(line, time)) fromBytes += 1;
          const { fromText, fromObject } = bothWays(line, time);
          expect(fromText).toEqual(fromObject);
        },
      ),
      { numRuns: 3000 },
    );
    // Not all left to JSON.parse: most rows with their time are read from their bytes.
    expect(fromBytes).toBeGreaterThan(runs / 5);
  });

  it.each([
    ["whitespace between its values", (line: string) => line.replace(',"source":', ', "source":')],
    ["a space before its colon", (line: string) => line.replace('"source":', '"source" :')],
    ["its keys in another order", () => JSON.stringify({ source: "x", ...rowAt(1, {}) })],
    ["an escaped key", (line: string) => line.replace('"source"', '"sourc\\u0065"')],
    ["an escape in a text", (line: string) => line.replace('"untrusted"', '"un\\ttrusted"')],
    ["an escaped slash", (line: string) => line.replace('"untrusted"', '"un\\/trusted"')],
    [
      "a whole number as 1.0",
      (line: string) => line.replace('"event_version":1', '"event_version":1.0'),
    ],
    [
      "a whole number as 1e0",
      (line: string) => line.replace('"event_version":1', '"event_version":1e0'),
    ],
    [
      "a number of 16 digits",
      (line: string) => line.replace('"value":1', '"value":1000000000000000'),
    ],
    [
      "a whole number past int64",
      (line: string) => line.replace('"event_version":1', '"event_version":12345678901234567890'),
    ],
    ["a fraction", (line: string) => line.replace('"value":1', '"value":0.5')],
    ["an instant to the microsecond", (line: string) => line.replace(/\.(\d{3})Z"/, '.$1456Z"')],
    ["an instant at an offset", (line: string) => line.replace('Z"', '+00:00"')],
    ["a missing column", (line: string) => line.replace(/,"dim3":("[^"]*"|null)/, "")],
    ["a column more", (line: string) => line.replace("}", ',"extra":1}')],
    [
      "a list of numbers",
      (line: string) => line.replace('"properties":[]', '"properties":[1,"a"]'),
    ],
    ["a number as a text", (line: string) => line.replace('"source":"untrusted"', '"source":42')],
  ])("is left to JSON.parse with %s, and written as from its object", (_name, edit) => {
    const line = edit(
      JSON.stringify(rowAt(1, { source: "untrusted", event_version: 1, value: 1, properties: [] })),
    );
    const row = JSON.parse(line) as { timestamp: string };
    const time = timeOf(row);
    expect(readFromBytes(line, time)).toBe(false);
    const { fromText, fromObject } = bothWays(line, time);
    expect(fromText).toEqual(fromObject);
  });

  it("reads -0 and the longest whole numbers as JSON.parse does", () => {
    for (const [event_version, value] of [
      ["-0", "-0"],
      ["999999999999999", "-999999999999999"],
      ["-1", "0"],
    ]) {
      const line = JSON.stringify(rowAt(6, { event_version: 7, value: 8 }))
        .replace('"event_version":7', `"event_version":${event_version}`)
        .replace('"value":8', `"value":${value}`);
      const time = timeOf(rowAt(6, {}));
      expect(readFromBytes(line, time)).toBe(true);
      const { fromText, fromObject } = bothWays(line, time);
      expect(fromText).toEqual(fromObject);
    }
  });

  it("is left to JSON.parse when its time is not given, or the row has text past its end", () => {
    const line = JSON.stringify(rowAt(2, {}));
    expect(readFromBytes(line, timeOf(rowAt(2, {})))).toBe(true);
    expect(readFromBytes(line, Number.NaN)).toBe(false);
    expect(readFromBytes(`${line} `, timeOf(rowAt(2, {})))).toBe(false);
    expect(readFromBytes(line.slice(0, -1), timeOf(rowAt(2, {})))).toBe(false);
  });

  it("reads nothing that JSON.parse would read otherwise: edited bytes pass only as the row JSON.parse makes of them", () => {
    const lines = [
      rowAt(3, { properties: ["a", null, "b"], dim2: null, value: -12, event_version: 0 }),
      rowAt(4, { organization_name: "Malmö ☃", partner_organization_ids: [] }),
    ].map((row) => encoder.encode(JSON.stringify(row)));
    const interesting = fc.constantFrom(
      0x00,
      0x09,
      0x0a,
      0x1f,
      0x20,
      0x22,
      0x2c,
      0x2d,
      0x30,
      0x31,
      0x39,
      0x3a,
      0x5b,
      0x5c,
      0x5d,
      0x6e,
      0x75,
      0x7b,
      0x7d,
      0x7f,
      0x80,
      0xc3,
      0xff,
    );
    let passed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...lines),
        fc.array(fc.tuple(fc.nat(), fc.oneof(interesting, fc.nat({ max: 255 }))), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.boolean(),
        (original, edits, remove) => {
          const bytes = Uint8Array.from(original);
          let edited: Uint8Array = bytes;
          for (const [at, value] of edits) {
            const index = at % edited.length;
            if (remove && edits.length === 1)
              edited = Uint8Array.from([
                ...edited.subarray(0, index),
                ...edited.subarray(index + 1),
              ]);
            else edited[index] = value;
          }
          // As the sink reads a batch's lines: as UTF-8 (a batch that is not is decoded first).
          edited = utf8Lines(edited);
          // The time as the client reads it: the edited row's own, when it still has one.
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.from(edited).toString("utf8"));
          } catch {
            parsed = undefined;
          }
          const originalTime = timeOf(JSON.parse(Buffer.from(original).toString("utf8")));
          const time =
            parsed === undefined ? originalTime : timeOf(parsed as { timestamp?: unknown });
          if (!readFromBytes(edited, time)) return;
          passed += 1;
          // Read from its bytes: JSON.parse takes it whole, to the same fields.
          expect(parsed).toBeTypeOf("object");
          const { fromText, fromObject } = bothWays(edited, time);
          expect(fromText).toEqual(fromObject);
        },
      ),
      { numRuns: 3000 },
    );
    expect(passed).toBeGreaterThan(0);
  });

  it("compares keys shorter than 8 bytes byte by byte", () => {
    const rowBytes = new RowBytes(
      [
        { name: "a", sqlType: "text" },
        { name: "bb", sqlType: "bigint" },
        { name: "list", sqlType: "text[]" },
      ],
      -1,
    );
    const write = (line: string) => {
      const bytes = encoder.encode(line);
      const to = new Uint8Array(rowBytes.room(bytes.length));
      const end = rowBytes.write(bytes, 0, bytes.length, to, 0, Number.NaN);
      return end < 0 ? undefined : [...to.subarray(0, end)];
    };
    const text = [0, 0, 0, 2, 0x78, 0x79];
    const whole = [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 12];
    const list = [0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25];
    expect(write('{"a":"xy","bb":12,"list":[]}')).toEqual([...text, ...whole, ...list]);
    expect(write('{"a":"xy","bc":12,"list":[]}')).toBeUndefined();
    expect(write('{"a":"xy","bb":12,"lisT":[]}')).toBeUndefined();
    expect(write('{"a":"xy","bb":12,"list":[]} ')).toBeUndefined();
    // With two instant columns the given time is the time column's alone: the other is left to JSON.parse.
    const twoTimes = new RowBytes(
      [
        { name: "created", sqlType: "timestamptz" },
        { name: "updated", sqlType: "timestamptz" },
      ],
      0,
    );
    const line = encoder.encode(
      '{"created":"2022-11-01T12:00:00.000Z","updated":"2022-11-01T12:00:00.000Z"}',
    );
    const to = new Uint8Array(twoTimes.room(line.length));
    expect(
      twoTimes.write(line, 0, line.length, to, 0, Date.parse("2022-11-01T12:00:00.000Z")),
    ).toBe(-1);
  });

  it("that is not a JSON object is a UnitRowError naming the row", () => {
    const good = JSON.stringify(rowAt(5, {}));
    for (const [line, message] of [
      ["{not json", "row 1 is not JSON"],
      // A byte order mark is not JSON: JSON.parse refuses it, so does the sink (no decoder drops it).
      [`\ufeff${good}`, "row 1 is not JSON"],
      [good.replace(/"event_version":\d+/, '"event_version":01'), "row 1 is not JSON"],
      [good.replace(/"event_version":\d+/, '"event_version":-'), "row 1 is not JSON"],
      [good.replace(/"properties":\[[^\]]*\]/, '"properties":["a" "b"]'), "row 1 is not JSON"],
      [good.replace(/"properties":\[[^\]]*\]/, '"properties":{]'), "row 1 is not JSON"],
      ["[1,2]", "row 1 is not a JSON object: [1,2]"],
      ["null", "row 1 is not a JSON object: null"],
    ] as const) {
      const result = copied((rows) => {
        const bytes = encoder.encode(good);
        rows.rowText(bytes, 0, bytes.length, timeOf(rowAt(5, {})));
        // With a time, as if a check had read one: the text is still JSON.parse's to refuse.
        const bad = encoder.encode(line);
        rows.rowText(bad, 0, bad.length, timeOf(rowAt(5, {})));
      });
      expect(result).toEqual({ error: expect.stringContaining(message) });
    }
  });
});

/** The binary COPY that copyChunks makes of `batches` for the unit, as one buffer; or its error. */
async function chunksOf(batches: readonly RowBatch[]): Promise<Buffer | { error: string }> {
  const chunks: Buffer[] = [];
  const answer = {
    fields: ADVANCED_FIELDS,
    rows: (async function* () {})(),
    batches: (async function* () {
      yield* batches;
    })(),
  };
  try {
    for await (const chunk of copyChunks(WORKFLOW, UNIT, answer, { rows: 0 })) chunks.push(chunk);
  } catch (error) {
    if (!(error instanceof UnitRowError)) throw error;
    return { error: error.message };
  }
  return Buffer.concat(chunks);
}

/** A batch of `rows` as the client hands it without rows: their NDJSON, count and times. */
const textBatch = (rows: readonly object[], times = rows.map(timeOf)): RowBatch => ({
  rows: [],
  count: rows.length,
  ndjson: encoder.encode(rows.map((row) => `${JSON.stringify(row)}\n`).join("")),
  times: Float64Array.from(times),
});

/** A batch of `rows` as objects, without NDJSON. */
const rowBatch = (rows: readonly object[], times = rows.map(timeOf)): RowBatch => ({
  rows,
  count: rows.length,
  ndjson: new Uint8Array(),
  times: Float64Array.from(times),
});

describe("a unit's COPY chunks", () => {
  const rows = Array.from({ length: 900 }, (_, index) =>
    rowAt(index, {
      dim3:
        index % 3 === 0 ? `a "quoted" text ${index}` : `https://example.com/${"x".repeat(index)}`,
      properties: index % 5 === 0 ? ["a", null] : [],
      geo_city: index % 2 === 0 ? "Malmö" : null,
    }),
  );
  const cuts = [0, 1, 2, 300, 301, 899, 900];
  const batchesOf = (make: (rows: readonly object[]) => RowBatch) =>
    cuts.slice(1).map((end, index) => make(rows.slice(cuts[index], end)));

  it("are the same from batches of NDJSON as from batches of rows, chunks of 256 KiB crossed", async () => {
    const fromRows = await chunksOf(batchesOf((part) => rowBatch(part)));
    expect(fromRows).toBeInstanceOf(Buffer);
    expect((fromRows as Buffer).length).toBeGreaterThan(2 * 256 * 1024);
    expect(await chunksOf(batchesOf((part) => textBatch(part)))).toEqual(fromRows);
  });

  it("write a batch's rows without times (or times too few) from their own instants", async () => {
    const fromRows = await chunksOf([rowBatch(rows.slice(0, 10), [])]);
    expect(await chunksOf([textBatch(rows.slice(0, 10), [])])).toEqual(fromRows);
    expect(await chunksOf([textBatch(rows.slice(0, 10), [timeOf(rows[0] ?? {})])])).toEqual(
      fromRows,
    );
  });

  it("read NDJSON that is not UTF-8 as JSON.parse reads its text: each ill-formed byte a U+FFFD", async () => {
    const batch = textBatch(rows.slice(0, 3));
    const ndjson = Uint8Array.from(batch.ndjson);
    // The first byte of the first "ö" (0xc3 0xb6) after the first row becomes 0xff: the third row's.
    const at = ndjson.indexOf(0xc3, ndjson.indexOf(0x0a) + 1);
    ndjson[at] = 0xff;
    const text = Buffer.from(ndjson).toString("utf8");
    const parsed = text
      .split("\n")
      .slice(0, 3)
      .map((line) => JSON.parse(line) as object);
    expect(parsed[2]).toMatchObject({ geo_city: "Malm\ufffd\ufffd" });
    expect(await chunksOf([{ ...batch, ndjson }])).toEqual(await chunksOf([rowBatch(parsed)]));
  });

  it("keep a byte order mark that starts NDJSON that is not UTF-8: its row is refused, as JSON.parse refuses it", async () => {
    const batch = textBatch(rows.slice(0, 2));
    const ndjson = Uint8Array.from([0xef, 0xbb, 0xbf, ...batch.ndjson, 0xff]);
    expect(await chunksOf([{ ...batch, ndjson }])).toEqual({
      error: expect.stringContaining("row 0 is not JSON"),
    });
  });

  it("refuse a batch whose NDJSON holds other than its count of rows", async () => {
    const batch = textBatch(rows.slice(0, 4));
    expect(await chunksOf([{ ...batch, count: 5 }])).toEqual({
      error: "a batch's NDJSON holds 4 rows where its count says 5",
    });
  });
});

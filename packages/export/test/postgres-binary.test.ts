// The PostgreSQL sink's binary COPY against the CSV COPY it replaced: the same values in PostgreSQL, byte for byte in their text, for the stub's rows and hostile ones; a value its column cannot hold is refused by row.
import { createClient, type Target } from "@giosg-reporting/client";
import {
  ADVANCED_COLUMNS,
  ADVANCED_FIELDS,
  advancedResponseExample,
} from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSourceData, openPostgresSink, parseInterval, UnitRowError, windowsOf } from "../src";
import type { ExportUnit } from "../src/plan/units";
import { BatchRows } from "../src/run/batch-rows";
import { guardedBatches } from "../src/run/guarded-rows";
import { copyCsv } from "./helpers/csv-copy";
import { MONTH, ORGANIZATION, WORKFLOW } from "./helpers/files";
import { freshTable, postgresUrl, withClient } from "./helpers/postgres";

const DAY = "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z";
const TARGETS: readonly Target[] = ["default", "triggered_goal"];
const STEPS = [1, 2, 3, 4];
const [EXAMPLE] = advancedResponseExample.data;

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

const unitOf = (stepIndex: number, target: Target = "default"): ExportUnit => ({
  stepIndex,
  target,
  window: parseInterval(DAY),
});

/** Creates the sink's tables under `table` (an empty export's). */
async function created(table: string): Promise<void> {
  const sink = await openPostgresSink({
    connectionString: postgresUrl(),
    table,
    workflowId: WORKFLOW,
  });
  await sink.close();
}

/** How rows reach the sink: as rows, in the export's checked batches of rows, or as NDJSON (its batches without rows). */
type Handed = "rows" | "checked" | "ndjson";

const encoder = new TextEncoder();

/** A batch of rows as the client hands it without rows: their JSON text as lines, their times. */
const ndjsonBatch = (rows: readonly object[]) => ({
  rows: [],
  count: rows.length,
  ndjson: encoder.encode(rows.map((row) => `${JSON.stringify(row)}\n`).join("")),
  times: Float64Array.from(rows, (row) => {
    const { timestamp } = row as { timestamp?: unknown };
    return typeof timestamp === "string" ? Date.parse(timestamp) : Number.NaN;
  }),
});

/** Writes `rows` as the unit by the sink (binary COPY), handed to it as `handed` says. */
async function writeBinary(
  table: string,
  unit: ExportUnit,
  rows: readonly object[],
  handed: Handed | boolean = "rows",
) {
  const checked = handed === true || handed === "checked";
  const sink = await openPostgresSink({
    connectionString: postgresUrl(),
    table,
    workflowId: WORKFLOW,
  });
  const answer = (async function* () {
    yield* rows;
  })();
  // Checked: as the export hands them, in guarded batches (the sink reads the batches).
  const batches = guardedBatches(
    (async function* () {
      for (let at = 0; at < rows.length; at += 100)
        yield {
          rows: rows.slice(at, at + 100),
          count: rows.slice(at, at + 100).length,
          ndjson: new Uint8Array(),
        };
    })(),
    { window: unit.window, timeField: "timestamp", maxRows: 0, count: { rows: 0 } },
  );
  // As NDJSON: straight to the sink, each row's time as a check would read it (NaN where none).
  const lines = (async function* () {
    for (let at = 0; at < rows.length; at += 100) yield ndjsonBatch(rows.slice(at, at + 100));
  })();
  try {
    return await sink.writeUnit(
      unit,
      handed === "ndjson"
        ? { fields: ADVANCED_FIELDS, rows: new BatchRows(lines), batches: lines }
        : checked
          ? { fields: ADVANCED_FIELDS, rows: new BatchRows(batches), batches }
          : { fields: ADVANCED_FIELDS, rows: answer },
    );
  } finally {
    await sink.close();
  }
}

/** Every row of `table` as PostgreSQL's text of it (every column, the unit's too), sorted. */
const rowTexts = (client: pg.Client, table: string) =>
  client
    .query<{ line: string }>(`SELECT t::text AS line FROM ${table} t ORDER BY t::text COLLATE "C"`)
    .then(({ rows }) => rows.map((row) => row.line));

/** Expects the same texts in the same order; a difference shows the first differing pair, cut (some rows are long). */
function expectSameTexts(got: readonly string[], want: readonly string[]): void {
  const at = want.findIndex((line, index) => got[index] !== line);
  const first =
    at === -1 ? undefined : { at, got: got[at]?.slice(0, 1500), want: want[at]?.slice(0, 1500) };
  expect(first).toBeUndefined();
  expect(got.length).toBe(want.length);
}

/** A row of the example at 12:00 plus `index` times 1.001 s, with `changes`. */
const rowAt = (index: number, changes: Record<string, unknown>) => ({
  ...EXAMPLE,
  timestamp: new Date(Date.parse("2022-11-01T12:00:00Z") + index * 1001).toISOString(),
  ...changes,
});

/** The rows in time order, as the export's check wants them. */
const inTimeOrder = (rows: readonly object[]) =>
  [...rows].sort(
    (a, b) =>
      Date.parse((a as { timestamp: string }).timestamp) -
      Date.parse((b as { timestamp: string }).timestamp),
  );

/** Every column the contract lets be null, null. */
const NULLABLE = Object.fromEntries(
  ADVANCED_COLUMNS.filter((column) => column.schema.safeParse(null).success).map((column) => [
    column.name,
    null,
  ]),
);

/** Rows the contract allows at its edges, and some it does not that the CSV path still wrote. */
const HOSTILE: readonly object[] = inTimeOrder([
  rowAt(0, NULLABLE),
  // Columns the contract never leaves null, null here; a column missing altogether.
  rowAt(1, {
    source: null,
    event_version: null,
    value: null,
    properties: null,
    partner_organization_ids: null,
    dim3: undefined,
  }),
  rowAt(2, { properties: [], partner_organization_ids: [] }),
  rowAt(3, { properties: [null, "a", null], partner_organization_ids: [null] }),
  rowAt(4, {
    properties: [
      "",
      "NULL",
      "a,b",
      "{x}",
      '"q"',
      "back\\slash",
      "\\N",
      "tab\t",
      "line\nbreak",
      " ",
    ],
  }),
  // Integers past 2 ** 53 were not exact as CSV (String(2 ** 62) is 4611686018427388000): the next test holds them.
  ...[2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 31, -(2 ** 31) - 1, 0, -1].map((event_version, index) =>
    rowAt(5 + index, { event_version }),
  ),
  ...[0.1, 1e300, 5e-324, -1.5, 123456789.12345679, 2 ** 53 + 2, -0, 1e21].map((value, index) =>
    rowAt(11 + index, { value }),
  ),
  rowAt(21, { timestamp: "2022-11-01T00:00:00.000Z" }),
  rowAt(22, { timestamp: "2022-11-01T23:59:59.999Z" }),
  rowAt(23, { timestamp: "2022-11-01T12:00:00.001Z" }),
  // Text at the edges: leading and lone non-ASCII, a surrogate pair, a lone surrogate, awkward ASCII.
  rowAt(24, {
    source: "ä",
    organization_name: "aä☃𝄞",
    label: "x\ud800y",
    dim4: "\\.",
    dim5: '"',
    geo_city: "",
  }),
  // Values of other types in text columns and lists, as the CSV path wrote them: numbers as they are, the rest as JSON.
  rowAt(25, { source: 42, organization_name: true, dim2: { a: [1, "b"] }, properties: [7, "x"] }),
  // Longer than a chunk: ASCII, and ASCII up to a last non-ASCII character (moved to a buffer of its own).
  rowAt(26, { dim3: "a".repeat(300_000), properties: ["b".repeat(70_000), "c".repeat(270_000)] }),
  rowAt(27, { dim3: `${"a".repeat(262_140)}ä`, dim4: "ö".repeat(100_000) }),
  ...Array.from({ length: 2000 }, (_, index) =>
    rowAt(28 + index, {
      dim1: `row ${index} ${"é".repeat(index % 7)}`,
      properties: [`k=${index}`],
    }),
  ),
]);

/** Rows only a caller without the export's check gives: instants written otherwise, kept to the microsecond. */
const UNCHECKED_TIMES: readonly object[] = [
  rowAt(0, { timestamp: "2022-11-01T12:00:00.123456Z" }),
  rowAt(1, { timestamp: "2022-11-01T12:00:00.1234567Z" }),
  rowAt(2, { timestamp: "2022-11-01T12:00:00.5Z" }),
  rowAt(3, { timestamp: "2022-11-01T14:00:00.250+02:00" }),
  rowAt(4, { timestamp: "2022-11-01T12:00:00Z" }),
];

describe("the binary COPY", () => {
  it("writes the stub's rows of a month, every step and target, as the CSV COPY did: the same text of every row", async () => {
    const [csv, binary] = [freshTable(), freshTable()];
    await created(csv);
    const client = createClient({ token: "demo", baseUrl: stub.url });
    const days = windowsOf(parseInterval(MONTH), 24 * 3_600_000);
    let rows = 0;
    await withClient(async (db) => {
      for (const stepIndex of STEPS)
        for (const target of TARGETS) {
          const answer = await client.getStepSourceData({
            organizationId: ORGANIZATION,
            workflowId: WORKFLOW,
            stepIndex,
            target,
            filters: [],
            interval: parseInterval(MONTH),
          });
          rows += answer.data.length;
          // Each day's rows as the export's unit of that day.
          for (const window of days) {
            const inside = answer.data.filter((row) => {
              const time = Date.parse(row.timestamp);
              return time >= window.start.getTime() && time < window.end.getTime();
            });
            await copyCsv(db, csv, WORKFLOW, { stepIndex, target, window }, inside);
          }
        }
    });
    const summary = await exportSourceData({
      client,
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: parseInterval(MONTH),
      steps: STEPS,
      targets: TARGETS,
      sink: await openPostgresSink({
        connectionString: postgresUrl(),
        table: binary,
        workflowId: WORKFLOW,
      }),
    });
    expect(summary.failures).toEqual([]);
    expect(summary.rows).toBe(rows);
    expect(rows).toBeGreaterThan(300);
    await withClient(async (db) => {
      const want = await rowTexts(db, csv);
      expect(want).toHaveLength(rows);
      expectSameTexts(await rowTexts(db, binary), want);
    });
  });

  it.each([
    ["checked by the export (its time reused)", HOSTILE, true],
    ["straight to the sink", HOSTILE, false],
    ["with instants written otherwise, straight to the sink", UNCHECKED_TIMES, false],
    ["as NDJSON (written from its bytes)", HOSTILE, "ndjson"],
    ["with instants written otherwise, as NDJSON", UNCHECKED_TIMES, "ndjson"],
  ] as const)(
    "writes rows at the edges %s as the CSV COPY did: NULLs, empty lists, NULL elements, big integers, milliseconds, long and non-ASCII texts",
    async (_name, rows, checked) => {
      const [csv, binary] = [freshTable(), freshTable()];
      await created(csv);
      await withClient((db) => copyCsv(db, csv, WORKFLOW, unitOf(1), rows));
      expect(await writeBinary(binary, unitOf(1), rows, checked)).toBe(rows.length);
      await withClient(async (db) => {
        const want = await rowTexts(db, csv);
        expect(want).toHaveLength(rows.length);
        expectSameTexts(await rowTexts(db, binary), want);
      });
    },
  );

  it.each([
    ["timestamp is the answer's first datetime field: the batch's times are written", true],
    ["another field comes first as a datetime: each row's own timestamp is", false],
  ])("%s", async (_name, timestampFirst) => {
    const table = freshTable();
    const rows = [rowAt(1, {}), rowAt(2, {})];
    // Times a check would not give (an hour later than the rows say): they show which time is written.
    const given = rows.map((row) => Date.parse(row.timestamp) + 3_600_000);
    const fields = timestampFirst
      ? ADVANCED_FIELDS
      : [
          { name: "source", type: "datetime" as const, tz: "UTC" as const },
          ...ADVANCED_FIELDS.filter((field) => field.name !== "source"),
        ];
    const sink = await openPostgresSink({
      connectionString: postgresUrl(),
      table,
      workflowId: WORKFLOW,
    });
    const batches = (async function* () {
      yield { rows, count: rows.length, ndjson: new Uint8Array(), times: Float64Array.from(given) };
    })();
    try {
      await sink.writeUnit(unitOf(1), { fields, rows: new BatchRows(batches), batches });
    } finally {
      await sink.close();
    }
    const stored = await withClient((db) =>
      db.query<{ time: Date }>(`SELECT "timestamp" AS time FROM ${table} ORDER BY "timestamp"`),
    );
    const written = stored.rows.map((row) => row.time.getTime());
    expect(written).toEqual(timestampFirst ? given : rows.map((row) => Date.parse(row.timestamp)));
  });

  it("keeps the values themselves: NULL elements, big integers, an instant to the microsecond", async () => {
    const table = freshTable();
    const rows = [
      rowAt(1, {
        event_version: 2 ** 62,
        value: 0.1,
        properties: [null, "", "a"],
        partner_organization_ids: [],
      }),
      rowAt(2, {
        timestamp: "2022-11-01T12:00:00.123456Z",
        event_version: -(2 ** 53 - 1),
        dim1: null,
      }),
    ];
    await writeBinary(table, unitOf(1), rows);
    const stored = await withClient((db) =>
      db.query(
        `SELECT event_version::text, value, properties, partner_organization_ids, dim1, to_char("timestamp" AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS time, window_start, step_index, workflow_id::text FROM ${table} ORDER BY "timestamp"`,
      ),
    );
    const unit = {
      window_start: new Date("2022-11-01T00:00:00Z"),
      step_index: 1,
      workflow_id: WORKFLOW,
    };
    expect(stored.rows).toEqual([
      {
        event_version: "-9007199254740991",
        value: EXAMPLE?.value,
        properties: EXAMPLE?.properties,
        partner_organization_ids: EXAMPLE?.partner_organization_ids,
        dim1: null,
        time: "12:00:00.123456",
        ...unit,
      },
      {
        event_version: "4611686018427387904",
        value: 0.1,
        properties: [null, "", "a"],
        partner_organization_ids: [],
        dim1: EXAMPLE?.dim1,
        time: "12:00:01.001000",
        ...unit,
      },
    ]);
  });
});

describe("a value its column cannot hold", () => {
  it.each(
    [
      [
        "a NUL in a text",
        { source: "ab\u0000c" },
        "row 2's source \"ab\\u0000c\" holds a NUL character (\\u0000), which PostgreSQL's text cannot",
      ],
      [
        "a NUL after non-ASCII",
        { dim4: "ä\u0000" },
        'row 2\'s dim4 "ä\\u0000" holds a NUL character',
      ],
      [
        "a NUL in a list",
        { properties: ["a", "\u0000"] },
        'row 2\'s properties "\\u0000" holds a NUL character',
      ],
      [
        "a fraction as an integer",
        { event_version: 1.5 },
        "row 2's event_version 1.5 is not a whole number PostgreSQL's bigint holds",
      ],
      [
        "a text as an integer",
        { event_version: "7" },
        'row 2\'s event_version "7" is not a whole number',
      ],
      [
        "an integer past int64",
        { event_version: 2 ** 63 },
        "row 2's event_version 9223372036854776000 is not a whole number",
      ],
      ["a text as a number", { value: "1" }, 'row 2\'s value "1" is not a number'],
      ["a text as a list", { properties: "{a}" }, 'row 2\'s properties "{a}" is not a list'],
      ["a number as the time", { timestamp: 5 }, "row 2's timestamp 5 is not an instant"],
    ].flatMap(([name, changes, message]) =>
      (["rows", "ndjson"] as const).map(
        (handed) =>
          [name as string, changes as Record<string, unknown>, message as string, handed] as const,
      ),
    ),
  )(
    "%s is a UnitRowError naming the row and the column; nothing of the unit is written (handed as %s)",
    async (_name, changes, message, handed) => {
      const table = freshTable();
      const rows = [rowAt(0, {}), rowAt(1, {}), rowAt(2, changes), rowAt(3, {})];
      const error = await writeBinary(table, unitOf(1), rows, handed).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UnitRowError);
      expect((error as Error).message).toContain(message);
      await withClient(async (db) => {
        const counts = await db.query(
          `SELECT (SELECT count(*) FROM ${table})::int AS rows, (SELECT count(*) FROM ${table}_units)::int AS units`,
        );
        expect(counts.rows).toEqual([{ rows: 0, units: 0 }]);
      });
    },
  );
});

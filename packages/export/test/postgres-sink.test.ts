// The PostgreSQL sink against a real server and the stub over a socket: exact rows, typed columns, reruns, wider windows, rollbacks, the lock.
import { readFile } from "node:fs/promises";
import { createClient, type Target } from "@giosg-reporting/client";
import { ADVANCED_FIELDS, advancedResponseExample } from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportError, exportSourceData, openPostgresSink, parseInterval } from "../src";
import type { ExportUnit } from "../src/plan/units";
import { ROW_COLUMNS } from "../src/sink/postgres/table";
import { unitStatements } from "../src/sink/postgres/unit-statements";
import { MONTH, ORGANIZATION, WORKFLOW } from "./helpers/files";
import {
  freshTable,
  multiset,
  postgresUrl,
  tableRows,
  unitLines,
  withClient,
} from "./helpers/postgres";

const TARGETS: readonly Target[] = ["default", "triggered_goal"];
/** Every step of the example workflow (step 5 answers 404 step_not_found). */
const STEPS = [1, 2, 3, 4];

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

const clientOf = (options: { fetch?: typeof fetch; retry?: false } = {}) =>
  createClient({ token: "demo", baseUrl: stub.url, ...options });

/** Exports `interval` of `steps` and both targets into `table`. */
const exportInto = async (
  table: string,
  options: {
    interval?: string;
    steps?: number[];
    window?: string;
    client?: ReturnType<typeof clientOf>;
    onPlan?: () => void;
  } = {},
) =>
  exportSourceData({
    ...(options.onPlan ? { onPlan: options.onPlan } : {}),
    client: options.client ?? clientOf(),
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: parseInterval(options.interval ?? MONTH),
    steps: options.steps ?? STEPS,
    targets: TARGETS,
    window: options.window ?? "1d",
    sink: await openPostgresSink({ connectionString: postgresUrl(), table, workflowId: WORKFLOW }),
  });

/** The stub's one unlimited answer for `interval`, as a multiset. */
async function wholeAnswer(step: number, target: Target, interval = MONTH): Promise<string[]> {
  const answer = await clientOf().getStepSourceData({
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    stepIndex: step,
    target,
    filters: [],
    interval: parseInterval(interval),
  });
  return multiset(JSON.parse(JSON.stringify(answer.data)));
}

const DAY = "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z";
const unitOf = (window: string, stepIndex = 1, target: Target = "default"): ExportUnit => ({
  stepIndex,
  target,
  window: parseInterval(window),
});

describe("an export into PostgreSQL", () => {
  it("writes, per step and target, exactly the stub's unlimited answer for the month, in typed columns", async () => {
    const table = freshTable();
    const summary = await exportInto(table);
    expect(summary).toMatchObject({ units: 4 * 2 * 30, written: 240, skipped: 0, failures: [] });
    await withClient(async (client) => {
      let total = 0;
      for (const step of STEPS)
        for (const target of TARGETS) {
          const want = await wholeAnswer(step, target);
          total += want.length;
          expect(await tableRows(client, table, WORKFLOW, step, target)).toEqual(want);
        }
      expect(summary.rows).toBe(total);
      expect(total).toBeGreaterThan(700);
      const { rows } = await client.query(
        "SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = $1",
        [table],
      );
      const types = Object.fromEntries(rows.map((row) => [row.column_name, row.udt_name]));
      expect(types).toMatchObject({
        workflow_id: "uuid",
        step_index: "int4",
        target: "text",
        window_start: "timestamptz",
        window_end: "timestamptz",
        timestamp: "timestamptz",
        event_version: "int8",
        organization_id: "text",
        properties: "_text",
        partner_organization_ids: "_text",
        dim1: "text",
        value: "float8",
      });
      // One column per contract field, plus the unit's five.
      expect(rows).toHaveLength(ADVANCED_FIELDS.length + 5);
      expect((await unitLines(client, table)).length).toBe(240);
      const index = await client.query("SELECT indexdef FROM pg_indexes WHERE tablename = $1", [
        table,
      ]);
      expect(index.rows.map((row) => row.indexdef)).toEqual([
        expect.stringContaining('(workflow_id, step_index, target, "timestamp")'),
      ]);
      const check = await client.query(
        "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = $1",
        [`${table}_in_window`],
      );
      expect(check.rows[0]?.definition).toContain("window_end");
    });
  });

  it("writes nothing on a rerun and leaves the same rows", async () => {
    const table = freshTable();
    const interval = "2022-11-01T00:00:00Z/2022-11-08T00:00:00Z";
    await exportInto(table, { interval, steps: [1, 2] });
    const before = await withClient(async (client) => ({
      rows: await tableRows(client, table, WORKFLOW, 1, "default"),
      units: await unitLines(client, table),
    }));
    const rerun = await exportInto(table, { interval, steps: [1, 2] });
    expect(rerun).toMatchObject({ units: 28, written: 0, skipped: 28, rows: 0, failures: [] });
    await withClient(async (client) => {
      expect(await tableRows(client, table, WORKFLOW, 1, "default")).toEqual(before.rows);
      expect(await unitLines(client, table)).toEqual(before.units);
    });
  });

  it("replaces, never duplicates: a 1d unit over 6h units, and a window overlapping an earlier one", async () => {
    const table = freshTable();
    const sixHours = await exportInto(table, { interval: DAY, steps: [1], window: "6h" });
    expect(sixHours).toMatchObject({ written: 8, failures: [] });
    // A 1d run of the same day finds it covered by the 6h units.
    expect(await exportInto(table, { interval: DAY, steps: [1] })).toMatchObject({
      written: 0,
      skipped: 2,
    });
    const sink = await openPostgresSink({
      connectionString: postgresUrl(),
      table,
      workflowId: WORKFLOW,
    });
    const answerOf = (unit: ExportUnit) =>
      clientOf().streamStepSourceData({
        organizationId: ORGANIZATION,
        workflowId: WORKFLOW,
        stepIndex: unit.stepIndex,
        target: unit.target,
        filters: [],
        interval: unit.window,
      });
    try {
      // The day rewritten as one unit: the four 6h units' rows and records are replaced.
      const day = unitOf(DAY);
      await sink.writeUnit(day, await answerOf(day));
      // A window across the day's end (not nested in it): the rows of its hours are replaced too.
      const across = unitOf("2022-11-01T20:00:00Z/2022-11-02T04:00:00Z");
      await sink.writeUnit(across, await answerOf(across));
    } finally {
      await sink.close();
    }
    await withClient(async (client) => {
      expect(await tableRows(client, table, WORKFLOW, 1, "default")).toEqual(
        await wholeAnswer(1, "default", "2022-11-01T00:00:00Z/2022-11-02T04:00:00Z"),
      );
      const units = await unitLines(client, table);
      expect(units.filter((line) => line.startsWith("1 default"))).toEqual([
        expect.stringMatching(/^1 default 2022-11-01T00:00:00.000Z\/2022-11-02T00:00:00.000Z \d+$/),
        expect.stringMatching(/^1 default 2022-11-01T20:00:00.000Z\/2022-11-02T04:00:00.000Z \d+$/),
      ]);
      expect(units.filter((line) => line.startsWith("1 triggered_goal"))).toHaveLength(4);
    });
  });
});

describe("a unit's deletes on a large table", () => {
  it("read the index, not the whole table (a scan a unit would make a long export quadratic)", async () => {
    const table = freshTable();
    await exportInto(table, { interval: DAY, steps: [1], window: "1d" });
    const plans = await withClient(async (client) => {
      // About 200,000 rows: the day's rows shifted a day at a time, as a long export leaves them.
      const columns = (
        await client.query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
          [table],
        )
      ).rows.map(({ column_name }) => `"${column_name}"`);
      const shifted = columns.map((column) =>
        ['"window_start"', '"window_end"', '"timestamp"'].includes(column)
          ? `${column} + day * interval '1 day'`
          : column,
      );
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
      const days = Math.ceil(200_000 / Math.max(1, Number(rows[0]?.count)));
      await client.query(
        `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${shifted.join(", ")} FROM ${table}, generate_series(1, ${days}) AS day`,
      );
      await client.query(`ANALYZE ${table}`);
      await client.query(`ANALYZE ${table}_units`);
      const statements = unitStatements(table, `${table}_units`);
      const key = [WORKFLOW, 1, "default", "2022-11-20T00:00:00.000Z", "2022-11-21T00:00:00.000Z"];
      const explain = async (sql: string) =>
        JSON.stringify((await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, key)).rows);
      return { rows: await explain(statements.deleteRows) };
    });
    expect(plans.rows).not.toContain("Seq Scan");
    expect(plans.rows).toContain("Index");
  });
});

describe("a unit that fails", () => {
  it("rolls back (stub scenario 503) and the other units are written; a rerun completes", async () => {
    const table = freshTable();
    const interval = "2022-11-01T00:00:00Z/2022-11-04T00:00:00Z";
    // The first unit's request answers 503 and the client does not retry: that unit fails, no other.
    // (Armed once the plan is made: the step's probe before it is answered.)
    const run = await exportInto(table, {
      interval,
      steps: [1],
      client: clientOf({ retry: false }),
      onPlan: () => stub.scenario.fail(503, 1),
    });
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]?.unit).toMatchObject({ stepIndex: 1, target: "default" });
    expect(run.written).toBe(5);
    await withClient(async (client) =>
      expect(await unitLines(client, table)).not.toContainEqual(
        expect.stringMatching(/^1 default 2022-11-01T00:00:00.000Z/),
      ),
    );
    expect(await exportInto(table, { interval, steps: [1] })).toMatchObject({
      written: 1,
      skipped: 5,
    });
    await withClient(async (client) => {
      for (const target of TARGETS)
        expect(await tableRows(client, table, WORKFLOW, 1, target)).toEqual(
          await wholeAnswer(1, target, interval),
        );
    });
  });

  it("that throws mid-COPY leaves what the unit would have replaced, and nothing of its own", async () => {
    const table = freshTable();
    await exportInto(table, { interval: DAY, steps: [1] });
    const before = await withClient((client) => tableRows(client, table, WORKFLOW, 1, "default"));
    expect(before.length).toBeGreaterThan(0);
    const [example] = advancedResponseExample.data;
    let sent = 0;
    async function* breaking() {
      // Well past one COPY chunk (64 KiB) before the answer breaks.
      for (; sent < 2000; sent += 1) yield { ...example, timestamp: "2022-11-01T12:00:00.000Z" };
      throw new Error("the connection dropped");
    }
    const sink = await openPostgresSink({
      connectionString: postgresUrl(),
      table,
      workflowId: WORKFLOW,
    });
    try {
      await expect(
        sink.writeUnit(unitOf(DAY), { fields: ADVANCED_FIELDS, rows: breaking() }),
      ).rejects.toThrow("the connection dropped");
      expect(sent).toBe(2000);
      // The sink's other sessions still work after the failed one.
      expect(sink.isFinished(unitOf(DAY))).toBe(true);
    } finally {
      await sink.close();
    }
    await withClient(async (client) => {
      expect(await tableRows(client, table, WORKFLOW, 1, "default")).toEqual(before);
      expect(await unitLines(client, table)).toHaveLength(2);
    });
  });
  it("refuses a row outside the unit's window (the table's check), so a replace by time misses none", async () => {
    const table = freshTable();
    await exportInto(table, { interval: DAY, steps: [1] });
    const before = await withClient((client) => tableRows(client, table, WORKFLOW, 1, "default"));
    const [example] = advancedResponseExample.data;
    async function* outside() {
      yield { ...example, timestamp: "2022-11-01T12:00:00.000Z" };
      yield { ...example, timestamp: "2022-11-02T00:00:00.000Z" };
    }
    const sink = await openPostgresSink({
      connectionString: postgresUrl(),
      table,
      workflowId: WORKFLOW,
    });
    try {
      await expect(
        sink.writeUnit(unitOf(DAY), { fields: ADVANCED_FIELDS, rows: outside() }),
      ).rejects.toThrow(`${table}_in_window`);
    } finally {
      await sink.close();
    }
    await withClient(async (client) => {
      expect(await tableRows(client, table, WORKFLOW, 1, "default")).toEqual(before);
    });
  });

  it("keeps every text as it came: quotes, commas, line breaks, backslashes, spaces, empty and non-ASCII", async () => {
    const table = freshTable();
    const awkward = [
      "",
      " ",
      "  padded  ",
      'a "quoted" word',
      '"',
      "a,b",
      "line\nbreak",
      "carriage\rreturn",
      "back\\slash",
      "\\.",
      "\\N",
      "NULL",
      "{braces}",
      "tab\there",
      "ääkköset ☃ 𝄞",
    ];
    const [example] = advancedResponseExample.data;
    const rows = awkward.map((text, index) => ({
      ...example,
      timestamp: `2022-11-01T12:00:${String(index).padStart(2, "0")}.000Z`,
      source: text,
      dim1: text,
      label: `${text}|${index}`,
      properties: [text, "", `${text}"${text}`],
      partner_organization_ids: [text],
    }));
    async function* answerRows() {
      yield* rows;
    }
    const sink = await openPostgresSink({
      connectionString: postgresUrl(),
      table,
      workflowId: WORKFLOW,
    });
    try {
      await sink.writeUnit(unitOf(DAY), { fields: ADVANCED_FIELDS, rows: answerRows() });
    } finally {
      await sink.close();
    }
    const stored = await withClient((client) => tableRows(client, table, WORKFLOW, 1, "default"));
    expect(stored).toEqual(multiset(rows));
  });
});

describe("the lock, the table name, the driver", () => {
  it("refuses a second export of the same workflow into the same table while the first runs", async () => {
    const table = freshTable();
    const options = { connectionString: postgresUrl(), table, workflowId: WORKFLOW };
    const first = await openPostgresSink(options);
    try {
      const second = openPostgresSink(options);
      await expect(second).rejects.toThrow(ExportError);
      await expect(second).rejects.toThrow(/another export of workflow .* into t_\w+ is running/);
      // Another workflow into the same table is another lock.
      const other = await openPostgresSink({ ...options, workflowId: ORGANIZATION });
      await other.close();
    } finally {
      await first.close();
    }
    // Released at close.
    await (await openPostgresSink(options)).close();
  });

  it.each([
    'x"; DROP TABLE pg_class; --',
    "Rows",
    "a.b.c",
    "1rows",
    "rows table",
    "x".repeat(55),
    "",
  ])(
    "refuses the table name %j with an ExportError naming --table, touching nothing",
    async (name) => {
      const opening = openPostgresSink({
        connectionString: postgresUrl(),
        table: name,
        workflowId: WORKFLOW,
      });
      await expect(opening).rejects.toThrow(ExportError);
      await expect(opening).rejects.toThrow(/^--table: must be a table name or schema\.name/);
    },
  );

  it("writes into a schema-qualified table", async () => {
    const schema = freshTable("s");
    await withClient((client) => client.query(`CREATE SCHEMA ${schema}`));
    const table = `${schema}.rows`;
    expect(await exportInto(table, { interval: DAY, steps: [1] })).toMatchObject({ written: 2 });
    await withClient(async (client) =>
      expect(await tableRows(client, table, WORKFLOW, 1, "default")).toEqual(
        await wholeAnswer(1, "default", DAY),
      ),
    );
  });

  it("refuses an existing table without the contract's columns, naming them", async () => {
    const table = freshTable();
    await withClient((client) =>
      client.query(`CREATE TABLE ${table} (workflow_id uuid, note text)`),
    );
    await expect(
      openPostgresSink({ connectionString: postgresUrl(), table, workflowId: WORKFLOW }),
    ).rejects.toThrow(/^--table: t_\w+ exists without the columns step_index, target, .*timestamp/);
  });
});

describe("the README", () => {
  it("states the PostgreSQL type of every column that is not text, as the table is created", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const lines = readme.split("\n").filter((line) => line.startsWith("| `"));
    for (const column of ROW_COLUMNS.filter((column) => column.sqlType !== "text"))
      expect(
        lines.some(
          (line) =>
            line.includes(`\`${column.name}\``) && line.includes(`| \`${column.sqlType}\` |`),
        ),
        column.name,
      ).toBe(true);
  });
});

// The PostgreSQL sink: each unit in one transaction that deletes what its window held and COPYs its rows, a state table of finished units, a lock per workflow and table.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Target } from "@giosg-reporting/client";
import { uuidSchema } from "@giosg-reporting/contract";
import { ExportError } from "../export-error";
import type { ExportUnit } from "../plan/units";
import { copyChunks } from "./postgres/copy-chunks";
import { type Drivers, loadDrivers } from "./postgres/driver";
import { FinishedUnits } from "./postgres/finished";
import { redactor, scrubbed, shownConnection } from "./postgres/redact";
import {
  copyStatement,
  creations,
  DEFAULT_TABLE,
  displayName,
  parseTableName,
  qualified,
  ROW_COLUMNS,
  TABLE_COLUMNS,
  type TableName,
  UNITS_SUFFIX,
} from "./postgres/table";
import { unitStatements } from "./postgres/unit-statements";
import type { ExportSink, UnitAnswer } from "./sink";

export { DEFAULT_TABLE } from "./postgres/table";

/** Options of {@link openPostgresSink}. */
export interface PostgresSinkOptions {
  /** Where the database is: `postgresql://user[:password]@host[:port]/database[?sslmode=…]`; pg also reads `PGPASSWORD` and `~/.pgpass`. */
  readonly connectionString: string;
  /** The rows' table, `name` or `schema.name` (default `giosg_step_source_data`); the finished units go to `<table>_units`. */
  readonly table?: string;
  /** The workflow (UUID) whose rows are written. */
  readonly workflowId: string;
  /** The most connections writing units at once (default 4), besides the one holding the lock. */
  readonly connections?: number;
}

/** The name the sink's sessions show in `pg_stat_activity`. */
export const APPLICATION_NAME = "giosg-reporting-export";

type Client = InstanceType<Drivers["pg"]["Client"]>;
type Pool = InstanceType<Drivers["pg"]["Pool"]>;

/** An error's message, or its parts' (a refused connection to several addresses is an AggregateError without one). */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === "")
    return error.errors.map(describe).join("; ");
  if (error instanceof Error)
    return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}

/**
 * The forms `pg` reads a connection string in: a `postgres://` or `postgresql://` URL, a `socket:` URL,
 * or a socket's folder (`/var/run/postgresql [database]`). It reads anything else as a relative URL
 * on a host named `base`, or takes another scheme's URL (`mysql://…`) for its own.
 */
const CONNECTION_FORMS = /^(?:postgres(?:ql)?:\/\/|socket:|\/)/i;

/** Connects the session that holds the lock; a refused or failed connection is an ExportError naming `--postgres`. */
async function connect(drivers: Drivers, connectionString: string): Promise<Client> {
  const redact = redactor(connectionString);
  let client: Client | undefined;
  try {
    client = new drivers.pg.Client({ connectionString, application_name: APPLICATION_NAME });
    // A session that drops later fails the next query; an unhandled 'error' would end the process.
    client.on("error", () => {});
    await client.connect();
    return client;
  } catch (error) {
    await client?.end().catch(() => {});
    throw new ExportError(
      "--postgres",
      `cannot connect to ${shownConnection(connectionString)}: ${redact(describe(error))}`,
    );
  }
}

/** The names of the row columns that an existing table lacks. */
async function missingColumns(client: Client, table: TableName): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped",
    [qualified(table)],
  );
  const present = new Set(rows.map((row) => row.name));
  return TABLE_COLUMNS.filter((column) => !present.has(column.name)).map((column) => column.name);
}

/**
 * Creates the tables and indexes that are missing (one creator at a time), after checking an existing
 * table has every column. What exists is left alone: `CREATE INDEX IF NOT EXISTS` would wait for the
 * table's lock, that is for another run's unit in progress.
 */
async function prepareTables(client: Client, table: TableName): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `${APPLICATION_NAME}:create:${displayName(table)}`,
    ]);
    for (const creation of creations(table)) {
      const { rows } = await client.query<{ missing: boolean }>(
        "SELECT to_regclass($1) IS NULL AS missing",
        [creation.relation],
      );
      if (rows[0]?.missing) await client.query(creation.sql);
      if (creation.relation !== qualified(table)) continue;
      const missing = await missingColumns(client, table);
      if (missing.length > 0)
        throw new ExportError(
          "--table",
          `${displayName(table)} exists without the columns ${missing.join(", ")}: name another table`,
        );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if (error instanceof ExportError) throw error;
    throw new ExportError("--table", `cannot create ${displayName(table)}: ${describe(error)}`);
  }
}

/** Takes the lock of (table, workflow) for the session's life, or throws naming the run that holds it. */
async function lock(client: Client, table: TableName, workflowId: string): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock(hashtextextended($1::regclass::oid::text || ':' || $2, 0)) AS locked",
    [qualified(table), workflowId],
  );
  if (!rows[0]?.locked)
    throw new ExportError(
      "--postgres",
      `another export of workflow ${workflowId} into ${displayName(table)} is running (it holds the lock until it ends): wait for it to end, or stop it`,
    );
}

/** The finished units of the workflow, as the state table holds them. */
async function readFinished(client: Client, table: TableName, workflowId: string) {
  const { rows } = await client.query<{
    step_index: number;
    target: Target;
    window_start: Date;
    window_end: Date;
  }>(
    `SELECT step_index, target, window_start, window_end FROM ${qualified(table, UNITS_SUFFIX)} WHERE workflow_id = $1`,
    [workflowId],
  );
  return new FinishedUnits(
    rows.map((row) => ({
      stepIndex: row.step_index,
      target: row.target,
      window: { start: row.window_start, end: row.window_end },
    })),
  );
}

/** Throws when the answer's `fields` are not the table's row columns (an answer the table cannot hold whole). */
function checkFields(answer: UnitAnswer): void {
  const names = answer.fields.map((field) => field.name);
  const want = ROW_COLUMNS.map((column) => column.name);
  const missing = want.filter((name) => !names.includes(name));
  const extra = names.filter((name) => !want.includes(name));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(
      `the answer's fields are not the table's columns (missing: ${missing.join(", ") || "none"}; extra: ${extra.join(", ") || "none"})`,
    );
}

/**
 * Opens a PostgreSQL sink: loads the optional peers `pg` and `pg-copy-streams`, creates the rows' table
 * and `<table>_units` when missing, and takes a lock that a second export of the same workflow into the
 * same table cannot (until {@link ExportSink.close}). Each unit is one transaction: delete the rows and
 * finished units of its step and target inside its window, COPY its rows as they stream, record it, commit.
 * A unit that throws, or a process killed mid-unit, leaves the table as it was.
 */
export async function openPostgresSink(options: PostgresSinkOptions): Promise<ExportSink> {
  const table = parseTableName(options.table ?? DEFAULT_TABLE);
  const workflowId = uuidSchema.safeParse(options.workflowId);
  if (!workflowId.success)
    throw new ExportError(
      "workflowId",
      `must be a UUID, got ${JSON.stringify(options.workflowId)}`,
    );
  const connections = options.connections ?? 4;
  if (!Number.isSafeInteger(connections) || connections < 1)
    throw new ExportError("connections", `must be a whole number, 1 or more, got ${connections}`);
  const { connectionString } = options;
  // Not shown: a string in no known form could hold its password anywhere.
  if (!CONNECTION_FORMS.test(connectionString))
    throw new ExportError(
      "--postgres",
      "is not a PostgreSQL connection string: write postgresql://user@host:port/database (or a socket's folder, such as /var/run/postgresql)",
    );
  const drivers = await loadDrivers();
  const redact = redactor(connectionString);
  const holder = await connect(drivers, connectionString);
  let finished: FinishedUnits;
  try {
    await prepareTables(holder, table);
    await lock(holder, table, workflowId.data);
    finished = await readFinished(holder, table, workflowId.data);
  } catch (error) {
    await holder.end().catch(() => {});
    throw error instanceof ExportError ? error : scrubbed(error, redact);
  }
  const pool: Pool = new drivers.pg.Pool({
    connectionString,
    application_name: APPLICATION_NAME,
    max: connections,
  });
  pool.on("error", () => {});
  const rowsTable = qualified(table);
  const unitsTable = qualified(table, UNITS_SUFFIX);
  const copy = copyStatement(table);
  const statements = unitStatements(rowsTable, unitsTable);
  let closing: Promise<void> | undefined;
  return {
    // The rows are written in COPY's binary format from their NDJSON's bytes: no row objects.
    writesNdjson: true,
    readsRows: false,
    isFinished: (unit) => finished.covers(unit),
    finishedUnits: () => finished.list(),
    close: () => {
      closing ??= (async () => {
        await pool.end().catch(() => {});
        await holder.end().catch(() => {});
      })();
      return closing;
    },
    async writeUnit(unit: ExportUnit, answer: UnitAnswer) {
      checkFields(answer);
      const key = [
        workflowId.data,
        unit.stepIndex,
        unit.target,
        unit.window.start.toISOString(),
        unit.window.end.toISOString(),
      ];
      const client = await pool.connect().catch((error: unknown) => {
        throw scrubbed(error, redact);
      });
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        // Whatever an earlier unit of this step and target wrote inside the window: its window, or its rows' time.
        await client.query(statements.deleteRows, key);
        await client.query(statements.deleteUnits, key);
        const count = { rows: 0 };
        const chunks = copyChunks(workflowId.data, unit, answer, count);
        // pipeline pulls a chunk only when COPY has taken the last ones: backpressure down to the socket.
        await pipeline(Readable.from(chunks), client.query(drivers.copyStreams.from(copy)));
        await client.query(statements.recordUnit, [...key, count.rows]);
        await client.query("COMMIT");
        finished.replace(unit);
        return count.rows;
      } catch (error) {
        broken = scrubbed(error, redact);
        await client.query("ROLLBACK").catch(() => {});
        throw broken;
      } finally {
        // A session whose COPY failed midway may be out of step: it is closed, not reused.
        client.release(broken);
      }
    },
  };
}

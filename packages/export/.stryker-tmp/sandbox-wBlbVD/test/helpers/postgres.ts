// @ts-nocheck
// The tests' side of the PostgreSQL server: its URL, a client of its own, and a fresh table name per test.
import { randomBytes } from "node:crypto";
import { ADVANCED_COLUMNS } from "@giosg-reporting/contract";
import pg from "pg";
import { inject } from "vitest";

/** The test server's database URL (with its password); throws why when the server could not start. */
export function postgresUrl(): string {
  const url = inject("postgresUrl");
  if (!url) throw new Error(inject("postgresError") || "PostgreSQL was not started");
  return url;
}

/** A table name no other test uses. */
export const freshTable = (prefix = "t") => `${prefix}_${randomBytes(6).toString("hex")}`;

/** Runs `work` with a client of the test database, closed afterwards. */
export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A row as the comparisons see it: the timestamp as an ISO instant, integers as numbers, in one JSON text. */
export function normalized(row: Record<string, unknown>): string {
  const copy: Record<string, unknown> = {};
  for (const column of ADVANCED_COLUMNS) {
    const value = row[column.name];
    copy[column.name] =
      column.type === "datetime" && value !== null
        ? new Date(value as string | Date).toISOString()
        : column.type === "integer" && value !== null
          ? Number(value)
          : value;
  }
  return JSON.stringify(copy);
}

/** The rows as a sorted list of normalized texts: a multiset to compare. */
export const multiset = (rows: readonly object[]) =>
  rows.map((row) => normalized(row as Record<string, unknown>)).sort();

/** The rows of one (workflow, step, target) in `table`, as a multiset. */
export async function tableRows(
  client: pg.Client,
  table: string,
  workflowId: string,
  step: number,
  target: string,
): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT * FROM ${table} WHERE workflow_id = $1 AND step_index = $2 AND target = $3`,
    [workflowId, step, target],
  );
  return multiset(rows);
}

/** The finished units of `table` as `step target start/end rows` lines, sorted. */
export async function unitLines(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT step_index, target, window_start, window_end, rows FROM ${table}_units`,
  );
  return rows
    .map(
      (row) =>
        `${row.step_index} ${row.target} ${row.window_start.toISOString()}/${row.window_end.toISOString()} ${row.rows}`,
    )
    .sort();
}

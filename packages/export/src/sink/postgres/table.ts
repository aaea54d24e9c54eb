// The PostgreSQL tables of an export: their names checked and quoted, their columns derived from the contract's advanced row.
import { ADVANCED_COLUMNS, type ColumnDefinition } from "@giosg-reporting/contract";
import { ExportError } from "../../export-error";

/** The table the PostgreSQL sink writes to when none is named. */
export const DEFAULT_TABLE = "giosg_step_source_data";

/** The suffix of the state table beside the rows' table: `<table>_units`. */
export const UNITS_SUFFIX = "_units";

/** The check that every row lies inside its unit's window: `<name>_in_window`. */
const IN_WINDOW_SUFFIX = "_in_window";

/** PostgreSQL truncates identifiers past 63 bytes; the longest name derived from the table's is `<name>_in_window` (10 more). */
const MAX_NAME = 63 - IN_WINDOW_SUFFIX.length;

/** A table's name, checked: its optional schema and its name, each an unquoted lower-case identifier. */
export interface TableName {
  /** The schema, or undefined for the connection's search path. */
  readonly schema: string | undefined;
  /** The table's own name. */
  readonly name: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `"name"`: an identifier in double quotes (checked names hold no quote; doubled anyway). */
export const quoteIdentifier = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Reads `--table`: `name` or `schema.name`, each lower-case letters, digits and `_` (not starting with
 * a digit), at most 53 characters, so that the name means the same quoted or not and no text reaches SQL
 * unchecked. Throws an {@link ExportError} naming `option` otherwise.
 */
export function parseTableName(text: string, option = "--table"): TableName {
  const parts = text.split(".");
  const valid =
    parts.length <= 2 && parts.every((part) => IDENTIFIER.test(part) && part.length <= MAX_NAME);
  if (!valid)
    throw new ExportError(
      option,
      `must be a table name or schema.name of lower-case letters, digits and _ (at most ${MAX_NAME} characters each), got ${JSON.stringify(text.slice(0, 100))}`,
    );
  return parts.length === 2
    ? { schema: parts[0], name: parts[1] as string }
    : { schema: undefined, name: parts[0] as string };
}

/** The table's qualified, quoted name with `suffix` added to its own name: `"schema"."name_units"`. */
export function qualified(table: TableName, suffix = ""): string {
  const name = quoteIdentifier(`${table.name}${suffix}`);
  return table.schema === undefined ? name : `${quoteIdentifier(table.schema)}.${name}`;
}

/** The table's name as the user wrote it, for messages. */
export const displayName = (table: TableName) =>
  table.schema === undefined ? table.name : `${table.schema}.${table.name}`;

/** One column of the rows' table: its name and its PostgreSQL type. */
export interface SqlColumn {
  readonly name: string;
  readonly sqlType: string;
}

/** The unit's own columns, before the row's: whose rows, and the unit that wrote them. */
export const UNIT_COLUMNS: readonly SqlColumn[] = [
  { name: "workflow_id", sqlType: "uuid" },
  { name: "step_index", sqlType: "integer" },
  { name: "target", sqlType: "text" },
  { name: "window_start", sqlType: "timestamptz" },
  { name: "window_end", sqlType: "timestamptz" },
];

/** Whether a column's values are lists (`properties`, `partner_organization_ids`): its schema is a zod array. */
const isList = (column: ColumnDefinition) =>
  (column.schema._def as { typeName?: string }).typeName === "ZodArray";

/** The PostgreSQL type of a contract column: datetime as timestamptz, integer as bigint, number as double precision, lists as text[]. */
export function sqlTypeOf(column: ColumnDefinition): string {
  if (isList(column)) return "text[]";
  switch (column.type) {
    case "datetime":
      return "timestamptz";
    case "integer":
      return "bigint";
    case "number":
      return "double precision";
    case "string":
      return "text";
  }
}

/** The advanced row's columns, in the contract's order, each with its PostgreSQL type. */
export const ROW_COLUMNS: readonly SqlColumn[] = ADVANCED_COLUMNS.map((column) => ({
  name: column.name,
  sqlType: sqlTypeOf(column),
}));

/** Which row columns are lists (written as PostgreSQL arrays). */
export const LIST_COLUMNS: ReadonlySet<string> = new Set(
  ADVANCED_COLUMNS.filter(isList).map((column) => column.name),
);

/** Every column of the rows' table, the unit's first, then the row's. */
export const TABLE_COLUMNS: readonly SqlColumn[] = [...UNIT_COLUMNS, ...ROW_COLUMNS];

/** A relation the sink needs, and the statement that creates it. */
export interface Creation {
  /** The relation's qualified, quoted name, to look it up with `to_regclass`. */
  readonly relation: string;
  /** The `CREATE` statement. */
  readonly sql: string;
}

/** What every row of the table holds to: its time inside its unit's window. */
const IN_WINDOW =
  '"timestamp" IS NOT NULL AND "timestamp" >= window_start AND "timestamp" < window_end';

/** What creates the rows' table, its index and the state table, in order. */
export function creations(table: TableName): Creation[] {
  const rows = qualified(table);
  const units = qualified(table, UNITS_SUFFIX);
  const columns = TABLE_COLUMNS.map(
    (column) => `${quoteIdentifier(column.name)} ${column.sqlType}`,
  ).join(", ");
  const index = (suffix: string, on: string) => ({
    relation: qualified(table, suffix),
    sql: `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${table.name}${suffix}`)} ON ${rows} (${on})`,
  });
  return [
    // Each row lies inside its unit's window: so the rows any unit wrote inside a window are exactly
    // those whose time is, and one index on time finds (and replaces) them; a second index on the
    // window would double COPY's cost for nothing.
    {
      relation: rows,
      sql: `CREATE TABLE IF NOT EXISTS ${rows} (${columns}, CONSTRAINT ${quoteIdentifier(`${table.name}${IN_WINDOW_SUFFIX}`)} CHECK (${IN_WINDOW}))`,
    },
    index("_time_idx", 'workflow_id, step_index, target, "timestamp"'),
    {
      relation: units,
      sql: `CREATE TABLE IF NOT EXISTS ${units} (workflow_id uuid NOT NULL, step_index integer NOT NULL, target text NOT NULL, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL, rows bigint NOT NULL, finished_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workflow_id, step_index, target, window_start, window_end))`,
    },
  ];
}

/** The `COPY … FROM STDIN` statement of the rows' table, every column named in order, in the binary format. */
export function copyStatement(table: TableName): string {
  const columns = TABLE_COLUMNS.map((column) => quoteIdentifier(column.name)).join(", ");
  return `COPY ${qualified(table)} (${columns}) FROM STDIN WITH (FORMAT binary)`;
}

import { z } from "zod";
import {
  ADVANCED_COLUMNS,
  type AdvancedColumnName,
  BASIC_COLUMNS,
  type BasicColumnName,
  type ColumnDefinition,
} from "./columns";

/** The zod object shape whose keys are a column list's names, in its order. */
type ShapeOf<Columns extends readonly ColumnDefinition[]> = {
  [Column in Columns[number] as Column["name"]]: Column["schema"];
};

function shapeOf<const Columns extends readonly ColumnDefinition[]>(
  columns: Columns,
): ShapeOf<Columns> {
  return Object.fromEntries(
    columns.map((definition) => [definition.name, definition.schema]),
  ) as ShapeOf<Columns>;
}

/** One advanced ("raw") event row: the 30 columns of {@link ADVANCED_COLUMNS}. */
export const advancedRowSchema = z
  .object(shapeOf(ADVANCED_COLUMNS))
  .describe("One event, as stored (advanced data): the 30 columns listed in `fields`.");

/** One advanced ("raw") event row. */
export type AdvancedRow = z.infer<typeof advancedRowSchema>;

/** One basic ("human readable") event row: the 11 columns of {@link BASIC_COLUMNS}. */
export const basicRowSchema = z
  .object(shapeOf(BASIC_COLUMNS))
  .describe("One event, human readable (basic data): the 11 columns listed in `fields`.");

/** One basic ("human readable") event row. */
export type BasicRow = z.infer<typeof basicRowSchema>;

const basicProjection = BASIC_COLUMNS.map(({ name, from }) => [name, from] as const);

/** Projects an advanced row to its basic row: the 11 basic columns in order, each from its advanced column. */
export function toBasicRow(row: AdvancedRow): BasicRow {
  const basic: Record<string, unknown> = {};
  for (const [name, from] of basicProjection) basic[name] = row[from];
  return basic as BasicRow;
}

/** The names of the advanced columns, in row order. */
export const ADVANCED_COLUMN_NAMES: readonly AdvancedColumnName[] = ADVANCED_COLUMNS.map(
  ({ name }) => name,
);

/** The names of the basic columns, in row order. */
export const BASIC_COLUMN_NAMES: readonly BasicColumnName[] = BASIC_COLUMNS.map(({ name }) => name);

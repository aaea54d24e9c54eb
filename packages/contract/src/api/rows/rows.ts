import { z } from "zod/v3";
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

/** A row schema whose parsed and written types are the named `Row`, so messages say `Row`, not its columns. */
type RowSchema<Shape extends z.ZodRawShape, Row> = z.ZodObject<
  Shape,
  "strip",
  z.ZodTypeAny,
  Row,
  Row
>;

const advancedShape = shapeOf(ADVANCED_COLUMNS);
const basicShape = shapeOf(BASIC_COLUMNS);

/** The columns of an advanced row, as zod infers them. */
type AdvancedColumns = z.output<z.ZodObject<typeof advancedShape>>;
/** The columns of a basic row, as zod infers them. */
type BasicColumns = z.output<z.ZodObject<typeof basicShape>>;

// Interfaces rather than aliases, so that TypeScript's messages and hovers say `AdvancedRow` where they
// would spell out 30 columns. Each declares its first column again because TypeScript prints an
// interface without members of its own as its base type, columns and all.
/** One advanced ("raw") event row: the 30 columns of {@link ADVANCED_COLUMNS}. */
export interface AdvancedRow extends AdvancedColumns {
  /** When the event happened, in UTC. */
  timestamp: AdvancedColumns["timestamp"];
}

/** One basic ("human readable") event row: the 11 columns of {@link BASIC_COLUMNS}. */
export interface BasicRow extends BasicColumns {
  /** When the event happened, in UTC. */
  "Date & Time": BasicColumns["Date & Time"];
}

/** One advanced ("raw") event row: the 30 columns of {@link ADVANCED_COLUMNS}. */
export const advancedRowSchema: RowSchema<typeof advancedShape, AdvancedRow> = z
  .object(advancedShape)
  .describe("One event, as stored (advanced data): the 30 columns listed in `fields`.");

/** One basic ("human readable") event row: the 11 columns of {@link BASIC_COLUMNS}. */
export const basicRowSchema: RowSchema<typeof basicShape, BasicRow> = z
  .object(basicShape)
  .describe("One event, human readable (basic data): the 11 columns listed in `fields`.");

const basicProjection = BASIC_COLUMNS.map(({ name, from }) => [name, from] as const);

/** Projects an advanced row to its basic row: the 11 basic columns in order, each from its advanced column. */
export function toBasicRow(row: AdvancedRow): BasicRow {
  const basic: Partial<Record<BasicColumnName, AdvancedRow[AdvancedColumnName]>> = {};
  for (const [name, from] of basicProjection) basic[name] = row[from];
  return basic as BasicRow;
}

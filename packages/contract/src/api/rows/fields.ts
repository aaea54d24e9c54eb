import { z } from "zod/v3";
import { ADVANCED_COLUMNS, BASIC_COLUMNS, type ColumnDefinition } from "./columns";

const datetimeFieldSchema = z.object({
  name: z.string().min(1),
  type: z.literal("datetime"),
  tz: z.literal("UTC").describe("Datetime fields are always in UTC."),
});

const scalarFieldSchema = z.object({
  name: z.string().min(1),
  type: z.enum(["string", "integer", "number"]),
});

/** Describes one column of the rows in `data`: its `name`, its `type`, and `tz` for datetimes. */
export const fieldDescriptorSchema = z
  .union([datetimeFieldSchema, scalarFieldSchema])
  .describe("Describes one column of the rows in `data`.");

/** Describes one column of the rows in `data`. */
export type FieldDescriptor = z.infer<typeof fieldDescriptorSchema>;

/** The `fields` descriptor of one column definition. */
export function toFieldDescriptor({ name, type }: ColumnDefinition): FieldDescriptor {
  return type === "datetime" ? { name, type, tz: "UTC" } : { name, type };
}

/** The `fields` header of an advanced response: one descriptor per advanced column, in row order. */
export const ADVANCED_FIELDS: readonly FieldDescriptor[] = Object.freeze(
  ADVANCED_COLUMNS.map(toFieldDescriptor),
);

/** The `fields` header of a basic response: one descriptor per basic column, in row order. */
export const BASIC_FIELDS: readonly FieldDescriptor[] = Object.freeze(
  BASIC_COLUMNS.map(toFieldDescriptor),
);

// The checks of rows from their bytes, for streams that build no row whose bytes show it valid: one for each answer, made from the contract's row schemas.
import {
  advancedRowSchema,
  basicRowSchema,
  type RowBytesCheck,
  rowBytesCheckOf,
} from "@giosg-reporting/contract";

/** The makers of checks, by `basic` and time column (only the contract's columns: a server cannot grow it). */
const makers = new Map<string, (() => RowBytesCheck) | undefined>();

/** The name of the first `datetime` field of a `fields` header as sent (not yet checked), or undefined. */
export function firstDatetimeName(fields: unknown): string | undefined {
  if (!Array.isArray(fields)) return undefined;
  for (const field of fields as unknown[])
    if (typeof field === "object" && field !== null && "type" in field && field.type === "datetime")
      return "name" in field && typeof field.name === "string" ? field.name : undefined;
  return undefined;
}

/**
 * The splitter's `rowCheck` for rows of a query's `basic`: a fresh check of one answer's rows, their
 * time read from the answer's first `datetime` field; none when that is not a column of the
 * contract's rows that their bytes can be timed by.
 */
export const rowCheckOf =
  (basic: boolean) =>
  (fields: unknown): RowBytesCheck | undefined => {
    const time = firstDatetimeName(fields);
    const schema = basic ? basicRowSchema : advancedRowSchema;
    if (time === undefined || !Object.hasOwn(schema.shape, time)) return undefined;
    const key = `${basic}:${time}`;
    if (!makers.has(key)) makers.set(key, rowBytesCheckOf(schema, time));
    return makers.get(key)?.();
  };

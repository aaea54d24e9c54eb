import {
  type AdvancedRow,
  errorBody,
  type Filter,
  type FilterProperty,
  isFilterProperty,
} from "@giosg-reporting/contract";
import type { QueryError } from "./outcome";

/** Tests a row against every filter: filters AND together, the values of one filter OR together. */
export type RowPredicate = (row: AdvancedRow) => boolean;

/** Compiles the filters into one predicate, or answers 406 for the first unsupported property. */
export function compileFilters(filters: readonly Filter[]): RowPredicate | QueryError {
  const compiled: { property: FilterProperty; values: ReadonlySet<string> }[] = [];
  for (const { property, values } of filters) {
    if (!isFilterProperty(property)) {
      return { status: 406, body: errorBody("filter_not_implemented", property) };
    }
    compiled.push({ property, values: new Set(values) });
  }
  return (row) => {
    for (const { property, values } of compiled) {
      const value = row[property];
      if (value === null || !values.has(value)) return false;
    }
    return true;
  };
}

import type { AdvancedColumnName } from "./rows/columns";

/**
 * The properties that `filters` supports: advanced columns matched exactly. Filtering by any other
 * property is answered with 406 (not yet implemented), never silently ignored.
 */
export const FILTER_PROPERTIES = [
  "action",
  "category",
  "label",
  "vendor",
  "source",
  "dim1",
  "dim2",
  "dim3",
  "dim4",
  "dim5",
  "visitor_id",
  "session_id",
  "user_id",
  "browser_name",
  "device_type",
  "geo_city",
  "geo_country",
  "ip_organization",
  "os_name",
] as const satisfies readonly AdvancedColumnName[];

/** A property that `filters` supports. */
export type FilterProperty = (typeof FILTER_PROPERTIES)[number];

const supported: ReadonlySet<string> = new Set(FILTER_PROPERTIES);

/** Whether `filters` supports this property (otherwise the API answers 406). */
export function isFilterProperty(property: string): property is FilterProperty {
  return supported.has(property);
}

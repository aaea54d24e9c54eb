// The columns' names alone, without their schemas: what names a row's keys (a CSV header, a basic
// field over advanced rows) with no zod in a page's bundle. columns.ts defines each column; a test
// holds these lists to its definitions.
import type { AdvancedColumnName, BasicColumnName } from "./columns";

/** The advanced columns' names, in the order the API sends them. */
export const ADVANCED_COLUMN_NAMES = [
  "timestamp",
  "source",
  "event_version",
  "organization_id",
  "organization_name",
  "category",
  "action",
  "label",
  "vendor",
  "properties",
  "dim1",
  "dim2",
  "dim3",
  "dim4",
  "dim5",
  "visitor_id",
  "session_id",
  "user_id",
  "partner_organization_ids",
  "browser_name",
  "browser_version",
  "device_screen_height",
  "device_screen_width",
  "device_type",
  "geo_city",
  "geo_country",
  "ip_organization",
  "os_name",
  "os_version",
  "value",
] as const satisfies readonly AdvancedColumnName[];

/** The basic columns' names, in the documented order. */
export const BASIC_COLUMN_NAMES = [
  "Date & Time",
  "View title",
  "Browser",
  "Device",
  "City",
  "Country",
  "ISP or organisation",
  "OS (operating system)",
  "Interaction Workflow ID",
  "Workflow Session ID",
  "Visitor ID",
] as const satisfies readonly BasicColumnName[];

/** Each basic column's name to the advanced column whose value it shows. */
export const BASIC_COLUMN_SOURCES = {
  "Date & Time": "timestamp",
  "View title": "dim4",
  Browser: "browser_name",
  Device: "device_type",
  City: "geo_city",
  Country: "geo_country",
  "ISP or organisation": "ip_organization",
  "OS (operating system)": "os_name",
  "Interaction Workflow ID": "label",
  "Workflow Session ID": "dim1",
  "Visitor ID": "visitor_id",
} as const satisfies Readonly<Record<BasicColumnName, AdvancedColumnName>>;

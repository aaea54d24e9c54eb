import { z } from "zod/v3";
import { timestampSchema } from "../primitives";

/** The value types that a `fields` descriptor announces for a column. */
export const FIELD_TYPES = ["datetime", "string", "integer", "number"] as const;

/** A value type announced in `fields`: `datetime`, `string`, `integer` or `number`. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** One column of a step source data row: its name, announced type, value schema and meaning. */
export interface ColumnDefinition<
  Name extends string = string,
  Schema extends z.ZodTypeAny = z.ZodTypeAny,
> {
  /** The key in rows and the `name` in `fields`. */
  readonly name: Name;
  /** The `type` announced in `fields`. */
  readonly type: FieldType;
  /** The schema of the column's values in rows. */
  readonly schema: Schema;
  /** What the column holds, for documentation. */
  readonly description: string;
}

function column<const Name extends string, Schema extends z.ZodTypeAny>(
  name: Name,
  type: FieldType,
  schema: Schema,
  description: string,
): ColumnDefinition<Name, Schema> {
  return { name, type, schema: schema.describe(description), description };
}

const text = () => z.string();
const optionalText = () => z.string().nullable();
const optionalUuid = () => z.string().uuid().nullable();

/**
 * The 30 columns of an advanced ("raw") row, in the order the API sends them. Row schemas, the
 * `fields` header and the OpenAPI document are all derived from this list.
 */
// biome-ignore format: one column a line reads as the table it is
export const ADVANCED_COLUMNS = [
  column("timestamp", "datetime", timestampSchema, "When the event happened, in UTC."),
  column("source", "string", text(), "Where the event was sent from (`trusted` servers or `untrusted` browsers); often empty."),
  column("event_version", "integer", z.number().int(), "Version of the event's format."),
  column("organization_id", "string", z.string().uuid(), "The organization that owns the event."),
  column("organization_name", "string", text(), "The organization's name; often empty."),
  column("category", "string", text(), "Event category, such as `Call` or `workflowReportingEvent`."),
  column("action", "string", text(), "The action's name, such as `User dialed`; what the `action` filter matches."),
  column("label", "string", text(), "The workflow the event belongs to (its UUID)."),
  column("vendor", "string", text(), "Who emitted the event, such as `com.giosg.chat`."),
  column("properties", "string", z.array(z.string()), "Extra `key=value` properties, such as `Description=SUM` telling how `value` aggregates."),
  column("dim1", "string", optionalText(), "The workflow session (flow) the event belongs to."),
  column("dim2", "string", optionalText(), "Custom dimension 2, such as a room id in user-generated workflows."),
  column("dim3", "string", optionalText(), "The action identifier that `step_data[k].actions` matches: the page URL in web navigation workflows, the view UID in interaction workflows."),
  column("dim4", "string", optionalText(), "The step's name (the view title), such as `Call start`."),
  column("dim5", "string", optionalText(), 'The step\'s index as text; `"0"` is the source step.'),
  column("visitor_id", "string", optionalUuid(), "The visitor who caused the event."),
  column("session_id", "string", optionalUuid(), "The visitor's browsing session."),
  column("user_id", "string", optionalUuid(), "The giosg user (agent) involved, if any."),
  column("partner_organization_ids", "string", z.array(z.string().uuid()), "Partner organizations that share the event."),
  column("browser_name", "string", optionalText(), "The visitor's browser, such as `Edge`."),
  column("browser_version", "string", optionalText(), "The browser's version."),
  column("device_screen_height", "string", optionalText(), "Screen height in pixels, as text."),
  column("device_screen_width", "string", optionalText(), "Screen width in pixels, as text."),
  column("device_type", "string", optionalText(), "The kind of device: `desktop`, `mobile` or `tablet`."),
  column("geo_city", "string", optionalText(), "The visitor's city."),
  column("geo_country", "string", optionalText(), "The visitor's country."),
  column("ip_organization", "string", optionalText(), "The visitor's company or internet service provider."),
  column("os_name", "string", optionalText(), "The visitor's operating system, such as `Windows`."),
  column("os_version", "string", optionalText(), "The operating system's version."),
  column("value", "number", z.number(), "The event's numeric value (1 for a plain occurrence); `properties` tells how it aggregates."),
] as const;

/** The name of one advanced column, such as `timestamp` or `dim4`. */
export type AdvancedColumnName = (typeof ADVANCED_COLUMNS)[number]["name"];

const advancedColumnByName = new Map<string, ColumnDefinition>(
  ADVANCED_COLUMNS.map((definition) => [definition.name, definition]),
);

type AdvancedColumn<Name extends AdvancedColumnName> = Extract<
  (typeof ADVANCED_COLUMNS)[number],
  { name: Name }
>;

/** A basic column: a renamed projection of one advanced column. */
export interface BasicColumnDefinition<
  Name extends string = string,
  From extends AdvancedColumnName = AdvancedColumnName,
  Schema extends z.ZodTypeAny = z.ZodTypeAny,
> extends ColumnDefinition<Name, Schema> {
  /** The advanced column whose value this column shows. */
  readonly from: From;
}

function basicColumn<const Name extends string, const From extends AdvancedColumnName>(
  name: Name,
  from: From,
  description: string,
): BasicColumnDefinition<Name, From, AdvancedColumn<From>["schema"]> {
  const source = advancedColumnByName.get(from) as AdvancedColumn<From>;
  const schema = source.schema.describe(description) as AdvancedColumn<From>["schema"];
  return { name, from, type: source.type, schema, description };
}

/**
 * The 11 columns of a basic ("human readable") row, in the documented order, each projected from an
 * advanced column.
 */
// biome-ignore format: one column a line reads as the table it is
export const BASIC_COLUMNS = [
  basicColumn("Date & Time", "timestamp", "When the event happened, in UTC."),
  basicColumn("View title", "dim4", "The step's name (the view title)."),
  basicColumn("Browser", "browser_name", "The visitor's browser."),
  basicColumn("Device", "device_type", "The kind of device: `desktop`, `mobile` or `tablet`."),
  basicColumn("City", "geo_city", "The visitor's city."),
  basicColumn("Country", "geo_country", "The visitor's country."),
  basicColumn("ISP or organisation", "ip_organization", "The visitor's company or internet service provider."),
  basicColumn("OS (operating system)", "os_name", "The visitor's operating system."),
  basicColumn("Interaction Workflow ID", "label", "The workflow the event belongs to."),
  basicColumn("Workflow Session ID", "dim1", "The workflow session (flow) the event belongs to."),
  basicColumn("Visitor ID", "visitor_id", "The visitor who caused the event."),
] as const;

/** The name of one basic column, such as `Date & Time` or `Visitor ID`. */
export type BasicColumnName = (typeof BASIC_COLUMNS)[number]["name"];

// The `fields` header named as the rows are keyed: the documentation's advanced example calls `timestamp` "Date & Time".
import {
  ADVANCED_COLUMN_NAMES,
  BASIC_COLUMN_NAMES,
  BASIC_COLUMN_SOURCES,
  type FieldDescriptor,
} from "@giosg-reporting/contract";

/** Each basic column's name to the advanced column it shows, as the contract projects them. */
const ADVANCED_NAME_OF: ReadonlyMap<string, string> = new Map(Object.entries(BASIC_COLUMN_SOURCES));

const ADVANCED_KEYS: ReadonlySet<string> = new Set(ADVANCED_COLUMN_NAMES);
const BASIC_KEYS: ReadonlySet<string> = new Set(BASIC_COLUMN_NAMES);

/**
 * `fields` named as the rows are keyed: a field whose name is not a key of the rows but is the basic
 * name of a column they hold (such as "Date & Time" for `timestamp`) takes that column's key, unless
 * another field already names it. Every other field is kept as it came.
 */
export function fieldsKeyedAs(
  fields: readonly FieldDescriptor[],
  isRowKey: (name: string) => boolean,
): FieldDescriptor[] {
  const names = new Set(fields.map(({ name }) => name));
  return fields.map((field) => {
    if (isRowKey(field.name)) return field;
    const key = ADVANCED_NAME_OF.get(field.name);
    return key !== undefined && isRowKey(key) && !names.has(key) ? { ...field, name: key } : field;
  });
}

function isFieldList(value: unknown): value is readonly FieldDescriptor[] {
  return (
    Array.isArray(value) &&
    value.every(
      (field) => typeof field === "object" && field !== null && typeof field.name === "string",
    )
  );
}

/**
 * A `fields` header named as the contract keys the rows that the query asked for (basic or advanced);
 * anything that is not a list of fields (an answer not validated) as it came.
 */
export function fieldsOfAnswer(fields: unknown, basic: boolean): unknown {
  if (!isFieldList(fields)) return fields;
  const keys = basic ? BASIC_KEYS : ADVANCED_KEYS;
  return fieldsKeyedAs(fields, (name) => keys.has(name));
}

/** A 200 body with its `fields` named as its rows are keyed (see {@link fieldsOfAnswer}). */
export function answerOf(body: unknown, basic: boolean): unknown {
  if (typeof body !== "object" || body === null || !("fields" in body)) return body;
  return { ...body, fields: fieldsOfAnswer(body.fields, basic) };
}

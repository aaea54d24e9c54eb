// Arbitrary rows of the contract (advanced and basic) as compact JSON text, the API's way, and byte edits of them.
import fc from "fast-check";
import { z } from "zod/v3";
import { advancedRowSchema, basicRowSchema } from "../../src/api/rows/rows";
import { stringText } from "./answer-arbitraries";

/** A value of a plain string column, as JSON text: JSON.stringify's, or written with any escapes. */
const textValue = fc.oneof(
  fc.string({ unit: "binary", maxLength: 16 }).map((text) => JSON.stringify(text)),
  stringText,
  fc.constantFrom('"Vantaa"', '"Jyväskylä"', '"€ 10"', '""', '"a\\"b"', '"\\u00e9"'),
);

/** A uuid as zod takes it, any case. */
const uuidValue = fc
  .tuple(fc.uuid(), fc.boolean())
  .map(([uuid, upper]) => JSON.stringify(upper ? uuid.toUpperCase() : uuid));

/** An instant the API writes (`YYYY-MM-DDTHH:mm:ss.sssZ`), years 0000 to 9999. */
export const instantValue = fc
  .date({
    min: new Date("0000-01-01T00:00:00.000Z"),
    max: new Date("9999-12-31T23:59:59.999Z"),
    noInvalidDate: true,
  })
  .map((date) => JSON.stringify(date.toISOString()));

/** Any finite number, as JSON.stringify writes it (exponents included). */
const numberValue = fc
  .oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map((n) => JSON.stringify(n));

const integerValue = fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(String);

/** The JSON text of a value of `schema` (one of the contract's column schemas). */
function valueArbitrary(schema: z.ZodTypeAny): fc.Arbitrary<string> {
  if (schema instanceof z.ZodNullable)
    return fc.oneof(fc.constant("null"), valueArbitrary(schema.unwrap()));
  if (schema instanceof z.ZodArray)
    return fc
      .array(valueArbitrary(schema.element), { maxLength: 3 })
      .map((items) => `[${items.join(",")}]`);
  if (schema instanceof z.ZodNumber)
    return schema.isInt ? integerValue : fc.oneof(integerValue, numberValue);
  if (schema instanceof z.ZodString) {
    if (schema.isUUID) return uuidValue;
    if (schema.isDatetime) return instantValue;
    return textValue;
  }
  throw new Error(`no arbitrary for ${schema.constructor.name}`);
}

/** Compact row texts of a row schema: its keys in order, no whitespace, as the API writes them. */
export function rowTextOf(schema: z.ZodObject<z.ZodRawShape>): fc.Arbitrary<string> {
  const entries = Object.entries(schema.shape).map(([name, column]) =>
    valueArbitrary(column as z.ZodTypeAny).map((value) => `${JSON.stringify(name)}:${value}`),
  );
  return fc.tuple(...entries).map((members) => `{${members.join(",")}}`);
}

/** Compact advanced row texts. */
export const advancedRowText = rowTextOf(advancedRowSchema);
/** Compact basic row texts. */
export const basicRowText = rowTextOf(basicRowSchema);

/** Bytes that matter to a row's form, and a few that break it. */
const EDIT_BYTES = [...'"\\,:{}[] 09-.eEnulTZ:+/bfrtx']
  .map((c) => c.charCodeAt(0))
  .concat([0x00, 0x0a, 0x1f, 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xed, 0xf4, 0xff]);

/** One edit of a row's bytes: a byte replaced, a byte inserted, or a byte removed, at a place. */
export const byteEdit = fc.record({
  kind: fc.constantFrom("replace", "insert", "remove"),
  at: fc.nat(),
  byte: fc.constantFrom(...EDIT_BYTES),
});

/** `bytes` with `edits` applied, each at its place modulo the length. */
export function edited(
  bytes: Uint8Array,
  edits: readonly { kind: string; at: number; byte: number }[],
): Uint8Array {
  const out = [...bytes];
  for (const { kind, at, byte } of edits) {
    const place = out.length === 0 ? 0 : at % out.length;
    if (kind === "replace") out[place] = byte;
    else if (kind === "insert") out.splice(place, 0, byte);
    else out.splice(place, 1);
  }
  return new Uint8Array(out);
}

// The columns of a row schema as a RowBytesCheck reads them: each key's bytes before its value, and what its values must be.
import { z } from "zod/v3";

/** What a column's values must be, read from bytes. */
export const Kind = {
  /** Any string. */
  Text: 0,
  /** A string in zod's uuid form. */
  Uuid: 1,
  /** A string in the API's instant form (`YYYY-MM-DDTHH:mm:ss.sssZ`) that zod's datetime (precision 3, UTC) takes. */
  Instant: 2,
  /** An integer, at most 15 digits (always a safe integer). */
  Integer: 3,
  /** Any JSON number. */
  Number: 4,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** One column of the row, in order. */
export interface Column {
  /** The bytes before its value: `{"name":` for the first, `,"name":` after. */
  readonly key: Uint8Array;
  /** The key's bytes four at a time (little-endian), then the rest one by one. */
  readonly words: Int32Array;
  readonly kind: Kind;
  readonly nullable: boolean;
  /** An array of `kind` values (never null inside). */
  readonly array: boolean;
}

/** The kind of a string schema, or undefined when its checks are ones the bytes are not read for. */
function stringKind(schema: z.ZodString): Kind | undefined {
  const { checks } = schema._def;
  if (checks.length === 0) return Kind.Text;
  if (checks.length !== 1) return undefined;
  const [check] = checks;
  if (check?.kind === "uuid") return Kind.Uuid;
  if (check?.kind === "datetime" && check.precision === 3 && !check.offset && !check.local)
    return Kind.Instant;
  return undefined;
}

/** The kind of a number schema (no check: any number; `int` alone: an integer), or undefined. */
function numberKind(schema: z.ZodNumber): Kind | undefined {
  const { checks } = schema._def;
  if (checks.length === 0) return Kind.Number;
  return checks.length === 1 && checks[0]?.kind === "int" ? Kind.Integer : undefined;
}

/** The kind of a value schema that is neither nullable nor an array, or undefined. */
function kindOf(schema: z.ZodTypeAny): Kind | undefined {
  if (schema instanceof z.ZodString) return stringKind(schema);
  if (schema instanceof z.ZodNumber) return numberKind(schema);
  return undefined;
}

/** The key's first bytes as little-endian 32-bit words, four bytes each (the rest is compared byte by byte). */
function wordsOf(key: Uint8Array): Int32Array {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const words = new Int32Array(key.length >> 2);
  for (let w = 0; w < words.length; w += 1) words[w] = view.getInt32(w * 4, true);
  return words;
}

/** A column of `schema`, or undefined when its values are not of a kind read from bytes. */
export function columnOf(name: string, schema: z.ZodTypeAny, first: boolean): Column | undefined {
  const key = new TextEncoder().encode(`${first ? "{" : ","}${JSON.stringify(name)}:`);
  const nullable = schema instanceof z.ZodNullable;
  const inner: z.ZodTypeAny = nullable ? (schema as z.ZodNullable<z.ZodTypeAny>).unwrap() : schema;
  if (inner instanceof z.ZodArray) {
    const { minLength, maxLength, exactLength } = inner._def;
    if (minLength || maxLength || exactLength) return undefined;
    const kind = kindOf(inner.element);
    return kind === undefined
      ? undefined
      : { key, words: wordsOf(key), kind, nullable, array: true };
  }
  const kind = kindOf(inner);
  return kind === undefined
    ? undefined
    : { key, words: wordsOf(key), kind, nullable, array: false };
}

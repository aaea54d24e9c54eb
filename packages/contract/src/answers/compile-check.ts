// Compiles a zod schema into a fast yes/no check of a value; zod itself explains a failure.
import { datetimeRegex, z } from "zod/v3";

/** A fast yes/no test of a value against a schema: true exactly when the schema's `safeParse` succeeds. */
export type Check = (value: unknown) => boolean;

/** 1 for the hex digits' char codes (a table of every UTF-16 code unit: no range test in the loop), and so for their bytes. */
export const HEX_DIGIT = new Uint8Array(65_536);
for (const digit of "0123456789abcdefABCDEF") HEX_DIGIT[digit.charCodeAt(0)] = 1;

/** Whether `text`'s characters from `from` to `to` are all hex digits. */
function hexDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (HEX_DIGIT[text.charCodeAt(i)] === 0) return false;
  return true;
}

/**
 * zod's uuid check (8-4-4-4-12 hex digits, any case), written out: the dashes first, then each group
 * of digits, is faster than zod's regex. The equivalence tests hold it to zod's own answer.
 */
function isUuid(text: string): boolean {
  return (
    text.length === 36 &&
    text.charCodeAt(8) === 45 &&
    text.charCodeAt(13) === 45 &&
    text.charCodeAt(18) === 45 &&
    text.charCodeAt(23) === 45 &&
    hexDigits(text, 0, 8) &&
    hexDigits(text, 9, 13) &&
    hexDigits(text, 14, 18) &&
    hexDigits(text, 19, 23) &&
    hexDigits(text, 24, 36)
  );
}

/** The longest text a string check remembers (ids and timestamps, not free text it would hold on to). */
const REMEMBERED_LENGTH = 64;

/**
 * A string test that remembers the last short text it passed: a column often repeats its value (an
 * organization's id on every row), and comparing two strings is cheaper than testing one again.
 */
function remembering(test: (text: string) => boolean): Check {
  let passed: string | undefined;
  return (value) => {
    if (typeof value !== "string") return false;
    if (value === passed) return true;
    if (!test(value)) return false;
    if (value.length <= REMEMBERED_LENGTH) passed = value;
    return true;
  };
}

const fallback =
  (schema: z.ZodTypeAny): Check =>
  (value) =>
    schema.safeParse(value).success;

function compileString(schema: z.ZodString): Check {
  const tests: ((text: string) => boolean)[] = [];
  for (const check of schema._def.checks) {
    switch (check.kind) {
      case "uuid":
        tests.push(isUuid);
        break;
      case "datetime": {
        const pattern = datetimeRegex(check);
        tests.push((text) => pattern.test(text));
        break;
      }
      case "regex": {
        const { regex } = check;
        tests.push((text) => {
          regex.lastIndex = 0;
          return regex.test(text);
        });
        break;
      }
      case "min":
        tests.push((text) => text.length >= check.value);
        break;
      case "max":
        tests.push((text) => text.length <= check.value);
        break;
      case "length":
        tests.push((text) => text.length === check.value);
        break;
      default:
        return fallback(schema);
    }
  }
  if (tests.length === 0) return (value) => typeof value === "string";
  if (tests.length === 1) return remembering(tests[0] as (text: string) => boolean);
  return remembering((text) => {
    for (const test of tests) if (!test(text)) return false;
    return true;
  });
}

function compileNumber(schema: z.ZodNumber): Check {
  const tests: ((number: number) => boolean)[] = [];
  for (const check of schema._def.checks) {
    switch (check.kind) {
      case "int":
        tests.push(Number.isInteger);
        break;
      case "finite":
        tests.push(Number.isFinite);
        break;
      case "min":
        tests.push(check.inclusive ? (n) => n >= check.value : (n) => n > check.value);
        break;
      case "max":
        tests.push(check.inclusive ? (n) => n <= check.value : (n) => n < check.value);
        break;
      default:
        return fallback(schema);
    }
  }
  return (value) => {
    if (typeof value !== "number" || Number.isNaN(value)) return false;
    for (const test of tests) if (!test(value)) return false;
    return true;
  };
}

function compileArray(schema: z.ZodArray<z.ZodTypeAny>): Check {
  const element = compileCheck(schema.element);
  const { minLength, maxLength, exactLength } = schema._def;
  return (value) => {
    if (!Array.isArray(value)) return false;
    if (minLength && value.length < minLength.value) return false;
    if (maxLength && value.length > maxLength.value) return false;
    if (exactLength && value.length !== exactLength.value) return false;
    for (const item of value) if (!element(item)) return false;
    return true;
  };
}

function compileObject(schema: z.ZodObject<z.ZodRawShape>): Check {
  if (!(schema._def.catchall instanceof z.ZodNever)) return fallback(schema);
  const strict = schema._def.unknownKeys === "strict";
  const names = Object.keys(schema.shape);
  const checks = names.map((key) => compileCheck(schema.shape[key] as z.ZodTypeAny));
  const keys = new Set(names);
  /** Every property's check, then (strict) no key outside the schema. */
  const general = (record: Record<string, unknown>): boolean => {
    for (let k = 0; k < names.length; k += 1)
      if (!(checks[k] as Check)(record[names[k] as string])) return false;
    if (strict) for (const key in record) if (!keys.has(key)) return false;
    return true;
  };
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    // Rows come with the schema's keys in its order: one pass over their keys checks each value as
    // it comes (a for-in reads properties fast); an object with keys in another order, missing or
    // extra keys takes the general test.
    let k = 0;
    for (const key in record) {
      if (key !== names[k]) return general(record);
      if (!(checks[k] as Check)(record[key])) return false;
      k += 1;
    }
    return k === names.length || general(record);
  };
}

/**
 * Compiles a zod schema into a {@link Check}: plain code for the kinds the contract uses (strings with
 * uuid, datetime, regex and length checks; numbers; booleans; literals; enums; nullable, optional,
 * arrays, objects, unions), and the schema's own `safeParse` for anything else. Many times faster than
 * `safeParse` on large answers; the tests hold the two to the same answer.
 */
export function compileCheck(schema: z.ZodTypeAny): Check {
  if (schema instanceof z.ZodString) return compileString(schema);
  if (schema instanceof z.ZodNumber) return compileNumber(schema);
  if (schema instanceof z.ZodBoolean) return (value) => typeof value === "boolean";
  if (schema instanceof z.ZodNull) return (value) => value === null;
  if (schema instanceof z.ZodLiteral) {
    const literal: unknown = schema.value;
    return (value) => value === literal;
  }
  if (schema instanceof z.ZodEnum) {
    const values = new Set<unknown>(schema.options as readonly unknown[]);
    return (value) => values.has(value);
  }
  if (schema instanceof z.ZodNullable) {
    const inner = compileCheck(schema.unwrap());
    return (value) => value === null || inner(value);
  }
  if (schema instanceof z.ZodOptional) {
    const inner = compileCheck(schema.unwrap());
    return (value) => value === undefined || inner(value);
  }
  if (schema instanceof z.ZodArray) return compileArray(schema);
  if (schema instanceof z.ZodObject) return compileObject(schema);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    const options = (schema.options as z.ZodTypeAny[]).map(compileCheck);
    return (value) => options.some((option) => option(value));
  }
  return fallback(schema);
}

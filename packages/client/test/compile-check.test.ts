// The compiled checks against zod's own answer, value by value, including the fast paths' near misses.
import {
  advancedResponseSchema,
  advancedRowSchema,
  basicRowSchema,
  fieldDescriptorSchema,
  stepSourceDataRequestSchema,
  validationErrorBodySchema,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileCheck } from "../src/index";

const rows = generateEvents(
  createDataset({ start: "2023-01-02T00:00:00Z", end: "2023-01-04T00:00:00Z" }),
);
const advancedCheck = compileCheck(advancedRowSchema);
const columns = Object.keys(advancedRowSchema.shape);

/** Values that break or keep a column: other types, near-misses of formats, edge numbers. */
const oddValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.string(),
  fc.uuid(),
  fc.constant("2022-11-03T10:45:54Z"),
  fc.constant("2022-11-03T10:45:54.000Z"),
  fc.constant("2022-02-30T10:45:54.000Z"),
  fc.constant("E40BCB66-8C63-4AA7-8D81-68D8E8CEF907"),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.array(fc.uuid(), { maxLength: 3 }),
  fc.constant([1]),
  fc.object({ maxDepth: 1 }),
);

describe("compileCheck answers exactly what zod's safeParse answers", () => {
  it("for generated rows, all valid", () => {
    for (const row of rows) expect(advancedCheck(row)).toBe(true);
  });

  it("for rows with one column replaced by an odd value (property-based)", () => {
    fc.assert(
      fc.property(
        fc.nat(rows.length - 1),
        fc.constantFrom(...columns),
        oddValue,
        (index, column, value) => {
          const row = { ...rows[index], [column]: value };
          expect(advancedCheck(row)).toBe(advancedRowSchema.safeParse(row).success);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("for basic rows, field descriptors and whole answers (property-based)", () => {
    const basicCheck = compileCheck(basicRowSchema);
    const fieldCheck = compileCheck(fieldDescriptorSchema);
    const answerCheck = compileCheck(advancedResponseSchema);
    fc.assert(
      fc.property(oddValue, oddValue, (a, b) => {
        const basic = { "Date & Time": a, "View title": b };
        expect(basicCheck(basic)).toBe(basicRowSchema.safeParse(basic).success);
        const field = { name: a, type: b, tz: "UTC" };
        expect(fieldCheck(field)).toBe(fieldDescriptorSchema.safeParse(field).success);
        const answer = { fields: [], data: [a] };
        expect(answerCheck(answer)).toBe(advancedResponseSchema.safeParse(answer).success);
      }),
      { numRuns: 1000 },
    );
  });

  it.each<[string, z.ZodTypeAny, unknown[]]>([
    [
      "strict objects",
      z.object({ a: z.string() }).strict(),
      [{ a: "x" }, { a: "x", b: 1 }, {}, [], null],
    ],
    [
      "strict objects, keys out of the schema's order or with an extra key among them",
      z.object({ a: z.string(), b: z.number() }).strict(),
      [
        { b: 1, a: "x" },
        { a: "x", c: 1, b: 1 },
        { a: "x", b: 1, c: 1 },
        { c: 1 },
        { b: 1 },
        { a: "x", b: 1 },
        { a: "x", b: "1" },
        { a: "x" },
        Object.assign(Object.create({ b: 1 }), { a: "x" }),
        Object.defineProperty({ a: "x" }, "b", { value: 1, enumerable: false }),
        Object.assign(Object.create({ c: 1 }), { a: "x", b: 1 }),
      ],
    ],
    [
      "uuids, one repeated (a text that passed is remembered) among near-misses",
      z.string().uuid(),
      [
        "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
        "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
        "e40bcb66-8c63-4aa7-8d81-68d8e8cef90g",
        "e40bcb66-8c63-4aa7-8d81-68d8e8cef907 ",
        "e40bcb66_8c63-4aa7-8d81-68d8e8cef907",
        "E40BCB66-8C63-4AA7-8D81-68D8E8CEF907",
        "e40bcb66-8c63-4aa7-8d81-68d8e8ceｆ907",
        undefined,
        null,
        "",
        "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
      ],
    ],
    [
      "datetimes and lengths, repeated after a failure",
      z.string().datetime().max(24),
      [
        "2022-11-03T10:45:54Z",
        "2022-11-03T10:45:54Z",
        "2022-02-30T10:45:54Z",
        "x",
        "2022-11-03T10:45:54Z",
      ],
    ],
    ["enums and literals", z.enum(["x", "y"]).or(z.literal(3)), ["x", "z", 3, 4, null]],
    [
      "bounded arrays",
      z.array(z.number().int().min(1).max(3)).min(1).max(2),
      [[], [1], [1, 2, 3], [0], [1.5], "1"],
    ],
    ["regexes and lengths", z.string().regex(/^a+$/).min(2).max(3), ["aa", "a", "aaaa", "ab", 1]],
    [
      "optional and nullable",
      z.object({ a: z.string().optional(), b: z.number().nullable() }),
      [{ b: null }, { a: undefined, b: 1 }, { a: 1, b: 1 }, { b: undefined }],
    ],
    [
      "effects, through zod",
      stepSourceDataRequestSchema,
      [
        {},
        { filters: [], interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" } },
      ],
    ],
    [
      "the 400 body",
      validationErrorBodySchema,
      [
        { detail: "x", code: "invalid_request", errors: [] },
        { detail: "x", code: "nope", errors: [] },
      ],
    ],
  ])("for %s", (_, schema, values) => {
    const check = compileCheck(schema);
    for (const value of values)
      expect(check(value), JSON.stringify(value)).toBe(schema.safeParse(value).success);
  });
});

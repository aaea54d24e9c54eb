// The parser of rows' instants gives what Date.parse gives, for the API's form and anything else, whatever came before.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantParser } from "../src/answers/instants";

const digits = (length: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
    .map((d) => d.join(""));

/** Texts in the API's form, with any digits (months 13, hours 24, seconds 60 and 99 included). */
const apiForm = fc
  .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);

/** Plausible ones: the same hour often repeats, as rows in time order do. */
const plausible = fc
  .tuple(
    fc.integer({ min: 2000, max: 2030 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(
    ([y, mo, d, h, mi, s, ms]) =>
      `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(ms).padStart(3, "0")}Z`,
  );

/** Texts one character away from the API's form, and anything at all. */
const nearly = fc
  .tuple(plausible, fc.nat({ max: 23 }), fc.string({ minLength: 1, maxLength: 1 }))
  .map(([text, at, char]) => `${text.slice(0, at)}${char}${text.slice(at + 1)}`);

const text = fc.oneof(apiForm, plausible, nearly, fc.string({ maxLength: 30 }));

describe("instantParser", () => {
  it("gives Date.parse's answer for any sequence of texts", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
        const parse = instantParser();
        for (const each of texts) expect(parse(each)).toBe(Date.parse(each));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps an hour's instant only for texts of that hour", () => {
    const parse = instantParser();
    for (const each of [
      "2022-11-01T10:00:00.000Z",
      "2022-11-01T10:59:59.999Z",
      "2022-11-01T11:00:00.000Z",
      "2022-11-02T10:00:00.001Z",
      "2022-11-01T24:00:00.000Z",
      "2022-11-01T24:00:00.001Z",
      "2022-02-29T10:00:00.000Z",
      "2022-11-01T10:60:00.000Z",
      "2022-11-01T10:00:60.000Z",
      "2022-11-01t10:00:00.000Z",
      "+02022-11-01T10:00:00.000Z",
    ])
      expect(parse(each), each).toBe(Date.parse(each));
  });
});

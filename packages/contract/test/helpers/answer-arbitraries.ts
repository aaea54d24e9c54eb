// Arbitrary step answers as JSON text: any JSON rows, written with random whitespace and escapes.
import fc from "fast-check";

/** JSON whitespace, mostly none. */
const space = fc.oneof(
  { weight: 6, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constantFrom(" ", "\n", "\t", "\r\n  ", "  ") },
);

/** One character of a string's text: raw (any code point but `"`, `\` and controls) or escaped. */
const stringPart = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("a", "Z", "0", " ", ",", "]", "}", "{", "[", ":", "é", "€"),
  },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0x20, max: 0x10ffff })
      .filter((c) => c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff))
      .map((c) => String.fromCodePoint(c)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"),
  },
  // \uXXXX of anything, lone surrogates included
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 0xffff })
      .map((c) => `\\u${c.toString(16).padStart(4, "0")}`),
  },
);

/** A JSON string's text, quotes included. */
export const stringText = fc
  .array(stringPart, { maxLength: 12 })
  .map((parts) => `"${parts.join("")}"`);

/**
 * A member name inside a row: any text, but no `\uXXXX` escape. Node 24.21's JSON.parse (V8 13.6)
 * can read such a name wrong after some earlier parses in the same process (a recorded run of 49
 * `JSON.parse` calls, no splitter involved, turned `"\u019c"` into `"\\"`; Node 20 and 22 read it
 * right), which would fail these properties on a bug that is not the splitter's. Values keep every
 * escape, and the API's own member names are plain.
 */
const memberName = fc
  .array(
    stringPart.filter((part) => !part.startsWith("\\u")),
    { maxLength: 12 },
  )
  .map((parts) => `"${parts.join("")}"`);

const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 });

/** A JSON number's text: negative, fractions, exponents. */
export const numberText = fc
  .record({
    minus: fc.boolean(),
    int: fc.oneof(fc.constant("0"), fc.tuple(fc.integer({ min: 1, max: 9 }), digits)),
    frac: fc.option(digits, { nil: undefined }),
    exp: fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits), {
      nil: undefined,
    }),
  })
  .map(({ minus, int, frac, exp }) => {
    const whole = typeof int === "string" ? int : `${int[0]}${int[1].join("")}`;
    const fraction = frac ? `.${frac.join("")}` : "";
    const exponent = exp ? `${exp[0]}${exp[1]}${exp[2].join("")}` : "";
    return `${minus ? "-" : ""}${whole}${fraction}${exponent}`;
  });

const wrap = (open: string, items: string[], close: string, ws: string[]) =>
  `${open}${ws[0] ?? ""}${items.join(`${ws[1] ?? ""},${ws[2] ?? ""}`)}${ws[3] ?? ""}${close}`;
const spaces = fc.array(space, { minLength: 4, maxLength: 4 });

/** Any JSON value's text, with whitespace between its tokens. */
export const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("null", "true", "false"),
    numberText,
    stringText,
    fc
      .tuple(fc.array(tie("value"), { maxLength: 4 }), spaces)
      .map(([items, ws]) => wrap("[", items, "]", ws)),
    fc
      .tuple(fc.array(fc.tuple(memberName, space, space, tie("value")), { maxLength: 4 }), spaces)
      .map(([entries, ws]) =>
        wrap(
          "{",
          entries.map(([key, a, b, value]) => `${key}${a}:${b}${value}`),
          "}",
          ws,
        ),
      ),
  ),
})).value;

/** A top-level key other than `fields` and `data`, possibly escaped. */
const extraKey = stringText.filter((key) => !["fields", "data"].includes(JSON.parse(key)));

/** How `fields` and `data` may be spelled as keys. */
const spelled = (name: string) =>
  fc.constantFrom(
    `"${name}"`,
    `"${name.slice(0, -1)}\\u${name
      .charCodeAt(name.length - 1)
      .toString(16)
      .padStart(4, "0")}"`,
  );

/** The text of a whole answer built from row texts: keys in any order, extra keys, any whitespace, maybe a BOM. */
export function answerText(rows: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .record({
      bom: fc.boolean(),
      fields: valueText,
      fieldsKey: spelled("fields"),
      dataKey: spelled("data"),
      rows,
      extras: fc.array(fc.tuple(extraKey, valueText), { maxLength: 3 }),
      order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      ws: fc.array(space, { minLength: 12, maxLength: 12 }),
    })
    .map(({ bom, fields, fieldsKey, dataKey, rows, extras, order, ws }) => {
      const at = (k: number) => ws[k % ws.length] ?? "";
      const entries = [
        `${fieldsKey}${at(0)}:${at(1)}${fields}`,
        `${dataKey}${at(2)}:${at(3)}${wrap("[", rows, "]", [at(4), at(5), at(6), at(7)])}`,
        ...extras.map(([key, value]) => `${key}${at(8)}:${at(9)}${value}`),
      ];
      // A shuffle from the drawn order numbers (fast-check shrinks them toward the written order).
      const shuffled = entries
        .map((entry, k) => ({ entry, rank: (order[k] ?? 0) * 16 + k }))
        .sort((a, b) => a.rank - b.rank)
        .map(({ entry }) => entry);
      return `${bom ? "\uFEFF" : ""}${at(10)}{${at(11)}${shuffled.join(",")}}${at(10)}`;
    });
}

/** Rows as an API sends them: objects that all start with the same key, written compactly, nested
 * values that start with that key too (so a guess of where a row starts can be wrong). */
export const sameKeyRows = fc.array(
  fc
    .tuple(
      valueText,
      fc.array(fc.tuple(memberName, valueText), { maxLength: 3 }),
      fc.nat({ max: 7 }),
    )
    .map(([first, rest, nested]) => {
      // Now and then a nested value that starts like a row: the guess after it is wrong.
      const inner = nested === 0 ? `[{"id":1},{"id":${first}}]` : first;
      return `{"id":${inner}${rest.map(([key, value]) => `,${key}:${value}`).join("")}}`;
    }),
  { maxLength: 40 },
);

/** Byte positions at which to cut `length` bytes into chunks. */
export const cuts = fc.array(fc.nat(), { maxLength: 12 });

/** `bytes` cut at `positions` (taken modulo the length), in order. */
export function chunksOf(bytes: Uint8Array, positions: readonly number[]): Uint8Array[] {
  const at = [...new Set(positions.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    chunks.push(bytes.slice(from, to));
    from = to;
  }
  return chunks;
}

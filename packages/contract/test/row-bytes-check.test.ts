// Rows checked from their bytes: what the check passes would pass the schema once parsed, with the time it reads; the API's own rows all pass.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod/v3";
import { compileCheck } from "../src/answers/compile-check";
import { rowBytesCheckOf } from "../src/answers/reader/row-bytes-check";
import { advancedRowSchema, basicRowSchema } from "../src/api/rows/rows";
import { advancedRowText, basicRowText, byteEdit, edited } from "./helpers/contract-rows";
import { encode, RUNS } from "./helpers/split";

const SCHEMAS = [
  { name: "advanced", schema: advancedRowSchema, time: "timestamp", rows: advancedRowText },
  { name: "basic", schema: basicRowSchema, time: "Date & Time", rows: basicRowText },
] as const;

const fatal = new TextDecoder("utf-8", { fatal: true });
const isUtf8 = (bytes: Uint8Array) => {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** The check's verdict on `bytes` (the row from 0 to its end), and what it read. */
function verdict(
  check: ReturnType<NonNullable<ReturnType<typeof rowBytesCheckOf>>>,
  bytes: Uint8Array,
) {
  const end = check.check(bytes, 0, bytes.length);
  return { end, time: check.time, nonAscii: check.nonAscii };
}

describe.each(SCHEMAS)("the check of $name rows from their bytes", ({ schema, time, rows }) => {
  const make = rowBytesCheckOf(schema, time);
  const full = compileCheck(schema);
  if (make === undefined) throw new Error("the contract's rows must be checked from bytes");

  it("passes every compact row of the contract, to its last byte, with its time and whether it is ASCII", () => {
    const check = make();
    fc.assert(
      fc.property(rows, (text) => {
        const bytes = encode(text);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        expect(full(parsed)).toBe(true);
        const { end, time: read, nonAscii } = verdict(check, bytes);
        expect(end).toBe(bytes.length);
        expect(read).toBe(Date.parse(parsed[time] as string));
        expect(nonAscii).toBe(bytes.some((b) => b >= 0x80));
      }),
      RUNS,
    );
  });

  it("passes nothing the schema would not take once parsed, whatever the edits (soundness)", () => {
    // One check for all cases: what it remembers (the last uuid, the last day) must not let a row through.
    const check = make();
    let passed = 0;
    fc.assert(
      fc.property(rows, fc.array(byteEdit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        const bytes = edited(encode(text), edits);
        const { end, time: read, nonAscii } = verdict(check, bytes);
        if (end < 0) return;
        passed += 1;
        const row = bytes.subarray(0, end);
        const parsed = JSON.parse(new TextDecoder().decode(row)) as Record<string, unknown>;
        expect(full(parsed)).toBe(true);
        expect(Object.keys(parsed)).toEqual(Object.keys(schema.shape));
        expect(read).toBe(Date.parse(parsed[time] as string));
        if (!nonAscii) expect(row.every((b) => b < 0x80)).toBe(true);
        // Bytes as sent are a line of NDJSON: no line break, JSON once decoded.
        expect(row.includes(0x0a) || row.includes(0x0d)).toBe(false);
        if (isUtf8(row)) expect(JSON.parse(fatal.decode(row))).toEqual(parsed);
      }),
      { numRuns: 3000 },
    );
    // Some edits keep a row valid (a digit for a digit): the property must have seen passes.
    expect(passed).toBeGreaterThan(50);
  });

  it("passes no row cut short, at any byte", () => {
    const check = make();
    fc.assert(
      fc.property(rows, fc.nat(), (text, at) => {
        const bytes = encode(text);
        const cut = at % bytes.length;
        expect(check.check(bytes, 0, cut)).toBe(-1);
        // Nor when the bytes go on but `end` says where they stop.
        expect(check.check(bytes, 0, bytes.length)).toBe(bytes.length);
      }),
      RUNS,
    );
  });
});

describe("the check's verdicts on the forms it leaves to JSON.parse", () => {
  const make = rowBytesCheckOf(advancedRowSchema, "timestamp");
  if (make === undefined) throw new Error("the contract's rows must be checked from bytes");
  const base = {
    timestamp: "2022-11-01T10:45:54.123Z",
    source: "untrusted",
    event_version: 1,
    organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
    organization_name: "",
    category: "Page view",
    action: "Product details",
    label: "3c298d6c-74ca-40b1-8432-5f2cb29fd630",
    vendor: "com.giosg.tracker",
    properties: [],
    dim1: "b62dcc0c-a5bb-4139-8ae7-98ac946939e9",
    dim2: null,
    dim3: "https://www.giosg-demo.fi/",
    dim4: "Product page",
    dim5: "1",
    visitor_id: "e3b2f3f1-ec08-4e82-84d3-668992842e62",
    session_id: "cb85c832-73a7-46bf-8bb8-e6f49359447f",
    user_id: null,
    partner_organization_ids: [],
    browser_name: "Chrome",
    browser_version: "108.0.0.0",
    device_screen_height: "1050",
    device_screen_width: "1680",
    device_type: "desktop",
    geo_city: "Vantaa",
    geo_country: "Finland",
    ip_organization: "Elisa Oyj",
    os_name: "Windows",
    os_version: "10",
    value: 1,
  };
  const text = JSON.stringify(base);
  const passes = (row: string) => make().check(encode(row), 0, encode(row).length) >= 0;

  it("passes the row as the API writes it", () => {
    expect(passes(text)).toBe(true);
  });

  it.each([
    ["whitespace between members", text.replace(',"source"', ', "source"')],
    ["whitespace after a colon", text.replace('"source":', '"source": ')],
    [
      "keys in another order",
      JSON.stringify({ ...base, timestamp: undefined, zz: 0 }).replace(
        '"zz":0',
        `"timestamp":"${base.timestamp}"`,
      ),
    ],
    ["a key missing", JSON.stringify({ ...base, value: undefined })],
    ["an extra key", JSON.stringify({ ...base, extra: 1 })],
    ["an escaped key", text.replace('"source"', '"sourc\\u0065"')],
    ["an integer written 1.0", text.replace('"event_version":1', '"event_version":1.0')],
    ["an integer written 1e0", text.replace('"event_version":1', '"event_version":1e0')],
    [
      "an integer of 16 digits",
      text.replace('"event_version":1', '"event_version":1000000000000000'),
    ],
    ["an integer with a leading zero", text.replace('"event_version":1', '"event_version":01')],
    ["a uuid with an escape", text.replace('"e40bcb66-', '"\\u006540bcb66-')],
    ["a uuid one digit short", text.replace("e40bcb66-", "e40bcb6-")],
    ["a uuid with a letter past f", text.replace("e40bcb66-", "e40bcg66-")],
    ["a time with an offset", text.replace("54.123Z", "54.123+00:00")],
    ["a time without milliseconds", text.replace("54.123Z", "54Z")],
    ["hour 24", text.replace("T10:45", "T24:45")],
    ["minute 60", text.replace("T10:45", "T10:60")],
    ["month 13", text.replace("2022-11-01", "2022-13-01")],
    ["April 31", text.replace("2022-11-01", "2022-04-31")],
    ["February 29 of 2023", text.replace("2022-11-01", "2023-02-29")],
    ["a number for a string", text.replace('"dim5":"1"', '"dim5":1')],
    ["null where none is allowed", text.replace('"source":"untrusted"', '"source":null')],
    ["a string for a list", text.replace('"properties":[]', '"properties":"a"')],
    ["null inside a list", text.replace('"properties":[]', '"properties":[null]')],
    ["a list with a trailing comma", text.replace('"properties":[]', '"properties":["a",]')],
    ["a raw control character", text.replace("Vantaa", "Van\ttaa")],
    ["an unknown escape", text.replace("Vantaa", "Van\\xtaa")],
    ["a short \\u escape", text.replace("Vantaa", "Van\\u12")],
    ["nul for null", text.replace('"dim2":null', '"dim2":nul')],
    ["a trailing comma", text.replace(',"value":1}', ',"value":1,}')],
  ])("leaves %s to JSON.parse", (_, row) => {
    expect(passes(row)).toBe(false);
  });

  it("passes escapes, a leap day, negative and exponent numbers, uppercase uuids", () => {
    for (const row of [
      text.replace("Vantaa", 'Van\\"ta\\\\a\\u00e9\\n'),
      text.replace("2022-11-01", "2024-02-29"),
      text.replace('"value":1', '"value":-1.5e-3'),
      text.replace('"event_version":1', '"event_version":-0'),
      text.replace("e40bcb66-8c63", "E40BCB66-8C63"),
      text.replace('"properties":[]', '"properties":["a","b=c"]'),
    ])
      expect(passes(row)).toBe(true);
  });

  it("checks each day once and each time of it digit by digit: a day it passed does not pass a bad time", () => {
    const check = make();
    const day = encode(text);
    expect(check.check(day, 0, day.length)).toBe(day.length);
    for (const bad of ["T24:00:00.000Z", "T23:60:00.000Z", "T23:00:60.000Z", "T2a:00:00.000Z"]) {
      const row = encode(text.replace("T10:45:54.123Z", bad));
      expect(check.check(row, 0, row.length)).toBe(-1);
    }
    const later = encode(text.replace("T10:45:54.123Z", "T23:59:59.999Z"));
    expect(check.check(later, 0, later.length)).toBe(later.length);
    expect(check.time).toBe(Date.parse("2022-11-01T23:59:59.999Z"));
  });

  it("remembers a uuid it passed, and still checks a new one", () => {
    const check = make();
    const first = encode(text);
    expect(check.check(first, 0, first.length)).toBe(first.length);
    const other = encode(text.replace("e40bcb66-", "e40bcz66-"));
    expect(check.check(other, 0, other.length)).toBe(-1);
  });
});

describe("which schemas are checked from bytes", () => {
  const shapes: [string, z.ZodObject<z.ZodRawShape>, string][] = [
    [
      "an optional column",
      z.object({ t: z.string().datetime({ precision: 3 }), a: z.string().optional() }),
      "t",
    ],
    [
      "a string with a pattern",
      z.object({ t: z.string().datetime({ precision: 3 }), a: z.string().regex(/a/) }),
      "t",
    ],
    [
      "a number with a bound",
      z.object({ t: z.string().datetime({ precision: 3 }), a: z.number().min(0) }),
      "t",
    ],
    [
      "a list with a length",
      z.object({ t: z.string().datetime({ precision: 3 }), a: z.array(z.string()).max(2) }),
      "t",
    ],
    ["a boolean", z.object({ t: z.string().datetime({ precision: 3 }), a: z.boolean() }), "t"],
    [
      "a catch-all",
      z.object({ t: z.string().datetime({ precision: 3 }) }).catchall(z.string()),
      "t",
    ],
    ["a time column that is not an instant", z.object({ t: z.string() }), "t"],
    [
      "a nullable time column",
      z.object({ t: z.string().datetime({ precision: 3 }).nullable() }),
      "t",
    ],
    [
      "an instant with an offset",
      z.object({ t: z.string().datetime({ precision: 3, offset: true }) }),
      "t",
    ],
    ["no such time column", z.object({ t: z.string().datetime({ precision: 3 }) }), "u"],
  ];
  it.each(shapes)("none for %s", (_, schema, time) => {
    expect(rowBytesCheckOf(schema, time)).toBeUndefined();
  });

  it("the contract's advanced and basic rows, timed by their first column", () => {
    expect(rowBytesCheckOf(advancedRowSchema, "timestamp")).toBeTypeOf("function");
    expect(rowBytesCheckOf(basicRowSchema, "Date & Time")).toBeTypeOf("function");
  });
});

import { BASIC_FIELDS, type FieldDescriptor } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { csvLines, ndjsonLines, toCsv, toNdjson } from "../src/index";

const fields: FieldDescriptor[] = [
  { name: "Date & Time", type: "datetime", tz: "UTC" },
  { name: "text", type: "string" },
  { name: "list", type: "string" },
  { name: "value", type: "number" },
];

describe("toCsv (RFC 4180)", () => {
  it.each<[string, unknown, string]>([
    ["plain text", "Helsinki", "Helsinki"],
    ["a comma", "Giosg.com Oy, Helsinki", '"Giosg.com Oy, Helsinki"'],
    ["a double quote", 'say "hi"', '"say ""hi"""'],
    ["a line break", "line 1\nline 2", '"line 1\nline 2"'],
    ["a carriage return", "a\rb", '"a\rb"'],
    ["null", null, ""],
    ["an empty string", "", ""],
    ["a number", 1.5, "1.5"],
    ["an array", ["Description=SUM", "x"], '"[""Description=SUM"",""x""]"'],
    ["an empty array", [], "[]"],
    ["text with spaces and unicode", "Jyväskylä ä", "Jyväskylä ä"],
  ])("writes %s as %j", (_, value, cell) => {
    const text = toCsv(fields, [
      { "Date & Time": "2022-11-03T10:45:54.000Z", text: value, list: [], value: 1 },
    ]);
    expect(text).toBe(`Date & Time,text,list,value\r\n2022-11-03T10:45:54.000Z,${cell},[],1\r\n`);
  });

  it("writes the header in fields order and each row in that order, whatever the keys' order", () => {
    const text = toCsv(fields, [{ value: 2, list: ["a"], text: "t", "Date & Time": "d" }]);
    expect(text.split("\r\n")).toEqual(["Date & Time,text,list,value", 'd,t,"[""a""]",2', ""]);
  });

  it("writes only the header for no rows", () => {
    expect(toCsv(BASIC_FIELDS, [])).toBe(`${BASIC_FIELDS.map(({ name }) => name).join(",")}\r\n`);
  });

  it("streams the same lines as it writes at once", async () => {
    const rows = [
      { "Date & Time": "a", text: "x,y", list: [], value: 1 },
      { "Date & Time": "b", text: null, list: ["q"], value: 2 },
    ];
    async function* source() {
      yield* rows;
    }
    let streamed = "";
    for await (const line of csvLines(fields, source())) streamed += line;
    expect(streamed).toBe(toCsv(fields, rows));
  });
});

describe("toCsv and csvLines with neutralizeFormulas", () => {
  const fields: FieldDescriptor[] = [
    { name: "City", type: "string" },
    { name: "Browser", type: "string" },
  ];
  const rows = [{ City: '=HYPERLINK("http://evil/","x")', Browser: "@SUM(1+1)" }];

  it("prefixes a value a spreadsheet would run with ' when asked", async () => {
    const text = toCsv(fields, rows, { neutralizeFormulas: true });
    expect(text).toBe(`City,Browser\r\n"'=HYPERLINK(""http://evil/"",""x"")",'@SUM(1+1)\r\n`);
    const lines: string[] = [];
    for await (const line of csvLines(fields, rows, { neutralizeFormulas: true })) lines.push(line);
    expect(lines.join("")).toBe(text);
  });

  it("writes the values as they came by default, as the API's CSV download does", () => {
    expect(toCsv(fields, rows)).toBe(
      `City,Browser\r\n"=HYPERLINK(""http://evil/"",""x"")",@SUM(1+1)\r\n`,
    );
  });
});

describe("toNdjson", () => {
  it("writes one JSON object per line, each ending in a newline", async () => {
    const rows = [
      { a: 1, b: "x\ny" },
      { a: 2, b: null },
    ];
    const text = toNdjson(rows);
    expect(text).toBe('{"a":1,"b":"x\\ny"}\n{"a":2,"b":null}\n');
    expect(
      text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(rows);
    let streamed = "";
    for await (const line of ndjsonLines(rows)) streamed += line;
    expect(streamed).toBe(text);
  });
});

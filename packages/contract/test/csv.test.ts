import { describe, expect, it } from "vitest";
import { BASIC_FIELDS, csvCell, csvHeader, csvRecord, csvRow } from "../src/index";

describe("csvCell (RFC 4180)", () => {
  it.each<[string, unknown, string]>([
    ["plain text", "Helsinki", "Helsinki"],
    ["a comma", "Giosg.com Oy, Helsinki", '"Giosg.com Oy, Helsinki"'],
    ["a double quote", 'say "hi"', '"say ""hi"""'],
    ["a line feed", "line 1\nline 2", '"line 1\nline 2"'],
    ["a carriage return", "a\rb", '"a\rb"'],
    ["null", null, ""],
    ["undefined", undefined, ""],
    ["an empty string", "", ""],
    ["an integer", 1, "1"],
    ["a number", 1.5, "1.5"],
    ["an array", ["Description=SUM", "x"], '"[""Description=SUM"",""x""]"'],
    ["an empty array", [], "[]"],
    ["unicode", "Jyväskylä", "Jyväskylä"],
  ])("writes %s as %j", (_, value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("CSV records", () => {
  it("end each record in CRLF", () => {
    expect(csvRecord(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });

  it("write the header as the fields' names in order", () => {
    expect(csvHeader(BASIC_FIELDS)).toBe(
      `${BASIC_FIELDS.map(({ name }) => (name.includes(",") ? `"${name}"` : name)).join(",")}\r\n`,
    );
  });

  it("write a row's values in the fields' order, whatever the keys' order", () => {
    const fields = [{ name: "b" }, { name: "a" }, { name: "missing" }];
    expect(csvRow(fields, { a: 1, b: ["x"] })).toBe('"[""x""]",1,\r\n');
  });
});

describe("csvCell with neutralizeFormulas (OWASP's CSV injection guidance)", () => {
  it.each<[string, unknown, string]>([
    [
      "a HYPERLINK formula",
      '=HYPERLINK("http://evil/","x")',
      `"'=HYPERLINK(""http://evil/"",""x"")"`,
    ],
    ["a DDE payload", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["an @ function", "@SUM(1+1)", "'@SUM(1+1)"],
    ["a leading minus in text", "-2+3", "'-2+3"],
    ["a leading tab", "\tx", "'\tx"],
    ["a leading carriage return", "\rx", `"'\rx"`],
    ["a negative number (a number, not text)", -2, "-2"],
    ["an equals sign inside", "a=b", "a=b"],
    ["plain text", "Helsinki", "Helsinki"],
  ])("writes %s as %j", (_, value, cell) => {
    expect(csvCell(value, { neutralizeFormulas: true })).toBe(cell);
  });

  it("leaves every value as the API sends it by default", () => {
    expect(csvCell("=1+1")).toBe("=1+1");
    expect(csvCell("@SUM(1+1)", { neutralizeFormulas: false })).toBe("@SUM(1+1)");
  });
});

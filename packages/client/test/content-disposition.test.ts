// The file name a Content-Disposition header suggests: how it is read, what falls back, what is never used.
import { describe, expect, it } from "vitest";
import {
  fileNameOf,
  isSafeFileName,
  MAX_FILE_NAME_LENGTH,
} from "../src/download/content-disposition";

describe("fileNameOf reads", () => {
  it.each<[string, string | null | undefined, string | undefined]>([
    ["no header", undefined, undefined],
    ["a null header", null, undefined],
    ["an empty header", "", undefined],
    ["no parameters", "attachment", undefined],
    ["no disposition type", 'filename="a.csv"', "a.csv"],
    ["a token", "attachment; filename=a.csv", "a.csv"],
    ["a quoted string", 'attachment; filename="a b.csv"', "a b.csv"],
    ["a missing closing quote", 'attachment; filename="abc.csv', "abc.csv"],
    ["a lone quote: no name", 'attachment; filename="', undefined],
    ["escaped characters", String.raw`attachment; filename="a\"b\\c.csv"`, "c.csv"],
    ["a semicolon inside quotes", 'attachment; filename="a;b.csv"', "a;b.csv"],
    [
      "an escaped quote before a semicolon",
      String.raw`attachment; filename="a\";b.csv"`,
      'a";b.csv',
    ],
    ["spaces around the name and the value", "attachment;  filename =  a.csv  ", "a.csv"],
    ["spaces inside the quotes, trimmed", 'attachment; filename="  a.csv "', "a.csv"],
    ["parameter names in any case", "attachment; FileName=a.csv", "a.csv"],
    ["the first of two filename", "attachment; filename=a.csv; filename=b.csv", "a.csv"],
    ["an equals sign in the value", "attachment; filename=a=b.csv", "a=b.csv"],
  ])("%s", (_, header, name) => {
    expect(fileNameOf(header)).toBe(name);
  });
});

describe("fileNameOf's filename* (RFC 8187)", () => {
  it.each<[string, string, string | undefined]>([
    ["UTF-8", "filename*=UTF-8''M%C3%A4rz%20%E2%82%AC.csv", "März €.csv"],
    ["utf-8 in lower case, with a language", "filename*=utf-8'de'%C3%A4.csv", "ä.csv"],
    ["ISO-8859-1", "filename*=ISO-8859-1'en'%E4%F6.csv", "äö.csv"],
    ["ISO-8859-1 in lower case, hex in lower case", "filename*=iso-8859-1''%e4.csv", "ä.csv"],
    ["ISO-8859-1: two hex digits only", "filename*=iso-8859-1''%E41.csv", "ä1.csv"],
    ["ISO-8859-1: a lone % kept", "filename*=iso-8859-1''100%.csv", "100%.csv"],
    ["a quote in the value", "filename*=UTF-8''it's.csv", "it's.csv"],
    ["quoted (tolerated)", `filename*="UTF-8''a.csv"`, "a.csv"],
    ["over filename, whichever comes first", "filename=b.csv; filename*=UTF-8''a.csv", "a.csv"],
  ])("%s", (_, parameters, name) => {
    expect(fileNameOf(`attachment; ${parameters}`)).toBe(name);
  });

  it.each<[string, string]>([
    ["no charset'language' prefix", "filename*=report.csv"],
    ["one quote only", "filename*=UTF-8'report.csv"],
    ["another charset: never guessed as Latin-1", "filename*=windows-1252''%E4.csv"],
    ["a charset unknown", "filename*=x-unknown''a.csv"],
    ["an empty charset", "filename*=''a.csv"],
    ["malformed UTF-8", "filename*=UTF-8''%E2%82.csv"],
    ["a raw line break", "filename*=UTF-8''a\nb.csv"],
    ["an encoded control character", "filename*=UTF-8''a%0Ab.csv"],
    ["no value", "filename*"],
    ["a path of dots", "filename*=UTF-8''%2E%2E"],
  ])("falls back to filename when it has %s", (_, parameters) => {
    expect(fileNameOf(`attachment; ${parameters}; filename="ok.csv"`)).toBe("ok.csv");
    expect(fileNameOf(`attachment; ${parameters}`)).toBeUndefined();
  });
});

describe("fileNameOf never names", () => {
  it.each<[string, string, string | undefined]>([
    ["a directory: the last path segment only", "filename=../../etc/passwd.csv", "passwd.csv"],
    ["a Windows directory", String.raw`filename="C:\\tmp\\x.csv"`, "x.csv"],
    ["a folder alone", "filename=tmp/", undefined],
    ["a dot", 'filename="."', undefined],
    ["two dots", 'filename=".."', undefined],
    ["two dots behind a path", "filename=a/..", undefined],
    ["spaces alone", 'filename="   "', undefined],
    ["an empty name", 'filename=""', undefined],
    ["a name with a NUL", 'filename="a\u0000b.csv"', undefined],
    ["a name with a tab", 'filename="a\tb.csv"', undefined],
    ["a name with an escape", 'filename="a\u001b[31mb.csv"', undefined],
    ["a name with a DEL", 'filename="a\u007fb.csv"', undefined],
    ["a name with a C1 control", 'filename="a\u009bb.csv"', undefined],
    ["a control character in a directory", 'filename="a\u0001/b.csv"', undefined],
    ["a trailing backslash in an open quote", 'filename="abc\\', undefined],
    ["a parameter without a value", 'filename*; filename="ok.csv"', "ok.csv"],
  ])("%s", (_, parameters, name) => {
    expect(fileNameOf(`attachment; ${parameters}`)).toBe(name);
  });

  it("keeps other Unicode, which isSafeFileName judges", () => {
    expect(fileNameOf("attachment; filename*=UTF-8''%E2%80%AEvsc.csv")).toBe("\u202Evsc.csv");
  });
});

describe("isSafeFileName", () => {
  it.each([..."._-()[]+,@&'€$#!%~= "])("keeps the plain punctuation %j", (mark) => {
    expect(isSafeFileName(`a${mark}b.csv`, "csv")).toBe(true);
  });

  it.each([
    ["letters and digits of any script", "Bericht März 2022 Ω 五.csv", "csv"],
    ["an extension in another case", "REPORT.CSV", "csv"],
    ["an extension asked in another case", "report.xlsx", "XLSX"],
    ["the longest name", `${"a".repeat(MAX_FILE_NAME_LENGTH - 4)}.csv`, "csv"],
  ])("keeps %s", (_, name, extension) => {
    expect(isSafeFileName(name, extension)).toBe(true);
  });

  it.each([
    ["one character too long", `${"a".repeat(MAX_FILE_NAME_LENGTH - 3)}.csv`, "csv"],
    ["a leading dot", ".a.csv", "csv"],
    ["the extension alone", ".csv", "csv"],
    ["another extension", "package.json", "csv"],
    ["the extension without its dot", "acsv", "csv"],
    ["a colon first", ":a.csv", "csv"],
    ["a colon last", "a.csv:", "csv"],
    ["a slash", "a/b.csv", "csv"],
    ["a quote", 'a"b.csv', "csv"],
    ["a wildcard", "a*b.csv", "csv"],
    ["a right-to-left override", "a\u202Evsc.csv", "csv"],
    ["a control character", "a\u0001b.csv", "csv"],
    ["an empty name", "", "csv"],
  ])("refuses %s", (_, name, extension) => {
    expect(isSafeFileName(name, extension)).toBe(false);
  });
});

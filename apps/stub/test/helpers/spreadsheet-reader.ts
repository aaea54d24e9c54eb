// Reads a downloaded XLSX file with Gnumeric's ssconvert (a reader no one here wrote), as CSV records.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";

/**
 * ssconvert: $SSCONVERT_PATH, else Debian's /usr/bin/ssconvert. `npm test` (scripts/gnumeric.mjs) installs gnumeric when it is
 * missing; without it the test fails saying how to get it, never skips.
 */
export function ssconvertPath(): string {
  const path = process.env.SSCONVERT_PATH ?? "/usr/bin/ssconvert";
  if (!existsSync(path)) {
    throw new Error(
      `no ssconvert at ${path}: install Gnumeric (apt-get install --no-install-recommends gnumeric; npm test does as root) or set SSCONVERT_PATH`,
    );
  }
  return path;
}

/** Parses CSV text (RFC 4180, CRLF or LF) into records of cells, with csv-parse. */
export function csvRecords(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}

/** Every worksheet of an XLSX file, by name in order, as CSV records, as Gnumeric reads them. */
export function readXlsx(bytes: Uint8Array): { name: string; records: string[][] }[] {
  const dir = mkdtempSync(join(tmpdir(), "stub-xlsx-"));
  try {
    const input = join(dir, "download.xlsx");
    writeFileSync(input, bytes);
    // One CSV a sheet, named by its number and name (%n, %s).
    execFileSync(
      ssconvertPath(),
      ["-S", "--export-type=Gnumeric_stf:stf_csv", input, join(dir, "sheet-%n=%s.csv")],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    return readdirSync(dir)
      .filter((file) => file.startsWith("sheet-"))
      .sort((a, b) => Number.parseInt(a.slice(6), 10) - Number.parseInt(b.slice(6), 10))
      .map((file) => ({
        name: file.slice(file.indexOf("=") + 1, -".csv".length),
        records: csvRecords(readFileSync(join(dir, file), "utf8")),
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Gnumeric's value types of its XML format (ValueType): the two a download's cells may have. */
const VALUE_TYPES: Record<string, "number" | "text"> = { "40": "number", "60": "text" };

/**
 * The type Gnumeric reads in each non-empty cell of an XLSX file's first sheet, by `row,column`
 * (0-based; row 0 is the header), from its own XML format (`ssconvert` to `.gnumeric`, gzipped).
 */
export function xlsxCellTypes(bytes: Uint8Array): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "stub-xlsx-"));
  try {
    const input = join(dir, "download.xlsx");
    writeFileSync(input, bytes);
    const output = join(dir, "sheet.gnumeric");
    execFileSync(ssconvertPath(), ["--export-type=Gnumeric_XmlIO:sax", input, output], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const xml = gunzipSync(readFileSync(output)).toString("utf8");
    const sheet = xml.slice(0, xml.indexOf("</gnm:Cells>"));
    const types = new Map<string, string>();
    for (const [, row, column, type] of sheet.matchAll(
      /<gnm:Cell Row="(\d+)" Col="(\d+)" ValueType="(\d+)"/g,
    ))
      types.set(`${row},${column}`, VALUE_TYPES[type as string] ?? `ValueType ${type}`);
    return types;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

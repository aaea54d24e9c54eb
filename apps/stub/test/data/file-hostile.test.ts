// Hostile events files for `fileSource` and `readAdvancedRows`: empty files, over-long lines (bounded memory), odd line breaks.
import { execFile } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { afterAll, describe, expect, it } from "vitest";
import { lineBound } from "../../src/data/file/ndjson-lines";
import { fileSource, readAdvancedRows } from "../../src/index";

const dataset = createDataset({
  seed: 4,
  start: "2023-01-02T00:00:00Z",
  end: "2023-01-04T00:00:00Z",
});
const rows = generateEvents(dataset).slice(0, 20);
const folder = mkdtempSync(join(tmpdir(), "stub-file-hostile-"));
const write = (name: string, text: string) => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};
const workflows = write(
  "workflows.json",
  JSON.stringify({ organizations: dataset.organizations, workflows: dataset.workflows }),
);
const line = (index: number) => JSON.stringify(rows[index]);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A file of a row, then 256 MiB without a line break: a line reader holds it all before it can say anything. */
function endlessFile(name: string): string {
  const path = join(folder, name);
  const fd = openSync(path, "w");
  const block = Buffer.alloc(1024 * 1024, "a");
  writeSync(fd, Buffer.from(`${line(0)}\n{"timestamp":"`));
  for (let i = 0; i < 256; i += 1) writeSync(fd, block);
  closeSync(fd);
  return path;
}

describe("an events file without events", () => {
  it.each([
    ["an empty file", ""],
    ["a file of blank lines", "\n  \n\t\r\n\n"],
  ])("is served as empty when it is %s (an export of a quiet window)", async (_, text) => {
    const path = write("empty.ndjson", text);
    expect((await fileSource(path, workflows)).size).toBe(0);
  });

  it("is served as empty when it is a recording's", async () => {
    const recording = join(folder, "recording");
    mkdirSync(recording);
    writeFileSync(join(recording, "events.ndjson"), "");
    writeFileSync(join(recording, "recording.json"), JSON.stringify({ windows: [] }));
    expect((await fileSource(join(recording, "events.ndjson"), workflows)).size).toBe(0);
  });
});

describe("lines", () => {
  it("are numbered as a line reader numbers them (CRLF one break, a lone CR another)", async () => {
    const path = write(
      "breaks.ndjson",
      `${line(0)}\r\n${line(1)}\r${line(2)}\n\n${line(3)}\r\n{oops\n`,
    );
    await expect(fileSource(path, workflows)).rejects.toThrow(/breaks\.ndjson:6: not JSON/);
  });

  it("longer than the bound are refused, naming the line, even when they hold a valid row", async () => {
    const long = JSON.stringify({ ...rows[1], os_version: "x".repeat(10_000) });
    const path = write("long.ndjson", `${line(0)}\n${long}\n${line(2)}\n`);
    await expect(fileSource(path, workflows, { maxLineBytes: 4096 })).rejects.toThrow(
      /long\.ndjson:2: a line longer than 4,096 bytes/,
    );
    expect((await fileSource(path, workflows)).size).toBe(3);
  });

  it.each([0, -1, 1.5, Number.NaN])(
    "refuses a bound of %s bytes, naming it",
    async (maxLineBytes) => {
      const path = write("bound.ndjson", `${line(0)}\n`);
      await expect(fileSource(path, workflows, { maxLineBytes })).rejects.toThrow(
        new RangeError(`maxLineBytes: ${maxLineBytes} is not a whole number of bytes above 0`),
      );
    },
  );

  it("that never end are refused after the bound, holding no more than it (checked in a process of its own)", async () => {
    const { message, peak } = await loadInChild(endlessFile("endless.ndjson"));
    expect(message).toMatch(/endless\.ndjson:2: a line longer than 1,048,576 bytes/);
    expect(peak).toBeLessThan(160 * 1024 * 1024);
  }, 60_000);
});

describe("readAdvancedRows, a line reader over the file", () => {
  it("refuses a line longer than the bound, numbered as the line reader numbers it", async () => {
    const long = JSON.stringify({ ...rows[1], os_version: "x".repeat(1_100_000) });
    const path = write("long-rows.ndjson", `${line(0)}\r\n${line(1)}\r${long}\n${line(2)}\n`);
    await expect(readAdvancedRows(path)).rejects.toThrow(
      /long-rows\.ndjson:3: a line longer than 1,048,576 bytes/,
    );
    const within = JSON.stringify({ ...rows[1], os_version: "x".repeat(10_000) });
    const readable = write("within.ndjson", `${line(0)}\r\n${line(1)}\r${within}\n${line(2)}\n`);
    expect(await readAdvancedRows(readable)).toHaveLength(4);
  });

  it("counts a CRLF split between two reads as one break", async () => {
    const bound = lineBound("chunks.ndjson", 5);
    const refused = new Promise<Error>((resolve) => bound.on("error", resolve));
    bound.resume();
    for (const chunk of ["{}\r", "\n{}\r{}\n", "x".repeat(10)]) bound.write(Buffer.from(chunk));
    expect((await refused).message).toMatch(/^chunks\.ndjson:4: a line longer than 5 bytes/);
  });

  it("refuses a line that never ends after the bound, holding no more than it (checked in a process of its own)", async () => {
    const { message, peak } = await loadInChild(
      endlessFile("endless-rows.ndjson"),
      "readAdvancedRows",
    );
    expect(message).toMatch(/endless-rows\.ndjson:2: a line longer than 1,048,576 bytes/);
    expect(peak).toBeLessThan(160 * 1024 * 1024);
  }, 60_000);
});

/** The built package's `fileSource` (or `readAdvancedRows`) on `path` in a child process: its error's message and its peak RSS. */
async function loadInChild(
  path: string,
  reader: "fileSource" | "readAdvancedRows" = "fileSource",
): Promise<{ message: string; peak: number }> {
  const entry = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
  const call =
    reader === "fileSource"
      ? "fileSource(process.argv[2], process.argv[3])"
      : "readAdvancedRows(process.argv[2])";
  const script = `
const { fileSource, readAdvancedRows } = await import(process.argv[1]);
let message = "loaded";
try { await ${call}; } catch (error) { message = error.message.slice(0, 500); }
process.stdout.write(JSON.stringify({ message, peak: process.resourceUsage().maxRSS * 1024 }));
`;
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script, entry, path, workflows],
      { timeout: 50_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  return JSON.parse(out) as { message: string; peak: number };
}

describe("timestamps", () => {
  const instants = [
    "2024-02-29T23:59:59.999Z",
    "2000-02-29T00:00:00.000Z",
    "1970-01-01T00:00:00.000Z",
    "1969-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00.000Z",
    "0000-02-29T12:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
  ];

  it("are read at the instant they name, leap days and far years included", async () => {
    const dated = instants.map((timestamp, index) => ({ ...rows[index], timestamp }));
    const path = write(
      "instants.ndjson",
      `${dated.map((row) => JSON.stringify(row)).join("\n")}\n`,
    );
    const source = await fileSource(path, workflows);
    const read = dataset.workflows.flatMap((workflow) => [
      ...source.events(workflow, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
    ]);
    expect(read.map(({ timestamp }) => timestamp).sort()).toEqual([...instants].sort());
  });

  it.each([
    "2023-02-29T00:00:00.000Z",
    "2100-02-29T00:00:00.000Z",
    "2023-04-31T00:00:00.000Z",
    "2023-01-01T24:00:00.000Z",
    "2023-01-01T00:60:00.000Z",
    "2023-01-01T00:00:00Z",
    "2023-01-01T00:00:00.000+00:00",
  ])(
    "are refused when not a real instant written YYYY-MM-DDTHH:mm:ss.sssZ: %s",
    async (timestamp) => {
      const path = write(
        "bad-instant.ndjson",
        `${line(0)}\n${JSON.stringify({ ...rows[1], timestamp })}\n`,
      );
      await expect(fileSource(path, workflows)).rejects.toThrow(
        /bad-instant\.ndjson:2: timestamp: Must be a UTC timestamp/,
      );
    },
  );
});

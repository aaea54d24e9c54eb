// A recording folder tampered with: each of its files refused when the recorder (or a replay) starts, naming the file and the line or field (a line past the bound too).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createStub, DataFileError, recordingCoverageBeside, startRecorder } from "../../src/index";

const TOKEN = "recording-tampered-secret-2c8d";
const ORG = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
const WORKFLOW = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";
const stub = createStub({ tokens: [{ token: TOKEN }] });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A recording folder holding `files` (name → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recording-tampered-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Two rows the stub answers, as the recorder writes them: one JSON line each. */
async function rowLines(): Promise<[string, string]> {
  const response = await stub.fetch(
    `http://stub/api/reporting/workflow/v1/orgs/${ORG}/workflows/${WORKFLOW}/step/1`,
    {
      method: "POST",
      headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        filters: [],
        interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-10T00:00:00Z" },
      }),
    },
  );
  const rows = (JSON.parse(await response.text()) as { data: unknown[] }).data;
  return [JSON.stringify(rows[0]), JSON.stringify(rows[1])];
}

/** Why starting a recorder on `dir` fails. */
async function refusal(dir: string): Promise<Error> {
  const started = startRecorder({ dir, upstream: "http://127.0.0.1:9" });
  const error = await started.then(
    async (recorder) => {
      await recorder.close();
      throw new Error("the recorder started");
    },
    (error: unknown) => error as Error,
  );
  expect(error).toBeInstanceOf(DataFileError);
  return error;
}

const MANIFEST = {
  windows: [
    {
      workflow: WORKFLOW,
      step: 1,
      target: "default",
      intervals: [["2022-11-03T00:00:00.000Z", "2022-11-10T00:00:00.000Z"]],
    },
  ],
  sourceData: [],
};

describe("a recording folder tampered with", () => {
  it("is refused for a half line in the middle of pending.ndjson, naming the file and the line", async () => {
    const [first, second] = await rowLines();
    const dir = folder({ "pending.ndjson": `${first}\n${second.slice(0, 40)}\n${second}\n` });
    expect((await refusal(dir)).message).toMatch(
      new RegExp(`^${escapeRegExp(join(dir, "pending.ndjson"))}:2: not JSON \\(`),
    );
  });

  it.each([
    ["null", "row: Expected object, received null"],
    [
      '{"timestamp":"2022-11-03T00:00:00Z"}',
      "timestamp: Must be a UTC timestamp written YYYY-MM-DDTHH:mm:ss.sssZ",
    ],
  ])(
    "is refused for a line of pending.ndjson or events.ndjson that is JSON but no row (%s), naming the file and the line",
    async (line, why) => {
      const [first] = await rowLines();
      for (const name of ["pending.ndjson", "events.ndjson"]) {
        const dir = folder({ [name]: `${first}\n${line}\n` });
        expect((await refusal(dir)).message).toBe(
          `${join(dir, name)}:2: not an advanced row (${why}): mend or remove the line to record into ${dir} again`,
        );
      }
    },
  );

  it("is refused for a line of pending.ndjson or events.ndjson longer than the bound, naming the file and the line", async () => {
    const [first] = await rowLines();
    const long = `{"timestamp":"${"x".repeat(1_100_000)}"}`;
    for (const name of ["pending.ndjson", "events.ndjson"]) {
      const dir = folder({ [name]: `${first}\n${long}\n${first}\n` });
      expect((await refusal(dir)).message).toBe(
        `${join(dir, name)}:2: a line longer than 1,048,576 bytes (the most a line may hold); an event's row takes about a thousand: is this an NDJSON file of advanced rows?: mend or remove the line to record into ${dir} again`,
      );
    }
  });

  it.each([
    [
      "a property name unquoted",
      `{\n  "windows": [\n    { "workflow": "x", step: 1 }\n  ]\n}\n`,
      "line 3, column 24: ",
    ],
    ["the file cut short", `{\n  "windows": [\n`, "line 3, column 1: Unexpected end of JSON input"],
  ])(
    "is refused for a recording.json that is not JSON (%s), naming the file, the line and the column",
    async (_, text, where) => {
      const dir = folder({ "recording.json": text });
      const path = join(dir, "recording.json");
      expect((await refusal(dir)).message).toContain(`${path}: ${where}`);
      expect(() => recordingCoverageBeside(join(dir, "events.ndjson"))).toThrow(
        `${path}: ${where}`,
      );
    },
  );

  it.each([
    [{ windows: { workflow: WORKFLOW } }, "windows: Expected array, received object"],
    [
      { windows: [{ ...MANIFEST.windows[0], target: "goals" }] },
      "windows[0].target: Invalid enum value. Expected 'default' | 'triggered_goal', received 'goals'",
    ],
    [
      { windows: [{ ...MANIFEST.windows[0], intervals: [["2022-11-03", "soon"]] }] },
      "windows[0].intervals[0][1]: not a date and time",
    ],
    [{ ...MANIFEST, sourceData: [{ organization: ORG }] }, "sourceData[0].intervals: Required"],
  ])(
    "is refused for a recording.json that is no recorder's manifest (%j), naming the file and the field",
    async (manifest, why) => {
      const dir = folder({ "recording.json": JSON.stringify(manifest) });
      const path = join(dir, "recording.json");
      const message = `${path}: not a recorder's manifest (${why})`;
      expect((await refusal(dir)).message).toBe(message);
      expect(() => recordingCoverageBeside(join(dir, "events.ndjson"))).toThrow(message);
    },
  );

  it("is refused for a workflows.json that is not JSON, naming the file, the line and the column", async () => {
    const dir = folder({ "workflows.json": `{\n  "organizations": [],\n  "workflows": [,]\n}\n` });
    expect((await refusal(dir)).message).toContain(
      `${join(dir, "workflows.json")}: line 3, column 17: `,
    );
  });

  it("still opens when every file is whole: the manifest's windows kept", async () => {
    const [first] = await rowLines();
    const dir = folder({
      "events.ndjson": `${first}\n`,
      "recording.json": JSON.stringify(MANIFEST),
    });
    const recorder = await startRecorder({ dir, upstream: "http://127.0.0.1:9" });
    await recorder.close();
    expect(
      recordingCoverageBeside(join(dir, "events.ndjson"))?.of({
        workflowId: WORKFLOW,
        step: 1,
        goals: false,
        from: Date.parse("2022-11-04T00:00:00Z"),
        to: Date.parse("2022-11-05T00:00:00Z"),
      }),
    ).toBe("complete");
  });
});

/** `text` with the characters a regular expression reads specially escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A file replayed (`fileSource`, streamed into tables) answers byte for byte as the same rows held in memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ADVANCED_COLUMN_NAMES,
  type AdvancedRow,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  WORKFLOW_INFO_PATH,
  type Workflow,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStub, fileSource, MemorySource, readAdvancedRows, type Stub } from "../../src/index";
import { stepPath } from "../helpers/harness";

const options = { seed: 11, start: "2023-01-02T00:00:00Z", end: "2023-01-16T00:00:00Z" };
const dataset = createDataset(options);
const catalog = { organizations: dataset.organizations, workflows: dataset.workflows };
const generated = generateEvents(dataset);

/** Values a file may hold that its plain reading must keep as `JSON.stringify` writes them. */
const UNICODE = [
  "Jyväskylä",
  "東京",
  "🎉 party",
  'a "quoted" \\ back',
  "line\nbreak\ttab",
  "\u0001",
  "\ud800 lone",
];

/** Rows of the dataset with strange values, and in places another workflow's step. */
function strangeRows(): AdvancedRow[] {
  return generated.slice(0, 400).map((row, index) => ({
    ...row,
    geo_city: UNICODE[index % UNICODE.length] as string,
    ...(index % 3 === 0
      ? { os_version: `${index}.0 ${UNICODE[(index + 1) % UNICODE.length]}` }
      : {}),
    ...(index % 5 === 0 ? { properties: ["Description=SUM", `Note=${UNICODE[index % 4]}`] } : {}),
    ...(index % 7 === 0 ? { value: index / 4 } : {}),
  }));
}

/** A line as another writer may write it: keys in another order, spaces, escapes, `1.0`. */
function writtenOtherwise(row: AdvancedRow, way: number): string {
  const text = JSON.stringify(row);
  switch (way) {
    case 0: {
      const reversed = Object.fromEntries(
        [...ADVANCED_COLUMN_NAMES].reverse().map((name) => [name, row[name]]),
      );
      return JSON.stringify(reversed);
    }
    case 1:
      return JSON.stringify(row, null, 1).replace(/\n/g, " ");
    case 2:
      // Every non-ASCII character and the slash escaped, as some exporters write them.
      return text
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .replace(/\//g, "\\/");
    case 3:
      return text
        .replace(/"event_version":1,/, '"event_version":1.0,')
        .replace(/"value":1}/, '"value":1e0}');
    case 4:
      // A timestamp written with an escape: the same string once parsed.
      return text.replace(/("timestamp":"[^"]*)Z"/, '$1\\u005a"');
    default:
      return `  ${text}\t`;
  }
}

let dir: string;
let fromFile: Stub;
let inMemory: Stub;
let size = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "stub-file-replay-"));
  const rows = [...generated, ...strangeRows()];
  // Out of time order in places (the source sorts), blank lines, CRLF and lone CR line breaks.
  const lines = rows.map((row, index) =>
    index % 11 === 0 ? writtenOtherwise(row, index % 6) : JSON.stringify(row),
  );
  for (let i = 0; i + 40 < lines.length; i += 997) lines.splice(i, 0, ...lines.splice(i + 30, 10));
  const text = lines
    .map((line, index) =>
      index % 13 === 0 ? `${line}\r\n` : index % 17 === 0 ? `${line}\r` : `${line}\n\n`,
    )
    .join("");
  const events = join(dir, "events.ndjson");
  const workflows = join(dir, "workflows.json");
  writeFileSync(events, text);
  writeFileSync(workflows, JSON.stringify(catalog));
  const file = await fileSource(events, workflows);
  size = file.size;
  // The reference: the rows as the line reader reads them, indexed from objects.
  const memory = new MemorySource(catalog, await readAdvancedRows(events));
  fromFile = createStub({ source: file });
  inMemory = createStub({ source: memory });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AUTH = { authorization: "Token demo", "content-type": "application/json" };

/** The status, content type and body bytes of one call to each stub. */
async function both(path: string, body?: object): Promise<[string, string]> {
  const init =
    body === undefined
      ? { headers: AUTH }
      : { method: "POST", headers: AUTH, body: JSON.stringify(body) };
  const answers = await Promise.all(
    [fromFile, inMemory].map(async (stub) => {
      const response = await stub.fetch(`http://stub.test${path}`, init);
      const bytes = Buffer.from(await response.arrayBuffer());
      return `${response.status} ${response.headers.get("content-type")} ${bytes.toString("base64")}`;
    }),
  );
  return answers as [string, string];
}

const WHOLE = { start: options.start, end: options.end };
const chart = (workflow: Workflow) =>
  workflow.steps.map(({ actions }, index) =>
    index === 0 ? {} : { actions: actions.map(({ id }) => id) },
  );

/** Queries of one step: the whole range, basic, limits, filters, unicode, goals, funnels and empty windows. */
function stepBodies(workflow: Workflow): [string, object][] {
  return [
    ["advanced", { filters: [], interval: WHOLE }],
    ["basic", { filters: [], interval: WHOLE, basic: true }],
    ["a limit", { filters: [], interval: WHOLE, limit: 7 }],
    ["a basic limit", { filters: [], interval: WHOLE, limit: 1, basic: true }],
    [
      "a filter",
      { filters: [{ property: "device_type", values: ["mobile", "tablet"] }], interval: WHOLE },
    ],
    [
      "a unicode filter",
      {
        filters: [{ property: "geo_city", values: ["Jyväskylä", "東京", "🎉 party"] }],
        interval: WHOLE,
      },
    ],
    ["goals", { filters: [], interval: WHOLE, target: "triggered_goal" }],
    [
      "a mid-range window",
      { filters: [], interval: { start: "2023-01-05T10:30:00Z", end: "2023-01-09T02:00:00Z" } },
    ],
    ["the step_data funnel", { filters: [], interval: WHOLE, step_data: chart(workflow) }],
    [
      "an empty window",
      { filters: [], interval: { start: "2030-01-01T00:00:00Z", end: "2030-02-01T00:00:00Z" } },
    ],
    [
      "an instant",
      { filters: [], interval: { start: "2023-01-05T10:30:00Z", end: "2023-01-05T10:30:00.001Z" } },
    ],
  ];
}

describe("a file replayed, against the same rows held in memory", () => {
  it("holds every row of the file", () => {
    expect(size).toBe(generated.length + 400);
  });

  it.each(
    dataset.workflows.map((workflow) => [`${workflow.type} ${workflow.name}`, workflow] as const),
  )("answers each step of %s byte for byte the same", async (_, workflow) => {
    let rows = 0;
    for (const { index } of workflow.steps) {
      if (index === 0) continue;
      for (const [what, body] of stepBodies(workflow)) {
        const [file, memory] = await both(
          stepPath(workflow.organizationId, workflow.id, index),
          body,
        );
        expect(file, `step ${index}, ${what}`).toBe(memory);
        if (what === "advanced")
          rows += JSON.parse(Buffer.from(file.split(" ")[2] ?? "", "base64").toString()).data
            .length;
      }
    }
    expect(rows).toBeGreaterThan(0);
  });

  it("answers info, source_data and downloads byte for byte the same", async () => {
    const path = (template: string, workflow: Workflow) =>
      template
        .replace(":organization_id", workflow.organizationId)
        .replace(":workflow_id", workflow.id);
    let goals = 0;
    for (const workflow of dataset.workflows) {
      const [info, infoMemory] = await both(path(WORKFLOW_INFO_PATH, workflow));
      expect(info).toBe(infoMemory);
      for (const target of ["affected_goal", "affected_goal_total"]) {
        const body = { filters: [], interval: WHOLE, target };
        const [file, memory] = await both(path(SOURCE_DATA_PATH, workflow), body);
        expect(file, `${workflow.name} ${target}`).toBe(memory);
        if (file.startsWith("200"))
          goals += JSON.parse(Buffer.from(file.split(" ")[2] ?? "", "base64").toString()).data
            .length;
      }
      const download = path(STEP_DOWNLOAD_PATH, workflow).replace(":step_index", "1");
      for (const format of ["csv", "json"]) {
        const [file, memory] = await both(download, {
          filters: [],
          interval: WHOLE,
          format,
          basic: format === "csv",
        });
        expect(file, `${workflow.name} ${format}`).toBe(memory);
      }
    }
    expect(goals).toBeGreaterThan(0);
  });
});

// Recording source_data through the proxy from one stub and replaying the folder in a second: the same outer goal events.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  isOuterGoalEvent,
  SOURCE_DATA_PATH,
  type SourceDataRequestInput,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createStub,
  fileSource,
  type RunningRecorder,
  type RunningStub,
  recordingCoverageBeside,
  type Stub,
  startRecorder,
  startStub,
} from "../../src/index";
import { ORG } from "../helpers/fixtures";
import { INTERACTION, OTHER_INTERACTION, outerGoalSource } from "../helpers/outer-goals";
import { eventually } from "../helpers/waiting";

const SECRET = "record-source-data-secret-5d0e";
const tokens = [{ token: SECRET }];
const JANUARY = { start: "2023-01-01T00:00:00Z", end: "2023-02-01T00:00:00Z" };
const pathOf = (workflow: string) =>
  SOURCE_DATA_PATH.replace(":organization_id", ORG).replace(":workflow_id", workflow);

async function post(base: string | Stub, workflow: string, body: SourceDataRequestInput) {
  const init = {
    method: "POST",
    headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  const response =
    typeof base === "string"
      ? await fetch(`${base}${pathOf(workflow)}`, init)
      : await base.fetch(`http://stub${pathOf(workflow)}`, init);
  return { status: response.status, text: await response.text() };
}

let upstream: RunningStub;
let recorder: RunningRecorder;
let replay: Stub;
let dir: string;
const log: string[] = [];
const relayed: {
  through: Awaited<ReturnType<typeof post>>;
  direct: Awaited<ReturnType<typeof post>>;
}[] = [];

async function record(workflow: string, body: SourceDataRequestInput) {
  const through = await post(recorder.url, workflow, body);
  relayed.push({ through, direct: await post(upstream, workflow, body) });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "giosg-record-source-data-"));
  upstream = await startStub({ tokens, source: outerGoalSource() });
  recorder = await startRecorder({ dir, upstream: upstream.url, log: (line) => log.push(line) });
  // A filtered view first (kept apart until the recording closes), basic rows, then the whole total.
  await record(INTERACTION, {
    filters: [{ property: "browser_name", values: ["Firefox"] }],
    interval: JANUARY,
  });
  await record(INTERACTION, { filters: [], interval: JANUARY, basic: true });
  await record(INTERACTION, { filters: [], interval: JANUARY, target: "affected_goal_total" });
  await record(OTHER_INTERACTION, { filters: [], interval: JANUARY });
  await recorder.close();
  replay = createStub({
    tokens,
    source: await fileSource(join(dir, "events.ndjson"), join(dir, "workflows.json")),
  });
}, 60_000);

afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the recorder, for source_data", () => {
  it("relays each answer as the upstream wrote it, basic ones included", () => {
    expect(relayed).toHaveLength(4);
    for (const { through, direct } of relayed) {
      expect(direct.status).toBe(200);
      expect(through).toEqual(direct);
    }
    expect(JSON.parse(relayed[2]?.direct.text ?? "").data.length).toBeGreaterThan(3);
  });

  it("records each outer goal event of the organization once, and logs the answers audited without deviation", () => {
    const lines = readFileSync(join(dir, "events.ndjson"), "utf8").trimEnd().split("\n");
    const total = JSON.parse(relayed[2]?.direct.text ?? "").data as { timestamp: string }[];
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.map((line) => JSON.parse(line)).sort(byTime)).toEqual([...total].sort(byTime));
    for (const line of lines) expect(isOuterGoalEvent(JSON.parse(line))).toBe(true);
    expect(log.filter((line) => /source_data 200 \(\d+ rows, \d+ new/.test(line))).toHaveLength(4);
    expect(log.filter((line) => line.includes("deviation"))).toEqual([]);
  });

  it("names the organization's window of outer goal events in recording.json, and the workflows as interaction workflows", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));
    expect(manifest.sourceData).toEqual([
      {
        organization: ORG,
        target: "affected_goal_total",
        intervals: [["2023-01-01T00:00:00.000Z", "2023-02-01T00:00:00.000Z"]],
      },
    ]);
    const catalog = JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8"));
    for (const id of [INTERACTION, OTHER_INTERACTION])
      expect(catalog.workflows.find((w: { id: string }) => w.id === id)?.type).toBe("interaction");
  });
});

const byTime = (a: { timestamp: string }, b: { timestamp: string }) =>
  a.timestamp.localeCompare(b.timestamp);

describe("a replay of the recording's source_data", () => {
  const queries: [string, SourceDataRequestInput][] = [];
  for (const workflow of [INTERACTION, OTHER_INTERACTION])
    queries.push(
      [workflow, { filters: [], interval: JANUARY }],
      [workflow, { filters: [], interval: JANUARY, target: "affected_goal_total" }],
      [workflow, { filters: [], interval: JANUARY, basic: true, limit: 2 }],
      [
        workflow,
        { filters: [{ property: "browser_name", values: ["Firefox"] }], interval: JANUARY },
      ],
      [
        workflow,
        {
          filters: [],
          interval: { start: "2023-01-01T12:00:00Z", end: "2023-01-03T00:00:00Z" },
          target: "affected_goal_total",
        },
      ],
    );

  it.each(queries)("answers %s as the upstream did (%j)", async (workflow, body) => {
    const want = await post(upstream, workflow, body);
    const got = await post(replay, workflow, body);
    expect(got.status).toBe(want.status);
    expect(got.text).toBe(want.text);
  });

  it("answers with rows, not only empty lists (the comparison above has something to compare)", async () => {
    const { text } = await post(replay, INTERACTION, { filters: [], interval: JANUARY });
    expect((JSON.parse(text) as { data: unknown[] }).data.length).toBeGreaterThan(1);
  });
});

describe("a replay's coverage of source_data, over a socket", () => {
  let served: RunningStub;
  const warned: string[] = [];
  beforeAll(async () => {
    const recordingCoverage = recordingCoverageBeside(join(dir, "events.ndjson"));
    if (!recordingCoverage) throw new Error("the recording has a recording.json");
    served = await startStub({
      tokens,
      source: await fileSource(join(dir, "events.ndjson"), join(dir, "workflows.json")),
      recordingCoverage,
      corsOrigins: ["https://app.example"],
      log: (line) => warned.push(line),
    });
  });
  afterAll(() => served?.close());

  const coverageOf = async (body: SourceDataRequestInput) => {
    const response = await fetch(`${served.url}${pathOf(INTERACTION)}`, {
      method: "POST",
      headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return response.headers.get("x-stub-recording-coverage");
  };

  it("lets a page on an allowed origin read the header (CORS exposes it)", async () => {
    const response = await fetch(`${served.url}${pathOf(INTERACTION)}`, {
      method: "POST",
      headers: {
        authorization: `Token ${SECRET}`,
        "content-type": "application/json",
        origin: "https://app.example",
      },
      body: JSON.stringify({ filters: [], interval: JANUARY }),
    });
    await response.arrayBuffer();
    expect(response.headers.get("x-stub-recording-coverage")).toBe("complete");
    expect(response.headers.get("access-control-expose-headers")).toMatch(
      /x-stub-recording-coverage/i,
    );
  });

  it("says complete inside the organization's recorded window, for either target", async () => {
    const day = { start: "2023-01-02T00:00:00Z", end: "2023-01-03T00:00:00Z" };
    expect(await coverageOf({ filters: [], interval: day })).toBe("complete");
    expect(await coverageOf({ filters: [], interval: day, target: "affected_goal_total" })).toBe(
      "complete",
    );
  });

  it("says none for another month and partial across the window's end, warning once of each", async () => {
    const february = { start: "2023-02-01T00:00:00Z", end: "2023-03-01T00:00:00Z" };
    const across = { start: "2023-01-15T00:00:00Z", end: "2023-02-15T00:00:00Z" };
    expect(await coverageOf({ filters: [], interval: february })).toBe("none");
    expect(await coverageOf({ filters: [], interval: february, basic: true })).toBe("none");
    expect(await coverageOf({ filters: [], interval: across })).toBe("partial");
    const warnings = warned.filter((line) => line.startsWith("replay: "));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(
      `organization ${ORG}'s outer goal events from 2023-02-01T00:00:00.000Z to 2023-03-01T00:00:00.000Z are not in the recording`,
    );
    expect(warnings[1]).toContain("are only partly in the recording");
  });
});

describe("the CLI's replay of the recording", () => {
  const cli = new URL("../../dist/cli.js", import.meta.url).pathname;
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill();
  });

  it("finds recording.json beside --data: says so, sets the header, and warns of a window not covered", async () => {
    const started = spawn(
      process.execPath,
      [
        cli,
        "--port",
        "0",
        "--data",
        join(dir, "events.ndjson"),
        "--workflows",
        join(dir, "workflows.json"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = started;
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      started.stdout?.on("data", (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match && output.includes("X-Stub-Recording-Coverage")) resolve(match[1] as string);
      });
      started.stderr?.on("data", (chunk) => {
        output += chunk;
      });
      started.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const response = await fetch(`${url}${pathOf(INTERACTION)}`, {
      method: "POST",
      headers: { authorization: "Token demo", "content-type": "application/json" },
      body: JSON.stringify({
        filters: [],
        interval: { start: "2023-03-01T00:00:00Z", end: "2023-04-01T00:00:00Z" },
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: [] });
    expect(response.headers.get("x-stub-recording-coverage")).toBe("none");
    await eventually(() =>
      expect(output).toContain(
        `replay: POST ${pathOf(INTERACTION)}: organization ${ORG}'s outer goal events from 2023-03-01T00:00:00.000Z`,
      ),
    );
  });
});

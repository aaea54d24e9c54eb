// Recording through the proxy from one stub and replaying the folder in a second: the same answers, byte for byte.
// Past 300 lines on purpose: one recording session (beforeAll) feeds the checks of the recorder, the replay
// and its coverage; split, each file would record it again.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  advancedRowSchema,
  type StepSourceDataRequestInput,
  workflowCatalogSchema,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createStub,
  fileSource,
  RecordingCoverage,
  type RunningRecorder,
  type RunningStub,
  recordingCoverageBeside,
  type Stub,
  startRecorder,
  startStub,
} from "../../src/index";
import { readXlsx } from "../helpers/spreadsheet-reader";

const SECRET = "record-secret-6b1e0c9d4f";
const tokens = [{ token: SECRET }];
const ORGANIZATION = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
/** A web navigation workflow (step_data applies) and the documentation's voice & video one. */
const WEB = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";
const VOICE = "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9";
const WINDOW = { start: "2022-11-03T00:00:00Z", end: "2022-11-06T00:00:00Z" };
const STEPS = [1, 2, 3, 4];

const pathOf = (workflow: string, step: number) =>
  `/api/reporting/workflow/v1/orgs/${ORGANIZATION}/workflows/${workflow}/step/${step}`;

async function post(
  base: string | Stub,
  workflow: string,
  step: number,
  body: StepSourceDataRequestInput,
) {
  const init = {
    method: "POST",
    headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  const response =
    typeof base === "string"
      ? await fetch(`${base}${pathOf(workflow, step)}`, init)
      : await base.fetch(`http://stub${pathOf(workflow, step)}`, init);
  return { status: response.status, text: await response.text() };
}

const infoPathOf = (workflow: string) =>
  `/api/reporting/workflow/v1/orgs/${ORGANIZATION}/workflows/${workflow}/info/`;

/** `GET …/info/` of `workflow`, over a socket (a URL) or in process (a stub). */
async function getInfo(base: string | Stub, workflow: string) {
  const init = { headers: { authorization: `Token ${SECRET}` } };
  const response =
    typeof base === "string"
      ? await fetch(`${base}${infoPathOf(workflow)}`, init)
      : await base.fetch(`http://stub${infoPathOf(workflow)}`, init);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** `POST …/download/` of a step, over a socket (a URL) or in process (a stub): its status, headers and bytes. */
async function download(
  base: string | Stub,
  workflow: string,
  step: number,
  body: StepSourceDataRequestInput & { format: "csv" | "xlsx" },
) {
  const path = `${pathOf(workflow, step)}/download/`;
  const init = {
    method: "POST",
    headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  const response =
    typeof base === "string"
      ? await fetch(`${base}${path}`, init)
      : await base.fetch(`http://stub${path}`, init);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

let upstream: RunningStub;
let recorder: RunningRecorder;
let replay: Stub;
/** What the replay logged. */
const replayLog: string[] = [];
let dir: string;
const log: string[] = [];
/** What the recorder answered the caller, beside what the upstream answers to the same query. */
const relayed: { through: string; direct: string }[] = [];
/** `info` as the recorder relayed it, beside the upstream's own answer. */
const downloads: {
  through: Awaited<ReturnType<typeof download>>;
  direct: Awaited<ReturnType<typeof download>>;
}[] = [];
const infos: {
  through: Awaited<ReturnType<typeof getInfo>>;
  direct: Awaited<ReturnType<typeof getInfo>>;
}[] = [];

async function record(workflow: string, step: number, body: StepSourceDataRequestInput) {
  const through = await post(recorder.url, workflow, step, body);
  const direct = await post(upstream, workflow, step, body);
  expect(through.status).toBe(200);
  relayed.push({ through: through.text, direct: direct.text });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "giosg-record-"));
  upstream = await startStub({ tokens });
  recorder = await startRecorder({ dir, upstream: upstream.url, log: (line) => log.push(line) });
  // Views that show part of a window first: a filter reaching before the window, a limit, basic rows.
  await record(VOICE, 1, {
    filters: [{ property: "action", values: ["User dialed"] }],
    interval: { start: "2022-11-02T00:00:00Z", end: "2022-11-04T00:00:00Z" },
  });
  await record(WEB, 2, { filters: [], interval: WINDOW, limit: 5 });
  await record(VOICE, 2, {
    filters: [],
    interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" },
    basic: true,
  });
  // Then every step's events and goals over the window, twice for one step (nothing recorded twice).
  for (const workflow of [WEB, VOICE])
    for (const step of STEPS)
      for (const target of ["default", "triggered_goal"] as const)
        await record(workflow, step, { filters: [], interval: WINDOW, target });
  await record(WEB, 1, { filters: [], interval: WINDOW });
  for (const format of ["csv", "xlsx"] as const) {
    const body = { filters: [], interval: WINDOW, format };
    downloads.push({
      through: await download(recorder.url, WEB, 2, body),
      direct: await download(upstream, WEB, 2, body),
    });
  }
  for (const workflow of [WEB, VOICE])
    infos.push({
      through: await getInfo(recorder.url, workflow),
      direct: await getInfo(upstream, workflow),
    });
  await recorder.close();
  const recordingCoverage = recordingCoverageBeside(join(dir, "events.ndjson"));
  replay = createStub({
    tokens,
    source: await fileSource(join(dir, "events.ndjson"), join(dir, "workflows.json")),
    ...(recordingCoverage === undefined ? {} : { recordingCoverage }),
    log: (line) => replayLog.push(line),
  });
}, 60_000);

afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the recorder", () => {
  it("relays the upstream's advanced answers byte for byte, and basic ones as the upstream would write them", () => {
    expect(relayed.length).toBeGreaterThan(10);
    for (const { through, direct } of relayed) expect(through).toBe(direct);
  });

  it("logs each answer with how many of its rows were new: none, for a window recorded already", () => {
    const web1 = log.filter((line) => line.includes(`${WEB}/step/1 200`));
    expect(web1).toHaveLength(3);
    expect(web1[0]).toMatch(/200 \((\d+) rows, \1 new to the recording\)$/);
    expect(web1[2]).toMatch(/200 \(\d+ rows, 0 new to the recording\)$/);
  });

  it("leaves a dataset the stub reads: valid rows, each recorded once, and a valid workflows file", async () => {
    const lines = readFileSync(join(dir, "events.ndjson"), "utf8").trimEnd().split("\n");
    for (const line of lines) advancedRowSchema.parse(JSON.parse(line));
    workflowCatalogSchema.parse(JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")));
    // Inside the window, exactly the upstream's rows of the recorded steps.
    let expected = 0;
    for (const workflow of [WEB, VOICE])
      for (const step of STEPS)
        for (const target of ["default", "triggered_goal"] as const) {
          const { text } = await post(upstream, workflow, step, {
            filters: [],
            interval: WINDOW,
            target,
          });
          expected += (JSON.parse(text) as { data: unknown[] }).data.length;
        }
    const inWindow = lines.filter((line) => {
      const at = Date.parse((JSON.parse(line) as { timestamp: string }).timestamp);
      return at >= Date.parse(WINDOW.start) && at < Date.parse(WINDOW.end);
    });
    expect(inWindow.length).toBe(expected);
    expect(new Set(readdirSync(dir))).toEqual(
      new Set(["events.ndjson", "workflows.json", "recording.json"]),
    );
  });

  it("names the windows it holds completely in recording.json", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));
    const web1 = manifest.windows.find(
      (w: { workflow: string; step: number; target: string }) =>
        w.workflow === WEB && w.step === 1 && w.target === "default",
    );
    expect(web1.intervals).toEqual([["2022-11-03T00:00:00.000Z", "2022-11-06T00:00:00.000Z"]]);
  });

  it("relays info as the upstream answered it, and logs it recorded", () => {
    expect(infos).toHaveLength(2);
    for (const { through, direct } of infos) {
      expect(direct.status).toBe(200);
      expect(through).toEqual(direct);
    }
    expect(log.filter((line) => /^GET \S+\/info\/ 200 \(info recorded\)$/.test(line))).toHaveLength(
      2,
    );
  });

  it("relays downloads as the upstream wrote them: the file's bytes, type and name", () => {
    expect(downloads).toHaveLength(2);
    for (const { through, direct } of downloads) {
      expect(direct.status).toBe(200);
      expect(direct.bytes.length).toBeGreaterThan(1000);
      const { bytes: throughBytes, ...throughHead } = through;
      const { bytes: directBytes, ...directHead } = direct;
      expect(throughHead).toEqual(directHead);
      // An XLSX file's zip dates its entries when written: the sheets' cells are compared instead.
      if (direct.type?.startsWith("text/csv")) expect(throughBytes).toEqual(directBytes);
      else expect(readXlsx(throughBytes)).toEqual(readXlsx(directBytes));
    }
    const lines = log.filter((line) => line.includes("/download/ 200"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`(${downloads[0]?.direct.bytes.length} bytes relayed, not recorded`);
  });

  it("writes the token nowhere: not in a file, not in a log line", () => {
    for (const file of readdirSync(dir))
      expect(readFileSync(join(dir, file), "utf8")).not.toContain(SECRET);
    expect(log.length).toBeGreaterThan(0);
    for (const line of log) expect(line).not.toContain(SECRET);
  });
});

describe("a replay of the recording", () => {
  const queries: [string, number, StepSourceDataRequestInput][] = [];
  for (const workflow of [WEB, VOICE])
    for (const step of STEPS) {
      queries.push(
        [workflow, step, { filters: [], interval: WINDOW }],
        [workflow, step, { filters: [], interval: WINDOW, basic: true }],
        [workflow, step, { filters: [], interval: WINDOW, limit: 7 }],
        [workflow, step, { filters: [], interval: WINDOW, limit: "3", basic: true }],
        [
          workflow,
          step,
          { filters: [], interval: { start: "2022-11-03T12:00:00Z", end: "2022-11-04T06:30:00Z" } },
        ],
        [workflow, step, { filters: [], interval: WINDOW, target: "triggered_goal" }],
        [
          workflow,
          step,
          {
            filters: [{ property: "device_type", values: ["mobile", "tablet"] }],
            interval: WINDOW,
          },
        ],
        [
          workflow,
          step,
          {
            filters: [
              { property: "device_type", values: ["desktop"] },
              { property: "geo_country", values: ["Finland", "Sweden"] },
            ],
            interval: WINDOW,
          },
        ],
        [
          workflow,
          step,
          {
            filters: [],
            interval: WINDOW,
            step_data: [
              {},
              { actions: ["https://www.giosg-demo.fi/", "https://www.giosg-demo.fi/campaign"] },
              { actions: ["https://www.giosg-demo.fi/products"] },
            ],
          },
        ],
        [
          workflow,
          step,
          { filters: [], interval: { start: "2022-11-04T02:00:00Z", end: "2022-11-04T02:00:01Z" } },
        ],
      );
    }

  it.each(queries)("answers %s step %s as the upstream did (%j)", async (workflow, step, body) => {
    const want = await post(upstream, workflow, step, body);
    const got = await post(replay, workflow, step, body);
    expect(got.status).toBe(want.status);
    expect(got.text).toBe(want.text);
  });

  it.each([WEB, VOICE])(
    "answers info of %s with the metadata the upstream answered",
    async (workflow) => {
      const want = await getInfo(upstream, workflow);
      const got = await getInfo(replay, workflow);
      expect(got.status).toBe(200);
      expect(got.text).toBe(want.text);
      // The upstream's own, not the placeholders of a workflow the recording knows only from its rows.
      const info = JSON.parse(got.text) as { name: string; modified_at: string };
      expect(info.name).not.toMatch(/^Workflow [0-9a-f]{8}$/);
      expect(info.modified_at).not.toMatch(/^1970-/);
    },
  );

  it("answers a download of a recorded window with the file the upstream wrote", async () => {
    const body = { filters: [], interval: WINDOW, format: "csv" as const };
    const want = await download(upstream, WEB, 3, body);
    const got = await download(replay, WEB, 3, body);
    expect(got.status).toBe(200);
    expect(got.bytes.toString("utf8")).toBe(want.bytes.toString("utf8"));
    expect(got.disposition).toBe(want.disposition);
    expect(got.bytes.toString("utf8").split("\r\n").length).toBeGreaterThan(20);
  });

  it("answers with rows, not only empty lists (the comparison above has something to compare)", async () => {
    const { text } = await post(replay, WEB, 2, { filters: [], interval: WINDOW });
    expect((JSON.parse(text) as { data: unknown[] }).data.length).toBeGreaterThan(20);
  });
});

describe("a replay's coverage by the recording", () => {
  const coverageOf = async (workflow: string, step: number, body: StepSourceDataRequestInput) => {
    const response = await replay.fetch(`http://stub${pathOf(workflow, step)}`, {
      method: "POST",
      headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.headers.get("x-stub-recording-coverage");
  };
  const warnings = () => replayLog.filter((line) => line.startsWith("replay: "));
  const DECEMBER = { start: "2022-12-01T00:00:00Z", end: "2023-01-01T00:00:00Z" };

  it("says complete for a query inside a recorded window, whatever its filters, limit or shape", async () => {
    expect(await coverageOf(WEB, 2, { filters: [], interval: WINDOW })).toBe("complete");
    expect(
      await coverageOf(VOICE, 3, {
        filters: [{ property: "device_type", values: ["mobile"] }],
        interval: { start: "2022-11-04T00:00:00Z", end: "2022-11-05T00:00:00Z" },
        limit: 2,
        basic: true,
        target: "triggered_goal",
      }),
    ).toBe("complete");
    expect(warnings()).toEqual([]);
  });

  it("says none for another month, partial for an interval reaching past the window, and warns once of each", async () => {
    expect(await coverageOf(WEB, 2, { filters: [], interval: DECEMBER })).toBe("none");
    expect(await coverageOf(WEB, 2, { filters: [], interval: DECEMBER })).toBe("none");
    const reaching = { start: "2022-11-05T00:00:00Z", end: "2022-11-08T00:00:00Z" };
    expect(await coverageOf(WEB, 2, { filters: [], interval: reaching })).toBe("partial");
    expect(warnings()).toEqual([
      `replay: POST ${pathOf(WEB, 2)}: workflow ${WEB} step 2's events from 2022-12-01T00:00:00.000Z to 2023-01-01T00:00:00.000Z are not in the recording: answered as if the upstream had no data outside its windows (recording.json)`,
      `replay: POST ${pathOf(WEB, 2)}: workflow ${WEB} step 2's events from 2022-11-05T00:00:00.000Z to 2022-11-08T00:00:00.000Z are only partly in the recording: answered as if the upstream had no data outside its windows (recording.json)`,
    ]);
  });

  it("says none for a step never recorded, and for a download of it", async () => {
    // Step 5 was never asked while recording (the replay does not know it: 404 step_not_found).
    expect(await coverageOf(WEB, 5, { filters: [], interval: WINDOW })).toBe("none");
    const file = await replay.fetch(`http://stub${pathOf(WEB, 5)}/download/`, {
      method: "POST",
      headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ filters: [], interval: WINDOW, format: "csv" }),
    });
    await file.arrayBuffer();
    expect(file.headers.get("x-stub-recording-coverage")).toBe("none");
  });

  it("counts the earlier steps a step_data funnel reads: partial when one of them was not recorded", async () => {
    const window = [[WINDOW.start, WINDOW.end]] as [string, string][];
    const warned: string[] = [];
    // Steps 1 and 3 of the web workflow recorded over the window, step 2 not.
    const narrow = createStub({
      tokens,
      source: replay.source,
      recordingCoverage: new RecordingCoverage({
        windows: [1, 3].map((step) => ({
          workflow: WEB,
          step,
          target: "default",
          intervals: window,
        })),
      }),
      log: (line) => {
        if (line.startsWith("replay: ")) warned.push(line);
      },
    });
    const coverage = async (body: StepSourceDataRequestInput) => {
      const response = await narrow.fetch(`http://stub${pathOf(WEB, 3)}`, {
        method: "POST",
        headers: { authorization: `Token ${SECRET}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.headers.get("x-stub-recording-coverage");
    };
    expect(await coverage({ filters: [], interval: WINDOW })).toBe("complete");
    expect(warned).toEqual([]);
    const stepData = [{}, { actions: ["https://www.giosg-demo.fi/"] }, {}, {}];
    expect(await coverage({ filters: [], interval: WINDOW, step_data: stepData })).toBe("partial");
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`workflow ${WEB} step 2's events from`);
  });

  it("says complete for the info of a workflow whose info was recorded", async () => {
    const response = await replay.fetch(`http://stub${infoPathOf(WEB)}`, {
      headers: { authorization: `Token ${SECRET}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-stub-recording-coverage")).toBe("complete");
  });
});

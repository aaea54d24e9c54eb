// exportSourceData against the stub over a socket: the files hold exactly the interval's rows, a rerun writes nothing, a failed unit is named.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Target } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportSourceData, openFileSink, parseInterval, STATE_FILE } from "../src";
import { filesUnder, MONTH, ndjsonRows, ORGANIZATION, WORKFLOW } from "./helpers/files";

const TARGETS: readonly Target[] = ["default", "triggered_goal"];
const STEPS = [1, 2];

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-stub-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clientOf = (options: { fetch?: typeof fetch; retry?: false } = {}) =>
  createClient({ token: "demo", baseUrl: stub.url, ...options });

const exportMonth = async (client = clientOf(), format: "ndjson" | "csv" = "ndjson") =>
  exportSourceData({
    client,
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: parseInterval(MONTH),
    steps: STEPS,
    targets: TARGETS,
    window: "1d",
    sink: await openFileSink({ dir, workflowId: WORKFLOW, format }),
  });

/** The stub's one unlimited answer for the whole month, as JSON would carry it. */
async function wholeAnswer(step: number, target: Target): Promise<unknown[]> {
  const { start, end } = parseInterval(MONTH);
  const answer = await clientOf().getStepSourceData({
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    stepIndex: step,
    target,
    filters: [],
    interval: { start, end },
  });
  return JSON.parse(JSON.stringify(answer.data));
}

describe("an export into NDJSON files", () => {
  it("writes, per step and target, exactly the rows of one unlimited request for the whole interval", async () => {
    const summary = await exportMonth();
    expect(summary).toMatchObject({ units: 2 * 2 * 30, written: 120, skipped: 0, failures: [] });
    let total = 0;
    for (const step of STEPS)
      for (const target of TARGETS) {
        const want = await wholeAnswer(step, target);
        total += want.length;
        // Additivity and time order: the windows' rows, concatenated, are the whole answer's, in order.
        expect(await ndjsonRows(dir, step, target)).toEqual(want);
      }
    expect(summary.rows).toBe(total);
    expect(total).toBeGreaterThan(0);
    const files = await filesUnder(dir);
    expect(files).toContain(`${WORKFLOW}/step-1/default/20221101T000000Z_20221102T000000Z.ndjson`);
    expect(files).toContain(`${WORKFLOW}/${STATE_FILE}`);
    expect(files.filter((file) => file.endsWith(".partial"))).toEqual([]);
  });

  it("writes each row's bytes as the API sent them: the files, line feeds for commas, are the whole answer's data", async () => {
    await exportMonth();
    const { start, end } = parseInterval(MONTH);
    for (const step of STEPS)
      for (const target of TARGETS) {
        const response = await fetch(
          `${stub.url}/api/reporting/workflow/v1/orgs/${ORGANIZATION}/workflows/${WORKFLOW}/step/${step}`,
          {
            method: "POST",
            headers: { authorization: "Token demo", "content-type": "application/json" },
            body: JSON.stringify({ interval: { start, end }, target, filters: [] }),
          },
        );
        const answer = await response.text();
        const data = answer.slice(answer.indexOf('"data":[') + 8, answer.lastIndexOf("]"));
        const folder = join(dir, WORKFLOW, `step-${step}`, target);
        const files = (await filesUnder(folder)).filter((file) => file.endsWith(".ndjson")).sort();
        let text = "";
        for (const file of files) text += await readFile(join(folder, file), "utf8");
        expect(text.slice(0, -1).replaceAll("\n", ","), `step ${step} ${target}`).toBe(data);
      }
  });

  it("writes rows handed to the sink without their bytes (a caller's own) as JSON.stringify writes them", async () => {
    const sink = await openFileSink({ dir, workflowId: WORKFLOW });
    const rows = [{ timestamp: "2022-11-01T00:00:00.000Z", v: 1.5, s: "ä\n" }, { v: [1] }];
    const unit = {
      stepIndex: 1,
      target: "default" as const,
      window: parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z"),
    };
    await sink.writeUnit(unit, {
      fields: [],
      rows: (async function* () {
        yield* rows;
      })(),
    });
    await sink.close();
    const folder = join(dir, WORKFLOW, "step-1", "default");
    expect(await readFile(join(folder, "20221101T000000Z_20221102T000000Z.ndjson"), "utf8")).toBe(
      rows.map((row) => `${JSON.stringify(row)}\n`).join(""),
    );
  });

  it("writes a unit whose folder was removed after the run made it (the folder made again)", async () => {
    const sink = await openFileSink({ dir, workflowId: WORKFLOW });
    const unitAt = (day: string) => ({
      stepIndex: 1,
      target: "default" as const,
      window: parseInterval(`2022-11-${day}T00:00:00Z/2022-11-${day}T01:00:00Z`),
    });
    const rowsOf = (timestamp: string) => ({
      fields: [],
      rows: (async function* () {
        yield { timestamp };
      })(),
    });
    const folder = join(dir, WORKFLOW, "step-1", "default");
    await sink.writeUnit(unitAt("01"), rowsOf("2022-11-01T00:00:00.000Z"));
    await rm(folder, { recursive: true });
    expect(await sink.writeUnit(unitAt("02"), rowsOf("2022-11-02T00:00:00.000Z"))).toBe(1);
    await sink.close();
    expect(await readFile(join(folder, "20221102T000000Z_20221102T010000Z.ndjson"), "utf8")).toBe(
      '{"timestamp":"2022-11-02T00:00:00.000Z"}\n',
    );
  });

  it("writes nothing on a rerun: every unit is skipped and no file is touched", async () => {
    await exportMonth();
    const files = await filesUnder(dir);
    const times = await Promise.all(
      files.map(async (file) => (await stat(join(dir, file))).mtimeMs),
    );
    const rerun = await exportMonth();
    expect(rerun).toMatchObject({ units: 120, written: 0, skipped: 120, rows: 0, failures: [] });
    expect(await filesUnder(dir)).toEqual(files);
    expect(
      await Promise.all(files.map(async (file) => (await stat(join(dir, file))).mtimeMs)),
    ).toEqual(times);
  });

  it("reports a unit that fails with its window, writes the others, and a rerun writes only that one", async () => {
    // One window's requests answer 503 (the client's retries off): that unit fails, no other.
    const failing: typeof fetch = async (input, init) => {
      if (String(init?.body).includes('"start":"2022-11-03T00:00:00.000Z"'))
        return new Response('{"detail":"unavailable"}', {
          status: 503,
          headers: { "content-type": "application/json" },
        });
      return fetch(input, init);
    };
    const summary = await exportMonth(clientOf({ fetch: failing, retry: false }));
    expect(summary.failures.map(({ unit }) => unit.window.start.toISOString())).toEqual(
      Array(4).fill("2022-11-03T00:00:00.000Z"),
    );
    expect(summary.failures[0]?.unit.window.end.toISOString()).toBe("2022-11-04T00:00:00.000Z");
    expect(summary.written).toBe(116);
    const files = await filesUnder(dir);
    expect(files.some((file) => file.includes("20221103T000000Z_"))).toBe(false);
    expect(files.filter((file) => file.endsWith(".partial"))).toEqual([]);
    const rerun = await exportMonth();
    expect(rerun).toMatchObject({ written: 4, skipped: 116, failures: [] });
    for (const step of STEPS)
      for (const target of TARGETS)
        expect(await ndjsonRows(dir, step, target)).toEqual(await wholeAnswer(step, target));
  });
});

describe("an export into CSV files", () => {
  it("writes each window's rows as the contract's CSV, a header first", async () => {
    await exportMonth(clientOf(), "csv");
    const want = await wholeAnswer(1, "default");
    const files = (await filesUnder(dir)).filter((file) => file.includes("step-1/default/"));
    expect(files).toHaveLength(30);
    let records = 0;
    for (const file of files) {
      const lines = (await readFile(join(dir, file), "utf8"))
        .split("\r\n")
        .filter((line) => line !== "");
      expect(lines[0]).toMatch(/^timestamp,/);
      records += lines.length - 1;
    }
    // The stub's example rows hold no line breaks inside a value, so records are lines.
    expect(records).toBe(want.length);
  });
});

// The recorder against step numbers no workflow has: a row's dim5 of 400 nines, a query of step 20,000,000.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workflowCatalogSchema } from "@giosg-reporting/contract";
import { afterEach, describe, expect, it } from "vitest";
import {
  createStub,
  fileSource,
  MAX_RECORDED_STEP,
  type RunningRecorder,
  startRecorder,
} from "../../src/index";

const TOKEN = "recorder-steps-secret-4e1a";
const ORG = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
const WORKFLOW = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";
const pathOf = (step: number) =>
  `/api/reporting/workflow/v1/orgs/${ORG}/workflows/${WORKFLOW}/step/${step}`;
const BODY = {
  filters: [],
  interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-10T00:00:00Z" },
};
const NINES = "9".repeat(400);
const stub = createStub({ tokens: [{ token: TOKEN }] });

type Row = { dim5: string | null; [column: string]: unknown };

/** The stub's answer of step 1 to BODY, as rows. */
async function stubRows(): Promise<Row[]> {
  const response = await post(`http://stub`, 1, stub.fetch);
  return (JSON.parse(await response.text()) as { data: Row[] }).data;
}

function post(base: string, step: number, send: typeof fetch = fetch) {
  return send(`${base}${pathOf(step)}`, {
    method: "POST",
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(BODY),
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An upstream on 127.0.0.1 that answers every request with `text`. */
async function upstreamAnswering(text: string): Promise<string> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(text);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recorder-steps-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function recorderFor(upstream: string, dir: string, log: string[]): Promise<RunningRecorder> {
  const recorder = await startRecorder({ dir, upstream, log: (line) => log.push(line) });
  cleanups.push(() => recorder.close());
  return recorder;
}

const readCatalog = (dir: string) =>
  workflowCatalogSchema.parse(JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")));

describe("the recorder, given a row whose step is 400 nines", () => {
  it("relays and records it, saves a valid workflows file without its step, and the replay serves the other rows", async () => {
    const rows = await stubRows();
    expect(rows.length).toBeGreaterThan(10);
    const hostile = rows.map((row, i) => (i === 5 ? { ...row, dim5: NINES } : row));
    const text = JSON.stringify({ data: hostile });
    const dir = tempDir();
    const log: string[] = [];
    const recorder = await recorderFor(await upstreamAnswering(text), dir, log);
    const relayed = await post(recorder.url, 1);
    expect(relayed.status).toBe(200);
    expect(await relayed.text()).toBe(text);
    expect(() => recorder.recording.save()).not.toThrow();
    await recorder.close();

    expect(log.join("\n")).toContain(
      `1 of them name a step (dim5) beyond ${MAX_RECORDED_STEP}, the largest a recording catalogues`,
    );
    // The row is kept as it came; the catalogue lists the workflow's real steps only.
    const lines = readFileSync(join(dir, "events.ndjson"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(rows.length);
    const catalog = readCatalog(dir);
    const workflow = catalog.workflows.find(({ id }) => id === WORKFLOW);
    expect(workflow?.steps.map(({ index }) => index)).toEqual([0, 1]);

    const source = await fileSource(join(dir, "events.ndjson"), join(dir, "workflows.json"));
    expect(source.size).toBe(rows.length);
    const replay = createStub({ tokens: [{ token: TOKEN }], source });
    const replayed = await post("http://replay", 1, replay.fetch);
    expect(replayed.status).toBe(200);
    const data = (JSON.parse(await replayed.text()) as { data: Row[] }).data;
    expect(data).toEqual(rows.filter((_, i) => i !== 5));
  });

  it("records again into a folder such a row poisoned: its other rows' workflow catalogued", async () => {
    const rows = await stubRows();
    const dir = tempDir();
    const poisoned = rows.map((row, i) => JSON.stringify(i === 0 ? { ...row, dim5: NINES } : row));
    writeFileSync(join(dir, "events.ndjson"), `${poisoned.join("\n")}\n`);
    writeFileSync(join(dir, "workflows.json"), '{"organizations":[],"workflows":[]}\n');
    const recorder = await recorderFor(await upstreamAnswering('{"data":[]}'), dir, []);
    await recorder.close();
    const workflow = readCatalog(dir).workflows.find(({ id }) => id === WORKFLOW);
    expect(workflow?.steps.map(({ index }) => index)).toEqual([0, 1]);
  });

  it("refuses a folder whose events file has a line that is not JSON, naming the file and the line", async () => {
    const rows = await stubRows();
    const dir = tempDir();
    writeFileSync(join(dir, "events.ndjson"), `${JSON.stringify(rows[0])}\n{"dim5": 99\n`);
    await expect(startRecorder({ dir, upstream: "http://127.0.0.1:9" })).rejects.toThrow(
      `${join(dir, "events.ndjson")}:2: not JSON`,
    );
  });
});

describe("the recorder, asked for step 20,000,000", () => {
  it("relays the answer, records nothing of it, and its memory grows less than 50 MB", async () => {
    const rows = await stubRows();
    const text = JSON.stringify({ data: rows });
    const dir = tempDir();
    const log: string[] = [];
    const recorder = await recorderFor(await upstreamAnswering(text), dir, log);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    const relayed = await post(recorder.url, 20_000_000);
    expect(relayed.status).toBe(200);
    expect(await relayed.text()).toBe(text);
    recorder.recording.save();
    gc?.();
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(50 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(100 * 1024 * 1024);
    await recorder.close();

    expect(log.join("\n")).toContain(
      `not recorded: step 20000000 is beyond ${MAX_RECORDED_STEP}, the largest a recording catalogues`,
    );
    expect(readFileSync(join(dir, "events.ndjson"), "utf8")).toBe("");
    expect(readCatalog(dir).workflows).toEqual([]);
  }, 120_000);
});

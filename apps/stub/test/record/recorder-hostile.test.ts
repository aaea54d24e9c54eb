// The recorder against endless answers: an error, a body it cannot audit, info/, a download's error, rows of one instant; memory stays flat.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStub, fileSource } from "../../src/index";
import { hostileUpstream, type Meter, writeEndless } from "../helpers/hostile-upstream";
import { type ChildRecorder, childRecorder } from "../helpers/recorder-child";
import { eventually } from "../helpers/waiting";

const TOKEN = "recorder-hostile-secret-5d0e";
const ORG = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
const WORKFLOW = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";
const BASE = `/api/reporting/workflow/v1/orgs/${ORG}/workflows/${WORKFLOW}`;
const BODY = {
  filters: [],
  interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-10T00:00:00Z" },
};
/** What the caller reads of each endless answer: far more than the bound on the recorder's growth. */
const ENDLESS_BYTES = 256 * 1024 * 1024;
/** The recorder's peak RSS growth allowed while it relays that much (holding it would take more). */
const MAX_GROWTH = 150 * 1024 * 1024;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recorder-hostile-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A recorder (in a child process) in front of an upstream that answers with `status` and a body that never ends. */
async function endlessRecorder(status: number, head: string, chunk: () => string, meter: Meter) {
  const upstream = await hostileUpstream((_, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    writeEndless(response, head, chunk, meter);
  });
  cleanups.push(upstream.close);
  const dir = tempDir();
  const recorder = await childRecorder({ dir, upstream: upstream.url });
  cleanups.push(recorder.kill);
  return { recorder, dir };
}

/**
 * Sends the request and reads its answer until the upstream has written ENDLESS_BYTES: the caller's
 * status and the bytes it read (the recorder's memory is its own process's).
 */
async function readEndless(
  recorder: ChildRecorder,
  path: string,
  init: RequestInit,
  meter: Meter,
): Promise<{ status: number | undefined; read: number }> {
  const abort = new AbortController();
  cleanups.push(() => abort.abort());
  let status: number | undefined;
  let read = 0;
  const caller = fetch(`${recorder.url}${path}`, {
    ...init,
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
    signal: abort.signal,
  }).then(async (response) => {
    status = response.status;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      read += next.value.byteLength;
    }
  });
  caller.catch(() => {});
  await vi.waitFor(() => expect(meter.sent).toBeGreaterThanOrEqual(ENDLESS_BYTES), {
    timeout: 120_000,
    interval: 20,
  });
  abort.abort();
  return { status, read };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

describe("the recorder, given an endless answer it does not record", () => {
  const filler = () => `"${"x".repeat(64 * 1024 - 2)}"`;
  it.each([
    ["a 500 error's endless body", "POST", `${BASE}/step/1`, 500, JSON.stringify(BODY)],
    ["an endless 200 to a body the contract refuses ({})", "POST", `${BASE}/step/1`, 200, "{}"],
    ["info/'s endless 200", "GET", `${BASE}/info/`, 200, undefined],
    ["a download's endless 500", "POST", `${BASE}/step/1/download/`, 500, JSON.stringify(BODY)],
  ] as const)(
    "relays %s as it comes, holding less than 150 MB",
    async (_, method, path, status, body) => {
      const meter: Meter = { sent: 0 };
      const { recorder } = await endlessRecorder(status, '{"detail":[', filler, meter);
      const answer = await readEndless(
        recorder,
        path,
        { method, ...(body === undefined ? {} : { body }) },
        meter,
      );
      const growth = await recorder.growth();
      expect(mb(growth)).toBeLessThan(mb(MAX_GROWTH));
      expect(answer.status).toBe(status);
      expect(answer.read).toBeGreaterThan(ENDLESS_BYTES / 2);
      await eventually(() => expect(recorder.log().join("\n")).toMatch(/not recorded/));
    },
    180_000,
  );
});

describe("the recorder, given endless rows of one instant", () => {
  it("relays them all, holding less than 150 MB, records none of that instant, says why, and leaves a folder a replay serves", async () => {
    const stub = createStub({ tokens: [{ token: TOKEN }] });
    const call = (base: string, send: typeof fetch) =>
      send(`${base}${BASE}/step/1`, {
        method: "POST",
        headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(BODY),
      });
    const full = await (await call("http://stub", stub.fetch)).text();
    const head = full.slice(0, full.indexOf('"data":[') + 8);
    const [first] = (JSON.parse(full) as { data: { timestamp: string }[] }).data;
    const row = JSON.stringify(first);
    let rows = 0;
    const batch = () => {
      const text = `${rows === 0 ? "" : ","}${Array(200).fill(row).join(",")}`;
      rows += 200;
      return text;
    };
    const meter: Meter = { sent: 0 };
    const { recorder, dir } = await endlessRecorder(200, head, batch, meter);
    const answer = await readEndless(
      recorder,
      `${BASE}/step/1`,
      { method: "POST", body: JSON.stringify(BODY) },
      meter,
    );
    const grown = await recorder.growth();
    expect(mb(grown)).toBeLessThan(mb(MAX_GROWTH));
    expect(answer.status).toBe(200);
    expect(answer.read).toBeGreaterThan(ENDLESS_BYTES / 2);
    const instant = new Date(Date.parse(first?.timestamp ?? "")).toISOString();
    await eventually(() =>
      expect(recorder.log()).toEqual([
        expect.stringMatching(
          new RegExp(
            `^POST \\S+ 200 \\(\\d+ rows, cut short, 0 new to the recording; not recorded from ${instant} on: more than 16777216 bytes of rows share one instant\\): the caller went away$`,
          ),
        ),
      ]),
    );
    await recorder.close();
    // Nothing of that instant recorded, and the window held only up to it: the replay says so.
    expect(readFileSync(join(dir, "events.ndjson"), "utf8")).toBe("");
    const manifest = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));
    expect(manifest.windows[0].intervals).toEqual([
      [new Date(Date.parse(BODY.interval.start)).toISOString(), instant],
    ]);
    const source = await fileSource(join(dir, "events.ndjson"), join(dir, "workflows.json"));
    const replay = createStub({ tokens: [{ token: TOKEN }], source });
    const replayed = await call("http://replay", replay.fetch);
    expect(replayed.status).toBe(200);
    expect((JSON.parse(await replayed.text()) as { data: unknown[] }).data).toEqual([]);
  }, 180_000);
});

// The recorder's bounds: an upstream silent before or during its answer (504, or the answer cut), a caller who leaves (499), the folder's bytes (--max-bytes).
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createStub, fileSource, type RunningRecorder, startRecorder } from "../../src/index";
import { hostileUpstream, type Meter, writeEndless } from "../helpers/hostile-upstream";
import { eventually } from "../helpers/waiting";

const TOKEN = "recorder-bounds-secret-0b7f";
const ORG = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
const WORKFLOW = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";
const BASE = `/api/reporting/workflow/v1/orgs/${ORG}/workflows/${WORKFLOW}`;
const BODY = {
  filters: [],
  interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-10T00:00:00Z" },
};
/** A test fails rather than waits on a recorder that never answers. */
const GUARD_MS = 20_000;
const stub = createStub({ tokens: [{ token: TOKEN }] });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recorder-bounds-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function recorderFor(
  upstream: string,
  options: { upstreamTimeoutMs?: number; maxBytes?: number } = {},
) {
  const log: string[] = [];
  const recorder = await startRecorder({
    dir: tempDir(),
    upstream,
    log: (line) => log.push(line),
    ...options,
  });
  cleanups.push(() => recorder.close());
  return { recorder, log };
}

/** An upstream that answers with `handle`, closed after the test. */
async function upstreamOf(handle: Parameters<typeof hostileUpstream>[0]) {
  const upstream = await hostileUpstream(handle);
  cleanups.push(upstream.close);
  return upstream;
}

/** The stub's answer of step 1 to BODY: the text before its rows, and each row's JSON. */
async function stubRows(): Promise<{ head: string; rows: Record<string, unknown>[] }> {
  const response = await stub.fetch(`http://stub${BASE}/step/1`, {
    method: "POST",
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(BODY),
  });
  const full = await response.text();
  const head = full.slice(0, full.indexOf('"data":[') + 8);
  return { head, rows: (JSON.parse(full) as { data: Record<string, unknown>[] }).data };
}

const ROUTES = [
  ["the step endpoint", "POST", `${BASE}/step/1`],
  ["info/", "GET", `${BASE}/info/`],
  ["a download", "POST", `${BASE}/step/1/download/`],
] as const;

function call(recorder: RunningRecorder, method: string, path: string, signal?: AbortSignal) {
  const download = path.endsWith("/download/");
  return fetch(`${recorder.url}${path}`, {
    method,
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
    ...(method === "GET"
      ? {}
      : { body: JSON.stringify(download ? { ...BODY, format: "csv" } : BODY) }),
    signal: signal ?? AbortSignal.timeout(GUARD_MS),
  });
}

describe("the recorder, given an upstream that says nothing (--upstream-timeout)", () => {
  it.each(ROUTES)(
    "answers %s 504 upstream_timeout when no header comes in time, and logs it",
    async (_, method, path) => {
      const upstream = await upstreamOf(() => {});
      const { recorder, log } = await recorderFor(upstream.url, { upstreamTimeoutMs: 300 });
      const response = await call(recorder, method, path);
      expect(response.status).toBe(504);
      expect(await response.json()).toEqual({
        code: "upstream_timeout",
        detail: `The upstream ${upstream.url} sent nothing for 300 ms (the recorder's --upstream-timeout); nothing was recorded.`,
      });
      expect(log).toEqual([`${method} ${path} 504: the upstream sent nothing for 300 ms`]);
    },
  );

  it("answers 504 when an error's body stops coming before it could be audited", async () => {
    const upstream = await upstreamOf((_, response) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.write('{"detail":"Internal');
    });
    const { recorder, log } = await recorderFor(upstream.url, { upstreamTimeoutMs: 300 });
    const response = await call(recorder, "POST", `${BASE}/step/1`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: "upstream_timeout" });
    expect(log).toEqual([
      `POST ${BASE}/step/1 504: the upstream sent nothing for 300 ms (its answer's status was 500)`,
    ]);
  });

  it("cuts the caller's answer when the rows stop coming mid-answer, keeps the rows read, and logs why", async () => {
    const { head, rows } = await stubRows();
    // The tenth row is read as a row once a comma follows it: it never is.
    const sent = rows.slice(0, 10).map((row) => JSON.stringify(row));
    const upstream = await upstreamOf((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(`${head}${sent.join(",")}`);
    });
    const { recorder, log } = await recorderFor(upstream.url, { upstreamTimeoutMs: 300 });
    const response = await call(recorder, "POST", `${BASE}/step/1`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    await eventually(() =>
      expect(log).toEqual([
        `POST ${BASE}/step/1 200 (9 rows, cut short, 9 new to the recording): the upstream's answer broke off: the upstream sent nothing for 300 ms`,
      ]),
    );
  });
});

describe("the recorder, when its caller leaves before the upstream answers", () => {
  it.each(ROUTES)(
    "logs %s as 499, the caller gone, not as the upstream's failure",
    async (_, method, path) => {
      let asked = false;
      const upstream = await upstreamOf(() => {
        asked = true;
      });
      const { recorder, log } = await recorderFor(upstream.url);
      const abort = new AbortController();
      const caller = call(recorder, method, path, abort.signal);
      caller.catch(() => {});
      await eventually(() => expect(asked).toBe(true));
      abort.abort();
      await eventually(() =>
        expect(log).toEqual([
          `${method} ${path} 499: the caller went away before the upstream's answer`,
        ]),
      );
    },
  );
});

describe("the recorder's bound of bytes on disk (--max-bytes)", () => {
  it("stops recording at the bound, logs why, relays the rest, and leaves a folder a replay loads", async () => {
    const { head, rows } = await stubRows();
    const template = rows[0] as Record<string, unknown>;
    const start = Date.parse(BODY.interval.start);
    let next = 0;
    /** Rows a millisecond apart, each a new instant, without end. */
    const batch = () => {
      const texts: string[] = [];
      for (let i = 0; i < 100; i += 1, next += 1)
        texts.push(
          `${next === 0 ? "" : ","}${JSON.stringify({ ...template, timestamp: new Date(start + next).toISOString() })}`,
        );
      return texts.join("");
    };
    const meter: Meter = { sent: 0 };
    const upstream = await upstreamOf((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      writeEndless(response, head, batch, meter);
    });
    const maxBytes = 1024 * 1024;
    const { recorder, log } = await recorderFor(upstream.url, { maxBytes });
    const abort = new AbortController();
    const response = await call(recorder, "POST", `${BASE}/step/1`, abort.signal);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let read = 0;
    while (read < 16 * maxBytes) read += ((await reader.read()).value as Uint8Array).byteLength;
    abort.abort();
    await reader.cancel().catch(() => {});
    await eventually(() =>
      expect(log.join("\n")).toMatch(
        /^POST \S+ 200 \(\d+ rows, cut short, \d+ new to the recording; not recorded from 2022-11-03T00:00:\d\d\.\d{3}Z on: the recording reached its bound of bytes \(--max-bytes\)\): the caller went away$/,
      ),
    );
    await recorder.close();
    const dir = recorder.recording.dir;
    const events = join(dir, "events.ndjson");
    expect(statSync(events).size).toBeLessThanOrEqual(maxBytes);
    expect(statSync(events).size).toBeGreaterThan(maxBytes / 2);
    const source = await fileSource(events, join(dir, "workflows.json"));
    const recorded = readFileSync(events, "utf8").trimEnd().split("\n");
    expect(source.size).toBe(recorded.length);
    // The window is held up to the first instant not recorded: each row inside it was recorded.
    const manifest = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));
    const [[from, until]] = manifest.windows[0].intervals;
    expect(from).toBe("2022-11-03T00:00:00.000Z");
    expect(Date.parse(until) - start).toBe(recorded.length);
  });
});

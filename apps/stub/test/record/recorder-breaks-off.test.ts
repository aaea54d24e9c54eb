// The recorder when its upstream breaks off mid-answer or is stopped by Ctrl-C: whole lines kept, windows claimed no further.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { advancedRowSchema, workflowCatalogSchema } from "@giosg-reporting/contract";
import { afterEach, describe, expect, it } from "vitest";
import { createStub, type RunningRecorder, startRecorder } from "../../src/index";
import { eventually } from "../helpers/waiting";

const TOKEN = "recorder-fault-secret-91c2";
const PATH =
  "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/3c298d6c-74ca-40b1-8432-5f2cb29fd630/step/1";
const BODY = {
  filters: [],
  interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-10T00:00:00Z" },
};
const stub = createStub({ tokens: [{ token: TOKEN }] });

/** The stub's whole answer to BODY, as text. */
async function stubAnswer(): Promise<string> {
  const response = await stub.fetch(`http://stub${PATH}`, {
    method: "POST",
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(BODY),
  });
  return response.text();
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An upstream on 127.0.0.1 whose every request (headers and body kept) `handle` answers. */
async function upstreamServer(handle: Handler) {
  const seen: { headers: IncomingMessage["headers"]; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push({ headers: request.headers, body });
      handle(request, response, body);
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recorder-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function recorderFor(upstream: string, log: string[] = []): Promise<RunningRecorder> {
  const recorder = await startRecorder({ dir: tempDir(), upstream, log: (line) => log.push(line) });
  cleanups.push(() => recorder.close());
  return recorder;
}

function send(recorder: RunningRecorder, headers: Record<string, string> = {}) {
  return fetch(`${recorder.url}${PATH}`, {
    method: "POST",
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(BODY),
  });
}

function recordedLines(dir: string): string[] {
  const text = readFileSync(join(dir, "events.ndjson"), "utf8");
  expect(text === "" || text.endsWith("\n")).toBe(true);
  return text.split("\n").filter((line) => line !== "");
}

describe("the recorder, when the upstream breaks off", () => {
  it("keeps every whole row it read, claims the window only up to the last whole instant, and cuts the caller's answer too", async () => {
    const full = await stubAnswer();
    const rows = (JSON.parse(full) as { data: { timestamp: string }[] }).data;
    expect(rows.length).toBeGreaterThan(40);
    // Cut in the middle of row 30.
    const cutAt = full.indexOf(JSON.stringify(rows[30])) + 40;
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(full.slice(0, cutAt), () => response.destroy());
    });
    const recorder = await recorderFor(upstream.url);
    const caller = send(recorder).then((response) => response.text());
    await expect(caller).rejects.toThrow();
    await recorder.close();
    const lines = recordedLines(recorder.recording.dir);
    expect(lines).toEqual(rows.slice(0, 30).map((row) => JSON.stringify(row)));
    for (const line of lines) advancedRowSchema.parse(JSON.parse(line));
    const manifest = JSON.parse(
      readFileSync(join(recorder.recording.dir, "recording.json"), "utf8"),
    );
    expect(manifest.windows[0].intervals).toEqual([
      [
        "2022-11-03T00:00:00.000Z",
        new Date(Date.parse((rows[29] as { timestamp: string }).timestamp)).toISOString(),
      ],
    ]);
  });

  it("stops on Ctrl-C with exit code 0 in the middle of a streamed answer, leaving only whole lines", async () => {
    const full = await stubAnswer();
    const head = full.slice(0, full.indexOf('"data":[') + 8);
    const rows = (JSON.parse(full) as { data: unknown[] }).data.map((row) => JSON.stringify(row));
    // Sends rows slowly and never ends (until the test closes it): the stop must come mid-answer.
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(head);
      let i = 0;
      const timer = setInterval(() => {
        if (i >= rows.length || response.destroyed) return clearInterval(timer);
        response.write(`${i === 0 ? "" : ","}${rows[i]}`);
        i += 1;
      }, 5);
      response.on("close", () => clearInterval(timer));
    });
    const dir = tempDir();
    const cli = spawn(
      process.execPath,
      ["dist/cli.js", "--record", dir, "--upstream", upstream.url, "--port", "0"],
      { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    cli.stdout.on("data", (chunk) => (out += chunk));
    cli.stderr.on("data", (chunk) => (out += chunk));
    const exited = new Promise<number | null>((done) => cli.on("exit", (code) => done(code)));
    cleanups.push(() => void cli.kill("SIGKILL"));
    await eventually(() => expect(out).toMatch(/recording on http:\/\//));
    const url = /recording on (http:\/\/\S+)/.exec(out)?.[1] as string;
    const response = await fetch(`${url}${PATH}`, {
      method: "POST",
      headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(BODY),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < 8 * 1024) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the answer ended after ${received} bytes, before the stop`);
      received += value.length;
    }
    cli.kill("SIGINT");
    expect(await exited).toBe(0);
    const lines = recordedLines(dir);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(rows.slice(0, lines.length));
    workflowCatalogSchema.parse(JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")));
    expect(out).not.toContain(TOKEN);
  }, 40_000);
});

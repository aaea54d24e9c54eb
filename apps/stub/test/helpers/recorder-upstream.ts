// One recorder between a test and a scripted upstream on 127.0.0.1: the query sent, the stub's own answer to it, the folder recorded.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { createStub, type RunningRecorder, startRecorder } from "../../src/index";

/** The token the tests send through the recorder. */
export const TOKEN = "recorder-fault-secret-91c2";
/** The step endpoint the tests ask. */
export const PATH =
  "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/3c298d6c-74ca-40b1-8432-5f2cb29fd630/step/1";
/** The query the tests send. */
export const BODY = {
  filters: [],
  interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-10T00:00:00Z" },
};
/** The stub in process, answering TOKEN. */
export const stub = createStub({ tokens: [{ token: TOKEN }] });

/** The stub's whole answer to BODY, as text. */
export async function stubAnswer(): Promise<string> {
  const response = await stub.fetch(`http://stub${PATH}`, {
    method: "POST",
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(BODY),
  });
  return response.text();
}

/** How the scripted upstream answers one request. */
export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;
/** What to undo after each test, last first. */
export const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An upstream on 127.0.0.1 whose every request (headers and body kept) `handle` answers. */
export async function upstreamServer(handle: Handler) {
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

/** A new folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recorder-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A recorder of `upstream` into a new folder, closed after the test. */
export async function recorderFor(upstream: string, log: string[] = []): Promise<RunningRecorder> {
  const recorder = await startRecorder({ dir: tempDir(), upstream, log: (line) => log.push(line) });
  cleanups.push(() => recorder.close());
  return recorder;
}

/** Sends BODY to the recorder's step endpoint with TOKEN (and `headers`). */
export function send(recorder: RunningRecorder, headers: Record<string, string> = {}) {
  return fetch(`${recorder.url}${PATH}`, {
    method: "POST",
    headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(BODY),
  });
}

/** The lines of a recording's events file, which ends with a whole line. */
export function recordedLines(dir: string): string[] {
  const text = readFileSync(join(dir, "events.ndjson"), "utf8");
  expect(text === "" || text.endsWith("\n")).toBe(true);
  return text.split("\n").filter((line) => line !== "");
}

// The download tests' shared server, folder and file: hooks that close every server and catch stray rejections.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type ClientOptions, createClient, type StepDownloadQuery } from "../../src/index";
import { type Answer, type Hostile, hostile } from "./hostile";
import { documented } from "./index";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let servers: Hostile[] = [];
/** The test file's temporary folder, made before its tests and removed after them. */
export let folder: string;

/** Registers the file's hooks: a temporary folder, servers closed after each test, no unhandled rejection. */
export function setUpDownloads(): void {
  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    folder = await mkdtemp(join(tmpdir(), "client-download-"));
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
    await new Promise((resolve) => setTimeout(resolve, 20)); // let any stray rejection surface
    expect(unhandled).toEqual([]);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await rm(folder, { recursive: true, force: true });
  });
}

/** A hostile server answering `answer`, closed after the test. */
export async function serve(answer: Answer): Promise<Hostile> {
  const server = await hostile(answer);
  servers.push(server);
  return server;
}

/** A CSV answer's content type. */
export const CSV = { "content-type": "text/csv; charset=utf-8" } as const;
/** An XLSX answer's content type. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** The CSV file the servers answer unless told. */
export const FILE = "timestamp,action\r\n2022-11-03T05:58:38.263Z,User dialed\r\n";
/** The documented step as a CSV download. */
export const query = { ...documented, format: "csv" } as const satisfies StepDownloadQuery;
/** Retries that wait a few milliseconds. */
export const fast = { baseDelayMs: 1, maxDelayMs: 5 };
/** A client of `server` with a 3 s timeout. */
export const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", baseUrl: server.url, timeoutMs: 3_000, ...options });

/** A server answering the CSV file with these extra headers. */
export const file =
  (headers: Record<string, string> = {}, body = FILE): Answer =>
  (_, response) => {
    response.writeHead(200, { ...CSV, ...headers });
    response.end(body);
  };

/** Downloads and reads the whole body as text. */
export async function text(
  server: Hostile,
  options: Partial<ClientOptions> = {},
  maxBytes?: number,
) {
  const download = await clientOf(server, options).downloadStepSourceData(
    query,
    maxBytes === undefined ? {} : { maxBytes },
  );
  return new Response(download.body).text();
}

/** The files in the test's folder that a save may have left: the target and any temporary file. */
export const leftIn = async (dir: string) => (await readdir(dir)).sort();

// downloadStepSourceData and saveDownload against a raw node:http server on 127.0.0.1: the file's name
// and type from the headers, retries only before the body, and every way a download can fail ending in
// the typed error, with nothing partial left at the target path.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadFileName } from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions, createClient, type StepDownloadQuery } from "../src/index";
import { saveDownload } from "../src/node";
import { alarm, documented } from "./helpers";
import {
  type Answer,
  drip,
  ending,
  type Hostile,
  heapGrowthOf,
  hostile,
  JSON_HEADERS,
  MiB,
  pour,
} from "./hostile";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let servers: Hostile[] = [];
let folder: string;

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

async function serve(answer: Answer): Promise<Hostile> {
  const server = await hostile(answer);
  servers.push(server);
  return server;
}

const CSV = { "content-type": "text/csv; charset=utf-8" } as const;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const FILE = "timestamp,action\r\n2022-11-03T05:58:38.263Z,User dialed\r\n";
const query = { ...documented, format: "csv" } as const satisfies StepDownloadQuery;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", baseUrl: server.url, timeoutMs: 3_000, ...options });

/** A server answering the CSV file with these extra headers. */
const file =
  (headers: Record<string, string> = {}, body = FILE): Answer =>
  (_, response) => {
    response.writeHead(200, { ...CSV, ...headers });
    response.end(body);
  };

/** Downloads and reads the whole body as text. */
async function text(server: Hostile, options: Partial<ClientOptions> = {}, maxBytes?: number) {
  const download = await clientOf(server, options).downloadStepSourceData(
    query,
    maxBytes === undefined ? {} : { maxBytes },
  );
  return new Response(download.body).text();
}

/** The files in the test's folder that a save may have left: the target and any temporary file. */
const leftIn = async (dir: string) => (await readdir(dir)).sort();

describe("the file's name, type and size", () => {
  it.each<[string, string | undefined, string]>([
    ["quoted", 'attachment; filename="step 1.csv"', "step 1.csv"],
    ["a token", "attachment; filename=step.csv", "step.csv"],
    [
      "filename* over filename",
      `attachment; filename="fallback.csv"; filename*=UTF-8''M%C3%A4rz%20%E2%82%AC.csv`,
      "März €.csv",
    ],
    ["filename* first", `attachment; filename*=utf-8''a%20b.csv; filename=c.csv`, "a b.csv"],
    ["ISO-8859-1", `attachment; filename*=iso-8859-1'en'%E4.csv`, "ä.csv"],
    [
      "malformed filename*: filename",
      `attachment; filename*=UTF-8''%E2%82.csv; filename="ok.csv"`,
      "ok.csv",
    ],
    [
      "escaped quotes and a semicolon: not plain, the contract's",
      String.raw`attachment; filename="a \"b\"; c.csv"`,
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
    ...(
      [
        ["a leading dot (.npmrc)", ".npmrc"],
        ["a dot file with the extension", ".hidden.csv"],
        ["another extension (package.json)", "package.json"],
        ["a right-to-left override", "report\u202Evsc.csv"],
        ["a colon", "C:x.csv"],
        ["a name too long", `${"a".repeat(401)}.csv`],
        ["an extension alone", ".csv"],
      ] as const
    ).map(([name, fileName]): [string, string | undefined, string] => [
      `${name}: not safe, the contract's`,
      `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ]),
    ["upper-case names, spaces", 'Attachment ; FILENAME = "x.csv"', "x.csv"],
    ["a path: its last segment only", 'attachment; filename="../../etc/passwd.csv"', "passwd.csv"],
    ["a Windows path", String.raw`attachment; filename="C:\\tmp\\x.csv"`, "x.csv"],
    [
      "no name: the contract's",
      "attachment",
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
    [
      "no header: the contract's",
      undefined,
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
    [
      "a name of dots: the contract's",
      'attachment; filename=".."',
      downloadFileName(query.workflowId, 1, { ...query, basic: false }),
    ],
  ])("%s", async (_, header, fileName) => {
    const server = await serve(file(header === undefined ? {} : { "content-disposition": header }));
    const download = await clientOf(server).downloadStepSourceData(query);
    expect(download).toMatchObject({ fileName, format: "csv", contentType: CSV["content-type"] });
    expect(await new Response(download.body).text()).toBe(FILE);
  });

  it("size from Content-Length; undefined when chunked", async () => {
    const sized = await serve(file({ "content-length": String(Buffer.byteLength(FILE)) }));
    expect((await clientOf(sized).downloadStepSourceData(query)).size).toBe(
      Buffer.byteLength(FILE),
    );
    const chunked = await serve((_, response) => {
      response.writeHead(200, CSV);
      response.write(FILE.slice(0, 10));
      response.end(FILE.slice(10));
    });
    const download = await clientOf(chunked).downloadStepSourceData(query);
    expect(download.size).toBeUndefined();
    const chunks: Uint8Array[] = [];
    for await (const chunk of download) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(FILE);
  });

  it("sends the step's payload and format to …/download/, accepting the file's type and JSON", async () => {
    let seen: Record<string, string | undefined> & { body: string } = { body: "" };
    const server = await serve((request, response) => {
      seen = { method: request.method, url: request.url, accept: request.headers.accept, body: "" };
      request.on("data", (chunk: Buffer) => {
        seen.body += chunk.toString();
      });
      request.on("end", () => file()(request, response, { bytes: 0 }));
    });
    await text(server);
    expect(seen).toMatchObject({
      method: "POST",
      url: `/api/reporting/workflow/v1/orgs/${query.organizationId}/workflows/${query.workflowId}/step/1/download/`,
      accept: "text/csv, application/json",
    });
    expect(JSON.parse(seen.body)).toMatchObject({ format: "csv", limit: 2, basic: false });
  });
});

describe("what is not the file", () => {
  it.each<[string, "csv" | "xlsx", Record<string, string>]>([
    ["JSON for a CSV", "csv", JSON_HEADERS],
    ["HTML for a CSV", "csv", { "content-type": "text/html" }],
    ["CSV in Latin-1", "csv", { "content-type": "text/csv; charset=iso-8859-1" }],
    ["CSV for an XLSX", "xlsx", CSV],
    ["no type", "csv", {}],
  ])("a 200 of %s: invalid-response, nothing read", async (_, format, headers) => {
    const server = await serve((__, response) => {
      response.writeHead(200, headers);
      response.end('{"fields":[],"data":[]}');
    });
    const result = await ending(() =>
      clientOf(server).downloadStepSourceData({ ...query, format }),
    );
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", status: 200, attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining(`not a ${format} file`) });
  });

  it("the type is not held to the format with validateResponse: false", async () => {
    const server = await serve(file({ "content-type": "application/octet-stream" }));
    expect(await text(server, { validateResponse: false })).toBe(FILE);
  });

  it("an XLSX type for an XLSX", async () => {
    const server = await serve(file({ "content-type": XLSX_TYPE }));
    const download = await clientOf(server).downloadStepSourceData({ ...query, format: "xlsx" });
    expect(download.contentType).toBe(XLSX_TYPE);
    await download.body.cancel();
  });

  it("an error status with a JSON body: the api error with its code, not retried", async () => {
    const server = await serve((_, response) => {
      response.writeHead(404, JSON_HEADERS);
      response.end('{"code":"step_not_found","detail":"No step 7."}');
    });
    const result = await ending(() =>
      clientOf(server, { retry: fast }).downloadStepSourceData(query),
    );
    expect(result).toMatchObject({ ok: false, kind: "api", status: 404, attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("step_not_found") });
  });
});

describe("retries before the body, never after", () => {
  it("429 with Retry-After before the body: waited as asked, then the file", async () => {
    const asked = alarm(1_000);
    let rangBySecond: boolean | undefined;
    const server = await serve((request, response) => {
      if (server.requests() === 1) {
        response.writeHead(429, { ...JSON_HEADERS, "retry-after": "1" });
        response.end('{"code":"throttled","detail":"Slow down."}');
        return;
      }
      rangBySecond = asked.rang();
      file()(request, response, { bytes: 0 });
    });
    expect(await text(server)).toBe(FILE);
    expect(server.requests()).toBe(2);
    expect(rangBySecond).toBe(true);
  });

  it("503 then the file", async () => {
    const server = await serve((request, response) => {
      if (server.requests() === 1) {
        response.writeHead(503, JSON_HEADERS);
        response.end("{}");
      } else file()(request, response, { bytes: 0 });
    });
    expect(await text(server, { retry: fast })).toBe(FILE);
    expect(server.requests()).toBe(2);
  });

  it("a body cut mid-file: network error after 1 attempt, no file at the path", async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { ...CSV, "content-length": "100000" });
      response.write("a".repeat(40_000), () => response.destroy());
    });
    const dir = await mkdtemp(join(folder, "cut-"));
    const download = await clientOf(server, { retry: fast }).downloadStepSourceData(query);
    const result = await ending(() => saveDownload(download, join(dir, "file.csv")));
    expect(result).toMatchObject({ ok: false, kind: "network", status: 200, attempts: 1 });
    expect(result).toMatchObject({
      message: expect.stringContaining("The download broke off after"),
    });
    expect(server.requests()).toBe(1);
    expect(await leftIn(dir)).toEqual([]);
  });

  it("a cut keeps an earlier file at the path as it was", async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, CSV);
      response.write("a".repeat(40_000), () => response.destroy());
    });
    const dir = await mkdtemp(join(folder, "keep-"));
    await writeFile(join(dir, "file.csv"), "earlier");
    const download = await clientOf(server).downloadStepSourceData(query);
    expect(await ending(() => saveDownload(download, join(dir, "file.csv")))).toMatchObject({
      ok: false,
      kind: "network",
    });
    expect(await leftIn(dir)).toEqual(["file.csv"]);
    expect(await readFile(join(dir, "file.csv"), "utf8")).toBe("earlier");
  });
});

describe("bounds", () => {
  it("a file past maxBytes, counted as it comes: too-large, no file at the path", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      void pour(response, count, () => "x".repeat(64 * 1024), 256 * MiB);
    });
    const dir = await mkdtemp(join(folder, "large-"));
    const download = await clientOf(server).downloadStepSourceData(query, { maxBytes: 2 * MiB });
    const result = await ending(() => saveDownload(download, join(dir, "file.csv")));
    expect(result).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("maxBytes") });
    expect(await leftIn(dir)).toEqual([]);
    expect(server.written()).toBeLessThan(256 * MiB);
  });

  it("a declared size past maxAnswerBytes: refused before the body is read", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, { ...CSV, "content-length": String(300 * MiB) });
      drip(response, count, "x", 100, 100);
    });
    const result = await ending(() =>
      clientOf(server, { maxAnswerBytes: MiB }).downloadStepSourceData(query),
    );
    expect(result).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("declares 314572800 bytes") });
  });

  it("maxBytes must be a whole number of bytes", async () => {
    const client = createClient({ token: "demo", baseUrl: "http://127.0.0.1:9" });
    const result = await ending(() => client.downloadStepSourceData(query, { maxBytes: 0.5 }));
    expect(result).toMatchObject({ ok: false, kind: "invalid-request", attempts: 0 });
  });

  it("a stalled body: an idle timeout saying timeoutMs; a slow reader of a healthy one is not", async () => {
    const stalled = await serve((_, response) => {
      response.writeHead(200, CSV);
      response.write(FILE);
    });
    expect(await ending(() => text(stalled, { timeoutMs: 300 }))).toMatchObject({
      ok: false,
      kind: "timeout",
      message: expect.stringContaining("timeoutMs"),
    });
    // The server stays silent while the caller holds its first chunk for 2.5 × timeoutMs, and sends
    // the rest only once the caller lets go: holding a chunk is not the server's silence.
    let letGo = () => {};
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const healthy = await serve((_, response) => {
      response.writeHead(200, CSV);
      response.write(FILE);
      void held.then(() => response.end(FILE));
    });
    const download = await clientOf(healthy, { timeoutMs: 1_000 }).downloadStepSourceData(query);
    let read = "";
    for await (const chunk of download) {
      if (read === "") {
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        letGo();
      }
      read += Buffer.from(chunk).toString();
    }
    expect(read).toBe(FILE + FILE);
  });

  it("a body dripping a byte at a time: deadlineMs ends the whole download", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      drip(response, count, "x", 100, 300);
    });
    const result = await ending(() => text(server, { timeoutMs: 1_000, deadlineMs: 1_500 }));
    expect(result).toMatchObject({ ok: false, kind: "timeout", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("deadlineMs") });
  });

  it("the caller's signal mid-file: aborted, no file at the path", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      drip(response, count, "x", 20, 1_000);
    });
    const dir = await mkdtemp(join(folder, "abort-"));
    const controller = new AbortController();
    const download = await clientOf(server).downloadStepSourceData(query, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const result = await ending(() => saveDownload(download, join(dir, "file.csv")));
    expect(result).toMatchObject({ ok: false, kind: "aborted" });
    expect(await leftIn(dir)).toEqual([]);
  });
});

describe("saveDownload", () => {
  it("writes the whole file at the path, replacing an earlier one, and says how many bytes", async () => {
    const big = "row,".repeat(200_000);
    const server = await serve(file({}, big));
    const dir = await mkdtemp(join(folder, "save-"));
    await writeFile(join(dir, "file.csv"), "earlier");
    const download = await clientOf(server).downloadStepSourceData(query);
    const saved = await saveDownload(download, join(dir, "file.csv"));
    expect(saved).toEqual({ path: join(dir, "file.csv"), bytes: big.length });
    expect(await readFile(join(dir, "file.csv"), "utf8")).toBe(big);
    expect(await leftIn(dir)).toEqual(["file.csv"]);
  });

  it("a 192 MiB file is saved with the heap flat: one chunk at a time", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, { ...CSV, "content-length": String(192 * MiB) });
      void pour(response, count, () => Buffer.alloc(MiB, 0x61), 192 * MiB);
    });
    const dir = await mkdtemp(join(folder, "big-"));
    let saved: { bytes: number } | undefined;
    const growth = await heapGrowthOf(async () => {
      const download = await clientOf(server).downloadStepSourceData(query, {
        maxBytes: 256 * MiB,
      });
      saved = await saveDownload(download, join(dir, "file.csv"));
    });
    expect(saved?.bytes).toBe(192 * MiB);
    expect(growth).toBeLessThan(32 * MiB);
    await rm(dir, { recursive: true });
  });

  it("into a folder that does not exist: the file system's error, the download cancelled", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      void pour(response, count, () => "x".repeat(64 * 1024), 256 * MiB);
    });
    const download = await clientOf(server).downloadStepSourceData(query);
    await expect(saveDownload(download, join(folder, "missing", "file.csv"))).rejects.toMatchObject(
      {
        code: "ENOENT",
      },
    );
    expect(server.written()).toBeLessThan(256 * MiB);
  });

  it("leaving a download's loop early cancels the rest", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      void pour(response, count, () => "x".repeat(64 * 1024), 256 * MiB);
    });
    const download = await clientOf(server).downloadStepSourceData(query);
    for await (const _chunk of download) break;
    expect(server.written()).toBeLessThan(256 * MiB);
  });
});

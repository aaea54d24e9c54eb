// downloadStepSourceData against a raw node:http server when it goes wrong: retries only before the body,
// and every bound (size, idle, deadline, signal) ending in the typed error with nothing partial at the path.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createClient } from "../src/index";
import { saveDownload } from "../src/node";
import { alarm } from "./helpers";
import {
  CSV,
  clientOf,
  FILE,
  fast,
  file,
  folder,
  leftIn,
  query,
  serve,
  setUpDownloads,
  text,
} from "./helpers/download";
import { drip, ending, JSON_HEADERS, MiB, pour } from "./helpers/hostile";

setUpDownloads();

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

// The recorder's upstream, and only it: redirects refused, the caller's token and nothing else forwarded, errors and deviating answers relayed unrecorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BODY,
  cleanups,
  PATH,
  recordedLines,
  recorderFor,
  send,
  stubAnswer,
  TOKEN,
  upstreamServer,
} from "../helpers/recorder-upstream";
import { eventually } from "../helpers/waiting";

describe("the recorder's upstream, and only it", () => {
  it("refuses to follow a redirect: 502 upstream_redirect, the token sent nowhere else, nothing recorded", async () => {
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(302, { location: "https://elsewhere.example/login" }).end();
    });
    const recorder = await recorderFor(upstream.url);
    const response = await send(recorder);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: "upstream_redirect" });
    expect(upstream.seen).toHaveLength(1);
    await recorder.close();
    expect(recordedLines(recorder.recording.dir)).toEqual([]);
  });

  it("answers 502 upstream_unreachable when the upstream does not answer", async () => {
    const closed = await upstreamServer(() => {});
    await cleanups.pop()?.(); // closes it: its port now refuses connections
    const recorder = await recorderFor(closed.url);
    const response = await send(recorder);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: "upstream_unreachable" });
  });

  it("answers another method 405 itself, as the endpoint does, sending nothing upstream", async () => {
    const upstream = await upstreamServer((_, response) => response.writeHead(500).end());
    const recorder = await recorderFor(upstream.url);
    const response = await fetch(`${recorder.url}${PATH}`, { method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ code: "method_not_allowed" });
    expect(upstream.seen).toHaveLength(0);
  });

  it("answers each sibling route's other method 405 and its other spelling 404 itself, sending nothing upstream", async () => {
    const upstream = await upstreamServer((_, response) => response.writeHead(500).end());
    const recorder = await recorderFor(upstream.url);
    const base = `${recorder.url}${PATH.replace(/\/step\/1$/, "")}`;
    const answers = [
      [await fetch(`${base}/step/1/download/`, { method: "GET" }), 405, "POST"],
      [await fetch(`${base}/info/`, { method: "POST" }), 405, "GET"],
      [await fetch(`${base}/source_data`, { method: "PUT" }), 405, "POST"],
      [await fetch(`${base}/info`), 404, null],
      [await fetch(`${base}/source_data/`, { method: "POST" }), 404, null],
    ] as const;
    for (const [response, status, allow] of answers) {
      expect(response.status).toBe(status);
      expect(response.headers.get("allow")).toBe(allow);
      expect(await response.json()).toMatchObject({
        code: status === 405 ? "method_not_allowed" : "wrong_trailing_slash",
      });
    }
    expect(upstream.seen).toHaveLength(0);
  });

  it("forwards the caller's Authorization and nothing else of theirs", async () => {
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ detail: "Invalid token.", code: "authentication_failed" }));
    });
    const recorder = await recorderFor(upstream.url);
    const response = await send(recorder, { cookie: "session=abc", "x-api-key": "other" });
    expect(response.status).toBe(401);
    const [request] = upstream.seen;
    expect(request?.headers.authorization).toBe(`Token ${TOKEN}`);
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers["x-api-key"]).toBeUndefined();
    expect(JSON.parse(request?.body ?? "")).toEqual(BODY);
  });

  it("relays an error as it came (status, Retry-After, body) and logs how it deviates", async () => {
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(429, { "content-type": "application/json", "retry-after": "3" });
      response.end(JSON.stringify({ detail: "Request was throttled." }));
    });
    const log: string[] = [];
    const recorder = await recorderFor(upstream.url, log);
    const response = await send(recorder);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.text()).toBe(JSON.stringify({ detail: "Request was throttled." }));
    expect(log.join("\n")).toMatch(
      /deviation error\.body: error body: code: Required \(contradicts “Errors”\)/,
    );
  });

  it("relays a deviating answer unchanged, logs each deviation once, and records none of its rows", async () => {
    const full = await stubAnswer();
    const renamed = full.replaceAll('"timestamp"', '"Date & Time"');
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(renamed);
    });
    const log: string[] = [];
    const recorder = await recorderFor(upstream.url, log);
    expect(await (await send(recorder)).text()).toBe(renamed);
    await recorder.close();
    expect(recordedLines(recorder.recording.dir)).toEqual([]);
    const deviations = log.filter((line) => line.includes("deviation"));
    expect(deviations[0]).toContain("fields.names");
    expect(deviations[1]).toMatch(
      /row\.keys ×\d+: rows: missing timestamp; unexpected "Date & Time"/,
    );
    for (const line of log) expect(line).not.toContain(TOKEN);
  });

  it("relays an info that breaks its schema unchanged, logs the deviation, and records none of it", async () => {
    const info = `{"id":"3c298d6c-74ca-40b1-8432-5f2cb29fd630","name":"Shop"}`;
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(info);
    });
    const log: string[] = [];
    const recorder = await recorderFor(upstream.url, log);
    const response = await fetch(`${recorder.url}${PATH.replace(/step\/1$/, "info/")}`, {
      headers: { authorization: `Token ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(info);
    expect(upstream.seen[0]?.headers.authorization).toBe(`Token ${TOKEN}`);
    await recorder.close();
    expect(log[0]).toMatch(/^GET \S+\/info\/ 200 \(not recorded\)$/);
    expect(log.join("\n")).toMatch(/deviation info\.body: info\.body: org_id: Required/);
    const catalog = JSON.parse(
      readFileSync(join(recorder.recording.dir, "workflows.json"), "utf8"),
    );
    expect(catalog.workflows).toEqual([]);
  });

  it("relays a download as it comes, one chunk at a time: an endless file reaches the caller, and the caller's leaving stops the upstream's", async () => {
    let closed = false;
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="endless.csv"',
      });
      response.on("close", () => (closed = true));
      const line = `${"x".repeat(1023)}\n`;
      // Writes whenever the recorder reads: never ends on its own.
      const write = () => {
        while (response.write(line)) {}
      };
      response.on("drain", write);
      write();
    });
    const log: string[] = [];
    const recorder = await recorderFor(upstream.url, log);
    const abort = new AbortController();
    const response = await fetch(`${recorder.url}${PATH}/download/`, {
      method: "POST",
      headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ ...BODY, format: "csv" }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="endless.csv"');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).startsWith("xxx")).toBe(true);
    abort.abort();
    await reader.cancel().catch(() => {});
    await eventually(() => expect(closed).toBe(true));
    await eventually(() =>
      expect(log.join("\n")).toMatch(
        /download\/ 200 \(\d+ bytes relayed, cut short, not recorded.*: the caller went away/,
      ),
    );
  });

  it("cuts the caller's download too when the upstream's breaks off, and logs it cut short", async () => {
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="cut.csv"',
      });
      response.write("timestamp,action\r\n2023-01-01T00:00:00.000Z,Vi", () => response.destroy());
    });
    const log: string[] = [];
    const recorder = await recorderFor(upstream.url, log);
    const caller = fetch(`${recorder.url}${PATH}/download/`, {
      method: "POST",
      headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ ...BODY, format: "csv" }),
    }).then((response) => response.text());
    await expect(caller).rejects.toThrow();
    await eventually(() =>
      expect(log.join("\n")).toMatch(
        /download\/ 200 \(\d+ bytes relayed, cut short, not recorded.*: the upstream's answer broke off/,
      ),
    );
  });
});

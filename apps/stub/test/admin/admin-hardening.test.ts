// The admin routes tried as a hostile web page and client would: foreign origins, CORS, bodies that are not JSON or too large.
import { execFile } from "node:child_process";
import { request as httpRequest } from "node:http";
import { promisify } from "node:util";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminExposureWarning, isLoopback } from "../../src/cli/admin-exposure";
import { type RunningStub, startStub } from "../../src/index";
import { apiHeaders, checkAnswer, stepPath } from "../helpers/harness";
import { answered, openRaw, parseAnswer, type RawClient } from "../helpers/raw-socket";
import { eventually } from "../helpers/waiting";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-02T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const JSON_TYPE = { "content-type": "application/json" };
const MAX_BODY_BYTES = 4096;

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub({ dataset, admin: true, corsOrigins: "*", maxBodyBytes: MAX_BODY_BYTES });
});
afterAll(() => stub.close());

const admin = (path: string, init: RequestInit = {}) => fetch(`${stub.url}${path}`, init);
const latency = async () =>
  ((await (await admin("/__stub/scenario")).json()) as { latencyMs: number }).latencyMs;

describe("the admin routes and web pages", () => {
  it("refuse a request from another origin with 403 foreign_origin, and change nothing", async () => {
    for (const origin of ["https://evil.example", "null", "http://localhost:1"]) {
      const answer = await checkAnswer(
        await admin("/__stub/latency", {
          method: "POST",
          headers: { ...JSON_TYPE, origin },
          body: '{"ms":600000}',
        }),
        false,
      );
      expect(answer.status, origin).toBe(403);
      expect(answer.body.code).toBe("foreign_origin");
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
    expect(await latency()).toBe(0);
  });

  it("refuse a text/plain body (what a page sends without a preflight) with 415", async () => {
    const answer = await checkAnswer(
      await admin("/__stub/fail", { method: "POST", body: '{"status":503,"count":100}' }),
      false,
    );
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe("unsupported_media_type");
    const state = (await (await admin("/__stub/scenario")).json()) as { failure: unknown };
    expect(state.failure).toBeNull();
  });

  it("never answer CORS, even with --cors '*': a preflight from a page is refused", async () => {
    const preflight = await admin("/__stub/latency", {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    // The API route itself keeps its CORS.
    const api = await fetch(`${stub.url}${example}`, {
      method: "POST",
      headers: { ...apiHeaders(), origin: "https://app.example" },
      body: JSON.stringify(basicRequestExample.body),
    });
    expect(api.status).toBe(200);
    expect(api.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("take the stub's own origin, and none whose host name merely resolves to it", async () => {
    const own = await admin("/__stub/latency", {
      method: "POST",
      headers: { ...JSON_TYPE, origin: stub.url },
      body: '{"ms":0}',
    });
    expect(own.status).toBe(200);
    // DNS rebinding: the page's origin and the Host header agree, but name the attacker's host.
    const raw = await openRaw(stub.port);
    const host = `rebound.example:${stub.port}`;
    raw.socket.write(
      [
        "POST /__stub/latency HTTP/1.1",
        `Host: ${host}`,
        `Origin: http://${host}`,
        "Content-Type: application/json",
        "Content-Length: 12",
        "Connection: close",
        "",
        '{"ms":60000}',
      ].join("\r\n"),
    );
    await eventually(() => expect(answered(raw.received())).toBe(true));
    expect(parseAnswer(raw.received()).status).toBe(403);
    expect(await latency()).toBe(0);
  });
});

/** A request to the stub over a real socket with the `Host` header given: status and body text. */
function withHost(
  host: string,
  path: string,
  { method = "GET", body }: { method?: string; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: stub.port,
        path,
        method,
        headers: { host, ...(body === undefined ? {} : JSON_TYPE) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

describe("the admin routes and DNS rebinding", () => {
  const foreign = (port: number) => [
    `evil.example:${port}`,
    "evil.example",
    `localhost.evil.example:${port}`,
    `127.0.0.1.nip.io:${port}`,
  ];

  it("refuse a Host that is a name other than localhost with 403 foreign_host, leaking no journal", async () => {
    await fetch(`${stub.url}${example}`, {
      method: "POST",
      headers: apiHeaders(),
      body: JSON.stringify(basicRequestExample.body),
    });
    const own = await withHost(`127.0.0.1:${stub.port}`, "/__stub/requests");
    expect(own.status).toBe(200);
    expect(own.text).toContain(EXAMPLE_WORKFLOW_ID);
    for (const host of foreign(stub.port)) {
      const answer = await withHost(host, "/__stub/requests");
      expect(answer.status, host).toBe(403);
      const body = JSON.parse(answer.text) as { code: string; detail: string };
      expect(body, host).toEqual(errorBody("foreign_host", host));
      expect(answer.text).not.toContain(EXAMPLE_WORKFLOW_ID);
    }
  });

  it("refuse a scenario change sent to a foreign Host, and change nothing", async () => {
    const answer = await withHost(`evil.example:${stub.port}`, "/__stub/latency", {
      method: "POST",
      body: '{"ms":600000}',
    });
    expect(answer.status).toBe(403);
    expect(await latency()).toBe(0);
  });

  it("take a Host that is an IP address (v4 or bracketed v6) or localhost, on any port or none", async () => {
    for (const host of [
      `127.0.0.1:${stub.port}`,
      "127.0.0.1",
      "10.1.2.3:80",
      `[::1]:${stub.port}`,
      "[::1]",
      `localhost:${stub.port}`,
      "LocalHost:1",
      "localhost",
    ]) {
      expect((await withHost(host, "/__stub/scenario")).status, host).toBe(200);
    }
  });

  it("leave the API itself to any Host", async () => {
    const answer = await withHost(`api.example:${stub.port}`, "/docs");
    expect(answer.status).toBe(200);
  });
});

/** Sends a body of `total` bytes (declared, or chunked when `declared` is false) until the stub answers or closes. */
async function sendHuge(raw: RawClient, total: number, declared: boolean): Promise<number> {
  const head = [
    "POST /__stub/latency HTTP/1.1",
    "Host: 127.0.0.1",
    "Content-Type: application/json",
    declared ? `Content-Length: ${total}` : "Transfer-Encoding: chunked",
    "",
    "",
  ].join("\r\n");
  raw.socket.write(head);
  const piece = Buffer.alloc(64 * 1024, 0x20);
  const chunk = declared
    ? piece
    : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
  let sent = 0;
  while (sent < total && !answered(raw.received()) && !raw.closed()) {
    if (!raw.socket.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          raw.socket.off("drain", done);
          raw.socket.off("close", done);
          resolve();
        };
        raw.socket.once("drain", done);
        raw.socket.once("close", done);
      });
    }
    sent += piece.length;
  }
  return sent;
}

describe("the admin routes and large bodies", () => {
  it("refuse a body over the limit with 413, with or without a Content-Length", async () => {
    const big = JSON.stringify({ ms: 1, padding: "x".repeat(MAX_BODY_BYTES) });
    const declared = await admin("/__stub/latency", {
      method: "POST",
      headers: JSON_TYPE,
      body: big,
    });
    expect(declared.status).toBe(413);
    const streamed = await admin("/__stub/latency", {
      method: "POST",
      headers: JSON_TYPE,
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("refuse 300 MB bodies (four at once, declared or chunked) without reading them, and stay up", async () => {
    const total = 300 * 1024 * 1024;
    const clients = await Promise.all([0, 1, 2, 3].map(() => openRaw(stub.port)));
    const sent = await Promise.all(clients.map((raw, i) => sendHuge(raw, total, i % 2 === 0)));
    for (const [i, raw] of clients.entries()) {
      await eventually(() => expect(answered(raw.received())).toBe(true));
      expect(parseAnswer(raw.received()).status, `client ${i}`).toBe(413);
      // The stub answered and closed long before the body's end: it never took it all.
      expect(sent[i], `client ${i}`).toBeLessThan(total);
      await eventually(() => expect(raw.closed()).toBe(true));
    }
    expect((await fetch(`${stub.url}/healthz`)).status).toBe(200);
    expect(await latency()).toBe(0);
  });
});

describe("--admin beyond this machine", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.20", false],
    ["ci-runner.internal", false],
  ])("%s is loopback: %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
    expect(adminExposureWarning(host) === undefined).toBe(loopback);
  });

  it("makes the CLI warn on stderr before it listens", async () => {
    const cli = new URL("../../dist/cli.js", import.meta.url).pathname;
    // 192.0.2.1 (TEST-NET-1) is no interface of this machine: the CLI warns, then fails to listen.
    const failed = await promisify(execFile)(process.execPath, [
      cli,
      "--admin",
      "--host",
      "192.0.2.1",
      "--port",
      "0",
    ]).then(
      () => undefined,
      (error: { stderr: string }) => error,
    );
    expect(failed?.stderr).toContain("WARNING: --admin is on and the stub listens on 192.0.2.1");
  });
});

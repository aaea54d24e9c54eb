// The bounds of the stub's connections over real sockets: a reader that stops reading, a slowloris, an
// idle connection, one connection too many. Every timeout is tiny and set by the test; every wait is a
// bounded poll for what the stub does, never a measured time.
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
} from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { resolveConnectionBounds } from "../../src/http/transport/connection-bounds";
import { startStub } from "../../src/index";
import { endlessSource } from "../helpers/endless-source";
import { stepPath } from "../helpers/harness";
import { answered, openRaw, parseAnswer, rawPost, rawRequest } from "../helpers/raw-socket";
import { eventually } from "../helpers/waiting";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const health = rawRequest("GET", "/healthz");

describe("a client that stops reading an answer", () => {
  it("is disconnected, its rows stop, and what it pinned stayed bounded", async () => {
    const endless = endlessSource();
    const stub = await startStub({ source: endless.source, writeTimeoutMs: 1_000 });
    try {
      const stalled = await openRaw(stub.port, { reading: false });
      stalled.socket.write(rawPost(endless.path, endless.payload));
      await eventually(() => expect(endless.closed()).toBe(1));
      // What was made before the stub gave up fits in the socket's buffers (the kernel's, up to 4 MiB
      // on Linux, and Node's) and a chunk in flight: far less than a second of making rows unchecked.
      expect(endless.produced() * endless.rowBytes).toBeLessThan(16 * 1024 * 1024);
      const atClose = endless.produced();
      const other = await openRaw(stub.port);
      other.socket.write(health);
      await eventually(() => expect(answered(other.received())).toBe(true));
      expect(parseAnswer(other.received()).status).toBe(200);
      expect(endless.produced()).toBe(atClose);
      other.socket.destroy();
      stalled.socket.destroy();
    } finally {
      await stub.close();
    }
  });

  it("is not confused with a stub that takes its time: latency longer than the timeout", async () => {
    const stub = await startStub({ dataset, latencyMs: 600, writeTimeoutMs: 100 });
    try {
      const client = await openRaw(stub.port);
      client.socket.write(rawPost(example, basicRequestExample.body));
      await eventually(() => expect(answered(client.received())).toBe(true));
      expect(parseAnswer(client.received()).status).toBe(200);
      client.socket.destroy();
    } finally {
      await stub.close();
    }
  });
});

describe("a client that sends its request slowly, or nothing", () => {
  it.each<[string, string]>([
    ["half a request line", "POST /api/reporting/workfl"],
    ["headers that never end", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n"],
  ])("%s: 408 and closed once headersTimeoutMs has passed", async (_, sent) => {
    const stub = await startStub({ dataset, headersTimeoutMs: 200, requestTimeoutMs: 400 });
    try {
      const slow = await openRaw(stub.port);
      slow.socket.write(sent);
      await eventually(() => expect(slow.closed()).toBe(true));
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await stub.close();
    }
  });

  it("a body that never ends: 408 and closed once requestTimeoutMs has passed", async () => {
    const stub = await startStub({ dataset, headersTimeoutMs: 100, requestTimeoutMs: 300 });
    try {
      const slow = await openRaw(stub.port);
      const whole = rawPost(example, basicRequestExample.body);
      slow.socket.write(whole.slice(0, whole.indexOf("\r\n\r\n") + 6));
      await eventually(() => expect(slow.closed()).toBe(true));
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await stub.close();
    }
  });

  it("a connection that sends nothing is closed", async () => {
    const stub = await startStub({ dataset, headersTimeoutMs: 100, requestTimeoutMs: 200 });
    try {
      const silent = await openRaw(stub.port);
      await eventually(() => expect(silent.closed()).toBe(true));
    } finally {
      await stub.close();
    }
  });

  it("an idle connection is closed after keepAliveTimeoutMs, once its answer is sent", async () => {
    const stub = await startStub({ dataset, keepAliveTimeoutMs: 100 });
    try {
      const idle = await openRaw(stub.port);
      idle.socket.write(health);
      await eventually(() => expect(answered(idle.received())).toBe(true));
      expect(parseAnswer(idle.received()).headers["keep-alive"]).toMatch(/^timeout=/);
      await eventually(() => expect(idle.closed()).toBe(true));
    } finally {
      await stub.close();
    }
  });
});

describe("one connection over the cap", () => {
  it("gets 503 service_unavailable with Connection: close; a place freed is served again", async () => {
    const stub = await startStub({ dataset, maxConnections: 2, keepAliveTimeoutMs: 60_000 });
    try {
      const held = [await openRaw(stub.port), await openRaw(stub.port)];
      for (const client of held) {
        client.socket.write(health);
        await eventually(() => expect(answered(client.received())).toBe(true));
        expect(parseAnswer(client.received()).status).toBe(200);
      }
      const third = await openRaw(stub.port);
      third.socket.write(health);
      await eventually(() => expect(third.closed()).toBe(true));
      const refused = parseAnswer(third.received());
      expect(refused.status).toBe(503);
      expect(refused.headers.connection).toBe("close");
      expect(refused.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(refused.body)).toEqual(errorBody("service_unavailable"));
      // fetch reads the refusal as any 503.
      expect((await fetch(`${stub.url}/healthz`)).status).toBe(503);

      held[0]?.socket.destroy();
      const status = await eventually(async () => {
        const next = await openRaw(stub.port);
        next.socket.write(rawRequest("GET", "/healthz", { Connection: "close" }));
        await eventually(() => expect(next.closed()).toBe(true));
        const { status } = parseAnswer(next.received());
        expect(status).toBe(200);
        return status;
      });
      expect(status).toBe(200);
      held[1]?.socket.destroy();
    } finally {
      await stub.close();
    }
  });
});

describe("the bounds' options", () => {
  it("have safe defaults, each of them on", () => {
    const bounds = resolveConnectionBounds();
    for (const value of Object.values(bounds)) expect(value).toBeGreaterThan(0);
    expect(bounds.headersTimeoutMs).toBeLessThanOrEqual(bounds.requestTimeoutMs);
  });

  it.each<[string, object, RegExp]>([
    ["a negative timeout", { writeTimeoutMs: -1 }, /writeTimeoutMs must be a whole number/],
    ["a fraction", { maxConnections: 1.5 }, /maxConnections must be a whole number/],
    ["lingering past 1 GiB", { lingeringBytes: 2 ** 31 }, /lingeringBytes must be a whole number/],
    [
      "headers allowed longer than the request",
      { headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 },
      /headersTimeoutMs \(5000\) must be at most requestTimeoutMs \(1000\)/,
    ],
  ])("refuse %s, naming the option", async (_, options, message) => {
    await expect(startStub({ dataset, ...options })).rejects.toThrow(message);
  });

  it("keep the headers' default within a shorter request timeout", () => {
    expect(resolveConnectionBounds({ requestTimeoutMs: 2_000 }).headersTimeoutMs).toBe(2_000);
  });
});

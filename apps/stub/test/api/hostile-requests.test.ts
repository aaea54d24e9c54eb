// Requests a hostile or broken client sends: impossible offsets, asset names that are keys of every
// object, methods other than POST, a client gone mid-request. Each gets its 4xx, or nothing logged;
// never a 500.
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
} from "@giosg-reporting/contract";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStub, startStub } from "../../src/index";
import { endlessSource } from "../helpers/endless-source";
import { checkAnswer, post, startHarness, stepPath } from "../helpers/harness";
import { answered, openRaw, parseAnswer, rawPost, rawRequest } from "../helpers/raw-socket";
import { eventually } from "../helpers/waiting";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);

describe("an offset no clock has", () => {
  it.each(["+99:99", "+24:00", "-25:00", "+12:60"])(
    "%s in interval.start: 400 naming interval.start",
    async (offset) => {
      const harness = await startHarness("in-process", { dataset });
      const interval = {
        ...basicRequestExample.body.interval,
        start: `2022-11-03T00:00:00${offset}`,
      };
      const answer = await post(harness, example, { ...basicRequestExample.body, interval });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("invalid_request");
      expect(answer.body.errors).toEqual([
        { path: "interval.start", message: expect.stringContaining("-23:59 to +23:59") },
      ]);
    },
  );
});

describe("an asset name that every object has", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "/docs/assets/%s: 404 not_found",
    async (name) => {
      const stub = createStub({ dataset });
      const answer = await checkAnswer(await stub.fetch(`http://stub/docs/assets/${name}`), false);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(errorBody("not_found", "GET", `/docs/assets/${name}`));
    },
  );
});

describe("a method other than POST on the endpoint, over a socket", () => {
  it.each(["TRACE", "PROPFIND", "PUT", "PATCH", "DELETE", "OPTIONS", "LOCK", "PURGE"])(
    "%s: 405 method_not_allowed with Allow: POST",
    async (method) => {
      const stub = await startStub({ dataset });
      try {
        const client = await openRaw(stub.port);
        client.socket.write(rawRequest(method, example, { Connection: "close" }));
        await eventually(() => expect(client.closed()).toBe(true));
        const answer = parseAnswer(client.received());
        expect(answer.status).toBe(405);
        expect(answer.headers.allow).toBe("POST");
        expect(JSON.parse(answer.body)).toEqual(errorBody("method_not_allowed", method));
      } finally {
        await stub.close();
      }
    },
  );

  it("HEAD: 405 with Allow: POST and no body", async () => {
    const stub = await startStub({ dataset });
    try {
      const response = await fetch(`${stub.url}${example}`, { method: "HEAD" });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.text()).toBe("");
    } finally {
      await stub.close();
    }
  });

  it("CONNECT never reaches the stub: Node closes the connection without an answer", async () => {
    const stub = await startStub({ dataset });
    try {
      const client = await openRaw(stub.port);
      client.socket.write(rawRequest("CONNECT", "127.0.0.1:443"));
      await eventually(() => expect(client.closed()).toBe(true));
      expect(client.received()).toBe("");
    } finally {
      await stub.close();
    }
  });
});

describe("a client that goes away mid-request", () => {
  const logged = () =>
    (["error", "warn", "info", "log", "debug"] as const).flatMap(
      (level) => vi.mocked(console[level]).mock.calls,
    );
  const spyOnConsole = () => {
    for (const level of ["error", "warn", "info", "log", "debug"] as const)
      vi.spyOn(console, level).mockImplementation(() => {});
  };
  afterEach(() => vi.restoreAllMocks());

  it("cut off in its request body: nothing logged but the request's own line (499, not 500)", async () => {
    const lines: string[] = [];
    const stub = await startStub({ dataset, log: (line) => lines.push(line) });
    spyOnConsole();
    try {
      const client = await openRaw(stub.port);
      const head = rawRequest("POST", example, {
        Authorization: "Token demo",
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
        // Node answers 100 Continue as it hands the request to the stub: then the stub reads the body.
        Expect: "100-continue",
      });
      client.socket.write(`${head}10\r\n{"filters":[],  \r\n`);
      await eventually(() => expect(client.received()).toMatch(/^HTTP\/1\.1 100 /));
      client.socket.destroy();
      await eventually(() => expect(lines).toHaveLength(1));
      expect(lines[0]).toMatch(/^POST \S+ 499 /);
      expect(logged()).toEqual([]);
    } finally {
      await stub.close();
    }
  });

  it("gone mid-answer: its rows stop and nothing is logged", async () => {
    const endless = endlessSource();
    const stub = await startStub({ source: endless.source });
    spyOnConsole();
    try {
      const client = await openRaw(stub.port);
      client.socket.write(rawPost(endless.path, endless.payload));
      await eventually(() => expect(client.received().length).toBeGreaterThan(64 * 1024));
      client.socket.destroy();
      await eventually(() => expect(endless.closed()).toBe(1));
      // One more exchange, so that anything the disconnect set off has had its turn to log.
      const other = await openRaw(stub.port);
      other.socket.write(rawRequest("GET", "/healthz"));
      await eventually(() => expect(answered(other.received())).toBe(true));
      other.socket.destroy();
      expect(logged()).toEqual([]);
    } finally {
      await stub.close();
    }
  });
});

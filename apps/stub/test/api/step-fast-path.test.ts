// The step route's fast path on a socket: every answer, byte for byte on the wire, the same as the Hono app's (a stub whose journal keeps the route on the app), errors, scenarios and streamed answers included; plain queries never reach the app.
import { connect } from "node:net";
import type { Workflow } from "@giosg-reporting/fixtures";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningStub, startStub } from "../../src/index";
import { stepQueries, unicodeSource } from "../helpers/golden-queries";
import { apiHeaders, stepPath } from "../helpers/harness";

const range = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
const data = unicodeSource({ ...range, sessionsPerDay: 800 });
const { dataset, source } = data;
const [web, other] = dataset.workflows as [Workflow, Workflow];

/** Fails with where `got` and `want` first differ (a few bytes each side), unless they are the same. */
function same(got: string, want: string, what = ""): void {
  if (got === want) return;
  let at = 0;
  while (got[at] === want[at]) at += 1;
  const near = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 80), at + 80));
  expect.fail(
    `${what} differs at byte ${at} of ${got.length}/${want.length}: ${near(got)} vs ${near(want)}`,
  );
}

/** Whether `text` holds one whole answer: its length's worth of body, or a chunked body's last chunk. */
function complete(text: string): boolean {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const head = text.slice(0, end).toLowerCase();
  if (head.includes("\r\ntransfer-encoding: chunked")) return text.endsWith("\r\n0\r\n\r\n");
  const length = /\r\ncontent-length: (\d+)/.exec(head)?.[1];
  return text.length >= end + 4 + Number(length ?? 0);
}

/** The answer on the wire to `request` (raw bytes), its `Date` blanked (the one header of the moment). */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let text = "";
    const done = () => {
      clearTimeout(guard);
      socket.destroy();
      resolve(text.replace(/\r\nDate: [^\r]*\r\n/, "\r\nDate: -\r\n"));
    };
    // A hang guard, not a timing: every answer here comes within milliseconds.
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no whole answer: ${JSON.stringify(text.slice(0, 200))}`));
    }, 20_000);
    socket.on("data", (data) => {
      text += data.toString("latin1");
      if (complete(text)) done();
    });
    socket.on("close", () => (text.length > 0 ? done() : undefined));
    socket.on("error", () => {}); // a reset after an early answer: what was read is the answer
    socket.write(request, "latin1");
  });
}

/** A POST to `path` as bytes: `headers` as given (no `Host` added), and the body with its length unless told. */
function post(path: string, headers: readonly [string, string][], body = ""): string {
  const lines = [`POST ${path} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** The documented headers of a query of `body`, and its length. */
function plain(body: string, token = "demo"): [string, string][] {
  return [
    ["Host", "127.0.0.1"],
    ...Object.entries(apiHeaders(token)),
    ["Content-Length", String(Buffer.byteLength(body))],
  ];
}

/** Valid queries: limits, basic and advanced, goals, filters that keep some or none, empty windows. */
const queries = () =>
  stepQueries(
    data,
    [
      { start: "2022-11-02T06:30:00Z", end: "2022-11-03T00:00:00Z" },
      { start: "2022-10-01T00:00:00Z", end: "2022-10-02T00:00:00Z" }, // before the data: empty
    ],
    [undefined, 1, 7, 1000],
  );

const webPath = stepPath(web.organizationId, web.id, 1);
const query = JSON.stringify({ filters: [], interval: range, limit: 20 });
const day = { start: "2022-11-01T00:00:00Z", end: "2022-11-02T00:00:00Z" };

type Headers = [string, string][];
const setting = (name: string, value: string) => (headers: Headers) =>
  headers.map(([n, v]): [string, string] => [n, n === name ? value : v]);
const without = (name: string) => (headers: Headers) => headers.filter(([n]) => n !== name);
const adding = (name: string, value: string) => (headers: Headers) =>
  [...headers, [name, value]] as Headers;

/** A query as bytes: to `path` (the web workflow's step 1), `body`, the documented headers changed by `edit`. */
function ask(
  edit: (headers: Headers) => Headers = (headers) => headers,
  { path = webPath, body = query, token = "demo" } = {},
): string {
  return post(path, edit(plain(body, token)), body);
}

/** A chunked request: what a client that does not say its length sends. */
const chunked = post(
  webPath,
  adding("Transfer-Encoding", "chunked")(without("Content-Length")(plain(query))),
  `${query.length.toString(16)}\r\n${query}\r\n0\r\n\r\n`,
);

/** Requests that are not a plain valid query (each named by what it tries), and two that are. */
const HOSTILE: readonly [string, string][] = (
  [
    ["no token", ask(without("Authorization"))],
    ["an unknown token", ask(undefined, { token: "nobody" })],
    ["a malformed token", ask(setting("Authorization", "Tok"))],
    ["no subscription", ask(undefined, { token: "demo-no-subscription" })],
    ["no reporting", ask(undefined, { token: "demo-no-reporting" })],
    ["no organization access", ask(undefined, { token: "demo-no-access" })],
    ["two tokens", ask(adding("Authorization", "Token demo"))],
    ["bearer in lower case", ask(setting("Authorization", "bearer demo"))],
    ["malformed JSON", ask(undefined, { body: '{"filters": [' })],
    ["an empty body", ask(undefined, { body: "" })],
    ["an invalid body", ask(undefined, { body: '{"limit":-1,"basic":"x"}' })],
    ["an invalid step", ask(undefined, { path: stepPath(web.organizationId, web.id, "x") })],
    ["a step not found", ask(undefined, { path: stepPath(web.organizationId, web.id, 99) })],
    ["step 0", ask(undefined, { path: stepPath(web.organizationId, web.id, 0) })],
    [
      "an organization not found",
      ask(undefined, { path: stepPath("00000000-0000-4000-8000-000000000000", web.id, 1) }),
    ],
    [
      "another organization's workflow",
      ask(undefined, { path: stepPath(web.organizationId, other.id, 1) }),
    ],
    [
      "an unsupported filter",
      ask(undefined, {
        body: JSON.stringify({ interval: day, filters: [{ property: "nope", values: ["a"] }] }),
      }),
    ],
    [
      "unicode in the body",
      ask(undefined, {
        body: JSON.stringify({
          interval: day,
          filters: [{ property: "page_title", values: ["Zürich ✓"] }],
        }),
      }),
    ],
    ["text/plain", ask(setting("Content-Type", "text/plain"))],
    ["JSON with a charset", ask(setting("Content-Type", "application/json; charset=utf-8"))],
    ["two content types", ask(adding("Content-Type", "text/plain"))],
    ["a body too large", ask(setting("Content-Length", "5000"))],
    ["a chunked body", chunked],
    ["no host", ask(without("Host"))],
    ["a host in capitals", ask(setting("Host", "LOCALHOST"))],
    ["a query string", ask(undefined, { path: `${webPath}?x=1` })],
    ["a trailing slash", ask(undefined, { path: `${webPath}/` })],
    ["an escaped step", ask(undefined, { path: webPath.replace(/1$/, "%31") })],
    ["GET", ask().replace(/^POST/, "GET")],
    ["PUT", ask().replace(/^POST/, "PUT")],
  ] as [string, string][]
).map(([what, request]) => [what, Buffer.from(request).toString("latin1")]);

describe("the step route's fast path", () => {
  let fast: RunningStub;
  let app: RunningStub;
  beforeAll(async () => {
    // No journal: the fast path answers; a journal keeps every request on the app's route.
    fast = await startStub({ source, journalLimit: 0, maxBodyBytes: 4096 });
    app = await startStub({ source, journalLimit: 1, maxBodyBytes: 4096 });
  });
  afterAll(async () => {
    await fast.close();
    await app.close();
  });
  afterEach(() => {
    fast.scenario.reset();
    app.scenario.reset();
  });

  /** Both stubs' answers to `request`, twice each (the first of a list encodes its text, the second slices it). */
  async function both(request: string): Promise<[string, string]> {
    const got: string[] = [];
    for (const stub of [fast, app, fast, app]) got.push(await exchange(stub.port, request));
    same(got[2] as string, got[0] as string, "the fast path's second answer");
    return [got[0] as string, got[1] as string];
  }

  it("answers every valid query as the app does, byte for byte on the wire", async () => {
    let checked = 0;
    let unicode = 0;
    for (const [workflow, step, body] of queries()) {
      const text = JSON.stringify(body);
      const path = stepPath(workflow.organizationId, workflow.id, step);
      const [got, want] = await both(post(path, plain(text), text));
      same(got, want, `${workflow.name} step ${step} ${text}`);
      expect(got.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
      checked += 1;
      if (/[\x80-\xff]/.test(got)) unicode += 1;
    }
    expect(checked).toBeGreaterThan(100);
    expect(unicode).toBeGreaterThan(10);
  });

  it.each(HOSTILE)("answers %s as the app does, byte for byte", async (_what, request) => {
    const [got, want] = await both(request);
    same(got, want);
  });

  it("answers a body that comes after its headers as the app does", async () => {
    const request = ask();
    const split = request.indexOf("\r\n\r\n") + 4;
    /** The answer when the body is sent a moment after the headers (read as it comes, not from the buffer). */
    const late = async (port: number) => {
      const socket = connect({ port, host: "127.0.0.1" });
      await new Promise((resolve) => socket.once("connect", resolve));
      let text = "";
      socket.on("data", (data) => (text += data.toString("latin1")));
      socket.write(request.slice(0, split), "latin1");
      await new Promise((resolve) => setTimeout(resolve, 50)); // the headers parsed alone, most likely
      socket.write(request.slice(split), "latin1");
      await new Promise<void>((resolve) => {
        const check = () => (complete(text) ? resolve() : socket.once("data", check));
        check();
      });
      socket.destroy();
      return text.replace(/\r\nDate: [^\r]*\r\n/, "\r\nDate: -\r\n");
    };
    const got = await late(fast.port);
    same(got, await late(app.port));
    expect(got.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
  });

  it("gives a streamed answer (over 1 MiB) the app's framing and bytes", async () => {
    const body = JSON.stringify({ filters: [], interval: range, basic: false });
    const [got, want] = await both(post(webPath, plain(body), body));
    expect(got.toLowerCase().includes("\r\ntransfer-encoding: chunked\r\n")).toBe(true);
    expect(got.length).toBeGreaterThan(1024 * 1024);
    same(got, want);
  });

  it("leaves a request to the scenario in force, as the app does", async () => {
    const request = post(webPath, plain(query), query);
    for (const stub of [fast, app]) stub.scenario.fail(503, 2, 7);
    const [failed, wantFailed] = await both(request);
    same(failed, wantFailed);
    expect(failed.startsWith("HTTP/1.1 503")).toBe(true);
    for (const stub of [fast, app]) stub.scenario.faultBody({ kind: "truncate" }, 2);
    const [cut, wantCut] = await both(request);
    same(cut, wantCut);
    for (const stub of [fast, app]) stub.scenario.reset();
    const [served, wantServed] = await both(request);
    same(served, wantServed);
    expect(served.startsWith("HTTP/1.1 200 OK")).toBe(true);
  });

  it("answers a plain query past the app, and gives it every other request", async () => {
    const reached: string[] = [];
    const fetch = fast.app.fetch.bind(fast.app);
    fast.app.fetch = (request, ...rest) => {
      reached.push(new URL(request.url).pathname);
      return fetch(request, ...rest);
    };
    try {
      const plainAnswer = await exchange(fast.port, post(webPath, plain(query), query));
      expect(plainAnswer.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
      expect(reached).toEqual([]);
      const refused = await exchange(fast.port, post(webPath, plain(query, "nobody"), query));
      expect(refused.startsWith("HTTP/1.1 401")).toBe(true);
      const invalid = await exchange(fast.port, post(webPath, plain("{}"), "{}"));
      expect(invalid.startsWith("HTTP/1.1 400")).toBe(true);
      expect(reached).toEqual([webPath, webPath]);
    } finally {
      fast.app.fetch = fetch;
    }
  });

  it("is not taken by a stub whose journal or CORS needs the app", async () => {
    const stubs = await Promise.all([
      startStub({ source }),
      startStub({ source, journalLimit: 0, corsOrigins: "*" }),
    ]);
    try {
      for (const stub of stubs) {
        let reached = 0;
        const fetch = stub.app.fetch.bind(stub.app);
        stub.app.fetch = (...args) => {
          reached += 1;
          return fetch(...args);
        };
        const answer = await exchange(stub.port, ask());
        expect(answer.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
        expect(reached).toBe(1);
      }
      expect(stubs[0]?.requests).toHaveLength(1);
    } finally {
      await Promise.all(stubs.map((stub) => stub.close()));
    }
  });

  it("logs what it answers as the app's request log does, and answers as the app does", async () => {
    const lines: { fast: string[]; app: string[] } = { fast: [], app: [] };
    const [logged, reference] = await Promise.all([
      startStub({ source, journalLimit: 0, log: (line) => lines.fast.push(line) }),
      startStub({ source, journalLimit: 1, log: (line) => lines.app.push(line) }),
    ]);
    try {
      for (const request of [
        ask(),
        ask(undefined, { token: "nobody" }),
        ask(undefined, { body: "{" }),
      ]) {
        const got = await exchange(logged.port, request);
        same(got, await exchange(reference.port, request));
      }
      const shown = (line: string) => line.replace(/ [\d.]+ ms$/, " … ms");
      expect(lines.fast.map(shown)).toEqual(lines.app.map(shown));
      expect(lines.fast.map(shown)).toEqual([
        `POST ${webPath} 200 … ms`,
        `POST ${webPath} 401 … ms`,
        `POST ${webPath} 400 … ms`,
      ]);
      expect(lines.fast[0]).toMatch(/ \d+\.\d ms$/);
    } finally {
      await Promise.all([logged.close(), reference.close()]);
    }
  });
});

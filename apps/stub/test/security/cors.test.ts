// CORS over a real socket: the headers a page's client reads are exposed to it, and a page on an origin not allowed is named once in the log.
import {
  basicRequestExample,
  downloadRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_REFUSED_ORIGINS_LOGGED } from "../../src/http/security/browser-headers";
import { createStub, type RunningStub, startStub } from "../../src/index";
import { apiHeaders, stepPath } from "../helpers/harness";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const download = `${example}/download/`;
const PAGE = "http://127.0.0.1:5173";
const OTHER_PAGE = "http://localhost:5173";

const started: RunningStub[] = [];
afterEach(async () => {
  for (const stub of started.splice(0)) await stub.close();
  vi.restoreAllMocks();
});

/** A stub on a free port allowing `PAGE`, and the lines it logged. */
async function corsStub(): Promise<{ stub: RunningStub; lines: string[] }> {
  const lines: string[] = [];
  const stub = await startStub({ dataset, corsOrigins: [PAGE], log: (line) => lines.push(line) });
  started.push(stub);
  return { stub, lines };
}

/** What a browser sends first for the client's POST: the preflight. */
const preflight = (stub: RunningStub, origin: string, path = example) =>
  fetch(`${stub.url}${path}`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type",
    },
  });

/** The documented query, POSTed as a page on `origin` would. */
const postFrom = (
  stub: RunningStub,
  origin: string,
  path = example,
  body: unknown = basicRequestExample.body,
) =>
  fetch(`${stub.url}${path}`, {
    method: "POST",
    headers: { ...apiHeaders(), origin },
    body: JSON.stringify(body),
  });

const exposed = (response: Response) =>
  (response.headers.get("access-control-expose-headers") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase());

const refusals = (lines: readonly string[]) => lines.filter((line) => line.startsWith("CORS:"));

describe("CORS over a socket", () => {
  it("exposes Retry-After to an allowed page, on the 429 that carries it", async () => {
    const { stub } = await corsStub();
    stub.scenario.fail(429, 1, 7);
    const answer = await postFrom(stub, PAGE);
    await answer.text();
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(exposed(answer)).toEqual(expect.arrayContaining(["retry-after", "content-disposition"]));
  });

  it("exposes Content-Disposition to an allowed page, on a download", async () => {
    const { stub } = await corsStub();
    const answer = await postFrom(stub, PAGE, download, downloadRequestExample.body);
    await answer.text();
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
    expect(exposed(answer)).toContain("content-disposition");
  });

  it("names a refused origin once, with the origins allowed, and never an allowed one or its own", async () => {
    const { stub, lines } = await corsStub();
    expect((await preflight(stub, PAGE)).headers.get("access-control-allow-origin")).toBe(PAGE);
    await (await postFrom(stub, PAGE)).text();
    // The stub's own origin: its docs page calling the API.
    await (await postFrom(stub, stub.url)).text();
    for (let twice = 0; twice < 2; twice += 1) {
      const refused = await preflight(stub, OTHER_PAGE);
      expect(refused.headers.get("access-control-allow-origin")).toBe(null);
      await (await postFrom(stub, OTHER_PAGE)).text();
    }
    await preflight(stub, "https://evil.example");
    expect(refusals(lines)).toEqual([
      `CORS: refused origin ${OTHER_PAGE} (allowed: ${PAGE})`,
      "CORS: refused origin https://evil.example (allowed: http://127.0.0.1:5173)",
    ]);
  });

  it("names no origin on the admin routes, which refuse every page themselves", async () => {
    const lines: string[] = [];
    const stub = await startStub({
      dataset,
      admin: true,
      corsOrigins: [PAGE],
      log: (line) => lines.push(line),
    });
    started.push(stub);
    const answer = await fetch(`${stub.url}/__stub/scenario`, { headers: { origin: OTHER_PAGE } });
    expect(answer.status).toBe(403);
    await answer.text();
    expect(refusals(lines)).toEqual([]);
  });

  it("names refused origins through console.warn when there is no log", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const stub = await startStub({ dataset, corsOrigins: [PAGE, "https://app.example"] });
    started.push(stub);
    await preflight(stub, OTHER_PAGE);
    expect(warn.mock.calls).toEqual([
      [
        `giosg-reporting-stub: CORS: refused origin ${OTHER_PAGE} (allowed: ${PAGE}, https://app.example)`,
      ],
    ]);
  });

  it("names no origin when any is allowed", async () => {
    const lines: string[] = [];
    const stub = await startStub({ dataset, corsOrigins: "*", log: (line) => lines.push(line) });
    started.push(stub);
    expect((await preflight(stub, OTHER_PAGE)).headers.get("access-control-allow-origin")).toBe(
      "*",
    );
    expect(refusals(lines)).toEqual([]);
  });
});

describe("CORS refusals in the log", () => {
  it(`names at most ${MAX_REFUSED_ORIGINS_LOGGED} origins, then says once that more are not named`, async () => {
    const lines: string[] = [];
    const stub = createStub({ dataset, corsOrigins: [PAGE], log: (line) => lines.push(line) });
    for (let page = 0; page < MAX_REFUSED_ORIGINS_LOGGED + 20; page += 1) {
      await stub.fetch(`http://127.0.0.1:4010${example}`, {
        method: "OPTIONS",
        headers: {
          origin: `https://page-${page}.example`,
          "access-control-request-method": "POST",
        },
      });
    }
    const said = refusals(lines);
    expect(said).toHaveLength(MAX_REFUSED_ORIGINS_LOGGED + 1);
    expect(said[0]).toBe(`CORS: refused origin https://page-0.example (allowed: ${PAGE})`);
    expect(said.at(-1)).toBe(
      `CORS: more origins refused; past ${MAX_REFUSED_ORIGINS_LOGGED}, they are not named`,
    );
  });

  it("shows an origin that is not plain text quoted, with its escapes", async () => {
    const lines: string[] = [];
    const stub = createStub({ dataset, corsOrigins: [PAGE], log: (line) => lines.push(line) });
    await stub.fetch(`http://127.0.0.1:4010${example}`, {
      method: "OPTIONS",
      headers: { origin: "https://a.example x", "access-control-request-method": "POST" },
    });
    expect(refusals(lines)).toEqual([
      `CORS: refused origin "https://a.example x" (allowed: ${PAGE})`,
    ]);
  });
});

describe("Cross-Origin-Resource-Policy", () => {
  it("lets pages on other origins load the API's answers (cross-origin), and keeps the rest same-origin", async () => {
    const stub = createStub({ dataset });
    const api = await stub.fetch(`http://stub${example}`, { method: "GET" });
    expect(api.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const health = await stub.fetch("http://stub/health");
    expect(health.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    const docs = await stub.fetch("http://stub/docs");
    expect(docs.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });
});

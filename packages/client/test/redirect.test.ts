// The client follows no redirect: a 3xx answer (or a browser's opaque redirect) is an `api` error naming
// where it pointed, after one request, for a whole answer, a stream and a download alike.
import { afterEach, describe, expect, it } from "vitest";
import { type ClientOptions, createClient } from "../src/index";
import { documented, failureOf } from "./helpers";
import { answerOf, type Hostile, hostile, JSON_HEADERS } from "./helpers/hostile";

let servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A server answering every request with `status` and `Location: location`. */
async function redirecting(location: string, status = 302): Promise<Hostile> {
  const server = await hostile((_, response) => {
    response.writeHead(status, { location, ...JSON_HEADERS });
    response.end("{}");
  });
  servers.push(server);
  return server;
}

const OTHER = "http://other.example/api/reporting/v1/elsewhere";
const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", baseUrl: server.url, timeoutMs: 3_000, ...options });

describe("a redirect", () => {
  const calls = {
    "a whole answer": (server: Hostile) => clientOf(server).getStepSourceData(documented),
    "a stream": async (server: Hostile) => {
      const { limit: _, ...unlimited } = documented;
      for await (const _row of clientOf(server).iterateStepSourceData(unlimited));
    },
    "a download": (server: Hostile) =>
      clientOf(server).downloadStepSourceData({ ...documented, format: "csv" }),
  };

  for (const [what, call] of Object.entries(calls))
    it(`to another host is an api error naming the Location, after 1 request (${what})`, async () => {
      const server = await redirecting(OTHER);
      const error = await failureOf(() => call(server));
      expect(error).toMatchObject({
        name: "ReportingApiError",
        kind: "api",
        status: 302,
        attempts: 1,
      });
      expect(error.message).toContain(`redirected the request (302) to ${OTHER}`);
      expect(server.requests()).toBe(1);
    });

  it("to a server that answers data: that server is never asked, its answer never taken", async () => {
    const other = await hostile((_, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(answerOf(2));
    });
    servers.push(other);
    const server = await redirecting(`${other.url}/data`, 307);
    const error = await failureOf(() => clientOf(server).getStepSourceData(documented));
    expect(error).toMatchObject({ kind: "api", status: 307, attempts: 1 });
    expect(error.message).toContain(`to ${other.url}/data`);
    expect(other.requests()).toBe(0);
  });

  it("in a retrying client is not retried, and a relative Location is named resolved", async () => {
    const server = await redirecting("/elsewhere", 301);
    const error = await failureOf(() =>
      clientOf(server, { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 } }).getStepSourceData(
        documented,
      ),
    );
    expect(error).toMatchObject({ kind: "api", status: 301, attempts: 1 });
    expect(error.message).toContain(`to ${server.url}/elsewhere`);
    expect(server.requests()).toBe(1);
  });

  it("is asked for with redirect: manual, and a browser's opaque redirect is an api error", async () => {
    const inits: RequestInit[] = [];
    const fetch: ClientOptions["fetch"] = async (_, init) => {
      inits.push(init ?? {});
      // What a browser's fetch gives for redirect: "manual": type "opaqueredirect", status 0, no headers.
      const opaque = new Response(null, { status: 200 });
      Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
      Object.defineProperty(opaque, "status", { value: 0 });
      return opaque;
    };
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "api", attempts: 1 });
    expect(error.message).toMatch(
      /The API redirected the request \(the browser does not say where to\)/,
    );
    expect(inits).toHaveLength(1);
    expect(inits[0]?.redirect).toBe("manual");
  });
});

// A whole answer sent straight to Node's socket is the answer `app.fetch` gives, byte for byte and header for header.
import {
  advancedRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStub, type RunningStub, type StubOptions, startStub } from "../../src/index";
import { apiHeaders, stepPath } from "../helpers/harness";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const interval = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
/** Headers that differ between a socket and `app.fetch` by nature. */
const CONNECTION_HEADERS = new Set(["date", "connection", "keep-alive"]);

async function answerOf(response: Response) {
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !CONNECTION_HEADERS.has(name)),
  );
  return { status: response.status, headers, bytes };
}

describe.each<[string, StubOptions]>([
  ["default options", {}],
  ["CORS and a request log", { corsOrigins: ["https://app.example"], log: () => {} }],
])("a whole answer over a socket, with %s", (_, options) => {
  let running: RunningStub;
  const inProcess = createStub({ dataset, ...options });
  beforeAll(async () => {
    running = await startStub({ dataset, ...options });
  });
  afterAll(() => running.close());

  const call = (base: string, fetcher: typeof fetch, body: object) =>
    fetcher(`${base}${example}`, {
      method: "POST",
      headers: { ...apiHeaders(), origin: "https://app.example" },
      body: JSON.stringify(body),
    });

  it.each([
    ["advanced, every row", { ...advancedRequestExample.body, interval, limit: undefined }],
    ["basic, 3 rows", { filters: [], interval, basic: true, limit: 3 }],
    [
      "no row",
      { filters: [], interval: { start: "2022-10-01T00:00:00Z", end: "2022-10-02T00:00:00Z" } },
    ],
  ])("is the in-process answer: %s", async (_, body) => {
    const overSocket = await answerOf(await call(running.url, fetch, body));
    const direct = await answerOf(await call("http://stub.test", inProcess.fetch, body));
    expect(overSocket.status).toBe(200);
    expect(overSocket.headers["content-length"]).toBe(String(overSocket.bytes.length));
    expect(overSocket.headers["x-content-type-options"]).toBe("nosniff");
    expect(overSocket.headers).toEqual(direct.headers);
    expect(overSocket.bytes.equals(direct.bytes)).toBe(true);
    const rows = JSON.parse(overSocket.bytes.toString()).data.length;
    expect(rows === 0).toBe(body.interval.start < interval.start);
  });

  it("still takes a scenario's body fault: a truncated answer is cut short", async () => {
    running.scenario.faultBody({ kind: "truncate" }, 1);
    const body = { ...advancedRequestExample.body, interval };
    const cut = await answerOf(await call(running.url, fetch, body));
    const whole = await answerOf(await call(running.url, fetch, body));
    expect(cut.bytes.length).toBeLessThan(whole.bytes.length);
    expect(whole.bytes.subarray(0, cut.bytes.length).equals(cut.bytes)).toBe(true);
  });
});

describe("the request body", () => {
  const stub = createStub({ dataset });
  it("is read as UTF-8 with a byte order mark dropped, over a socket as in process", async () => {
    const running = await startStub({ dataset });
    try {
      const text = `\uFEFF${JSON.stringify({ filters: [], interval, limit: 2 })}`;
      for (const [base, fetcher] of [
        [running.url, fetch],
        ["http://stub.test", stub.fetch],
      ] as const) {
        const answer = await fetcher(`${base}${example}`, {
          method: "POST",
          headers: apiHeaders(),
          body: Buffer.from(text, "utf8"),
        });
        expect(answer.status, base).toBe(200);
        expect(((await answer.json()) as { data: unknown[] }).data, base).toHaveLength(2);
      }
    } finally {
      await running.close();
    }
  });
});

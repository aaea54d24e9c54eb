// Every API request is journaled, over a socket, in process and through the MSW handlers: what it sent and what it was answered.
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSource } from "../../src/data/fixtures/fixture-source";
import { createStub, startStub } from "../../src/index";
import type { RunningStub } from "../../src/server";
import { apiHeaders, stepPath } from "../helpers/harness";
import { eventually } from "../helpers/waiting";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const call = (stub: { fetch: typeof fetch } | string, body: string, token = "demo") =>
  (typeof stub === "string" ? fetch : stub.fetch)(
    `${typeof stub === "string" ? stub : "http://stub.test"}${example}`,
    { method: "POST", headers: apiHeaders(token), body },
  );
const exampleBody = JSON.stringify(basicRequestExample.body);

describe("the request journal, in process", () => {
  it("keeps what a valid query sent, its token's name, the status and the rows", async () => {
    const stub = createStub({ dataset });
    const answer = await call(stub, exampleBody);
    const rows = ((await answer.json()) as { data: unknown[] }).data.length;
    const [entry] = stub.requests;
    expect(stub.requests).toHaveLength(1);
    expect(entry).toMatchObject({
      method: "POST",
      rawParams: { step_index: "1" },
      params: { organization_id: EXAMPLE_ORGANIZATION_ID, step_index: 1 },
      body: { basic: true, limit: 2, filters: basicRequestExample.body.filters },
      rawBody: null,
      token: "demo",
      status: 200,
      rows,
    });
    expect(Number.isNaN(Date.parse(entry?.time ?? ""))).toBe(false);
  });

  it("keeps a body that did not parse as text, and a request with no known token", async () => {
    const stub = createStub({ dataset });
    await call(stub, "{not json");
    await call(stub, exampleBody, "nope");
    const [malformed, unknown] = stub.requests;
    expect(malformed).toMatchObject({
      status: 400,
      body: null,
      rawBody: { text: "{not json", cut: false },
      rows: null,
    });
    // Answered before its body was read, its body is journaled all the same.
    expect(unknown).toMatchObject({ status: 401, token: null, rawBody: null });
    expect(unknown?.body).toMatchObject({ limit: 2, filters: basicRequestExample.body.filters });
  });

  it("keeps a scenario's failure and drop with what each sent, and no rows", async () => {
    const stub = createStub({ dataset });
    stub.scenario.fail(503, 1);
    await call(stub, JSON.stringify({ ...basicRequestExample.body, limit: 7 }));
    stub.scenario.drop(1);
    await call(stub, "{not json").then((answer) => answer.text().catch(() => "dropped"));
    await call(stub, exampleBody);
    expect(stub.requests.map(({ status, rows }) => [status, rows])).toEqual([
      [503, null],
      [null, null],
      [200, 2],
    ]);
    const [failed, dropped] = stub.requests;
    expect(failed).toMatchObject({ body: { limit: 7 }, rawBody: null, params: { step_index: 1 } });
    expect(dropped).toMatchObject({ body: null, rawBody: { text: "{not json", cut: false } });
  });

  it("counts the rows of every road: kept columns, a generated dataset, the step_data funnel", async () => {
    const small = { ...dataset, end: "2022-11-03T00:00:00Z" };
    const web = createDataset(small).workflows.find(({ type }) => type === "web-navigation");
    if (!web) throw new Error("no web navigation workflow");
    const path = stepPath(web.organizationId, web.id, 2);
    const interval = { start: small.start, end: small.end };
    for (const source of [fixtureSource(small), fixtureSource(small, false)]) {
      const stub = createStub({ source });
      for (const body of [
        { filters: [], interval },
        { filters: [], interval, basic: true, limit: 3 },
        { filters: [], interval, step_data: [{}, {}] },
      ]) {
        const answer = await stub.fetch(`http://stub.test${path}`, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify(body),
        });
        const rows = ((await answer.json()) as { data: unknown[] }).data.length;
        expect(stub.requests.at(-1)?.rows, JSON.stringify(body)).toBe(rows);
      }
    }
  });

  it("keeps the last journalLimit requests, and forgets them by token or all", async () => {
    const stub = createStub({
      dataset,
      journalLimit: 3,
      tokens: [{ token: "demo" }, { token: "other-secret", name: "other", secret: true }],
    });
    for (let n = 0; n < 4; n += 1) await call(stub, exampleBody, n % 2 ? "other-secret" : "demo");
    expect(stub.requests.map(({ token }) => token)).toEqual(["other", "demo", "other"]);
    stub.clearRequests({ token: "other" });
    expect(stub.requests.map(({ token }) => token)).toEqual(["demo"]);
    stub.clearRequests();
    expect(stub.requests).toEqual([]);
  });
});

describe("the request journal over a socket", () => {
  let stub: RunningStub;
  beforeAll(async () => {
    stub = await startStub({ dataset: { sessionsPerDay: 2000, ...dataset }, admin: true });
  });
  afterAll(() => stub.close());

  it("fills in a streamed answer's rows once it has been read, live on the running stub", async () => {
    const body = JSON.stringify({ filters: [], interval: dataset });
    const web = stub.source.catalog.workflows.find(({ type }) => type === "web-navigation");
    if (!web) throw new Error("no web navigation workflow");
    const answer = await fetch(`${stub.url}${stepPath(web.organizationId, web.id, 1)}`, {
      method: "POST",
      headers: apiHeaders(),
      body,
    });
    expect(answer.headers.get("transfer-encoding")).toBe("chunked");
    const rows = ((await answer.json()) as { data: unknown[] }).data.length;
    await eventually(() => expect(stub.requests.at(-1)?.rows).toBe(rows));
  });

  it("keeps what a dropped request sent, and the request log says it was dropped", async () => {
    const lines: string[] = [];
    const logged = await startStub({ dataset, log: (line) => lines.push(line) });
    try {
      logged.scenario.drop(1);
      const body = JSON.stringify({ ...basicRequestExample.body, limit: 5 });
      await expect(call(logged.url, body)).rejects.toThrow();
      await call(logged.url, exampleBody);
      expect(logged.requests.map(({ status, body }) => [status, body?.limit])).toEqual([
        [null, 5],
        [200, 2],
      ]);
      await eventually(() => expect(lines).toHaveLength(2));
      expect(lines[0]).toMatch(/^POST \S+ dropped \d/);
      expect(lines[1]).toMatch(/^POST \S+ 200 \d/);
    } finally {
      await logged.close();
    }
  });

  it("is read and forgotten through GET and DELETE /__stub/requests", async () => {
    stub.clearRequests();
    await call(stub.url, exampleBody);
    const read = await fetch(`${stub.url}/__stub/requests?token=demo`);
    const { requests } = (await read.json()) as { requests: { token: string; status: number }[] };
    expect(requests.map(({ token, status }) => [token, status])).toEqual([["demo", 200]]);
    expect((await fetch(`${stub.url}/__stub/requests`, { method: "DELETE" })).status).toBe(204);
    expect(stub.requests).toEqual([]);
  });
});

// Scenarios scoped per token: one token's faults and latency never reach another token's requests.
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStub, type RunningStub, startStub } from "../../src/index";
import { apiHeaders, checkAnswer, stepPath } from "../helpers/harness";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-02T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const tokens = [
  { token: "worker-1" },
  { token: "worker-2" },
  { token: "s3cr3t-value", name: "worker-3", secret: true },
];
const JSON_TYPE = { "content-type": "application/json" };

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub({ dataset, tokens, admin: true });
});
afterEach(() => stub.scenario.reset());
afterAll(() => stub.close());

const query = (token: string) =>
  fetch(`${stub.url}${example}`, {
    method: "POST",
    headers: apiHeaders(token),
    body: JSON.stringify(basicRequestExample.body),
  }).then(checkAnswer);
const control = async (path: string, body: unknown) => {
  const response = await fetch(`${stub.url}/__stub/${path}`, {
    method: "POST",
    headers: JSON_TYPE,
    body: JSON.stringify(body),
  });
  /** The state answered, or a 400's failing fields. */
  type Answer = { errors: { path: string }[] } & Record<string, unknown>;
  return { status: response.status, body: (await response.json()) as Answer };
};

describe("a scenario scoped to a token", () => {
  it("holds and fails that token's requests while another token, in parallel, is served at once", async () => {
    expect((await control("fail", { status: 503, count: 2, token: "worker-1" })).status).toBe(200);
    expect((await control("latency", { ms: 1500, token: "worker-1" })).status).toBe(200);
    let firstHeldAnswered = false;
    const held = Promise.all([1, 2, 3].map(() => query("worker-1"))).then((answers) => {
      firstHeldAnswered = true;
      return answers;
    });
    const free: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const answer = await query("worker-2");
      // Each of worker-2's answers arrives while worker-1's are still held by their latency.
      expect(firstHeldAnswered).toBe(false);
      free.push(answer.status);
    }
    expect(free).toEqual([200, 200, 200, 200]);
    const statuses = (await held).map(({ status }) => status).sort();
    expect(statuses).toEqual([200, 503, 503]);
    await control("latency", { ms: 0, token: "worker-1" });
    expect((await query("worker-1")).status).toBe(200); // the burst is spent
  });

  it("shows each token's own scenario, and the unscoped one unchanged", async () => {
    await control("drop", { count: 2, token: "worker-2" });
    const own = await fetch(`${stub.url}/__stub/scenario?token=worker-2`);
    expect(await own.json()).toEqual({
      token: "worker-2",
      latencyMs: null,
      failure: null,
      drops: 2,
      bodyFault: null,
    });
    expect(await (await fetch(`${stub.url}/__stub/scenario`)).json()).toEqual({
      latencyMs: 0,
      failure: null,
      drops: 0,
      bodyFault: null,
    });
  });

  it("names a secret token by its name, never by its value", async () => {
    expect((await control("fail", { status: 500, token: "worker-3" })).status).toBe(200);
    expect((await query("worker-1")).status).toBe(200);
    expect((await query("s3cr3t-value")).status).toBe(500);
    const byValue = await control("fail", { status: 500, token: "s3cr3t-value" });
    expect(byValue.status).toBe(400);
    expect(byValue.body.errors[0]?.path).toBe("token");
    expect(JSON.stringify(byValue.body)).not.toContain("s3cr3t-value");
  });

  it("resets one token's scenario alone, and every scenario when unscoped", async () => {
    await control("fail", { status: 503, count: 5, token: "worker-1" });
    await control("fail", { status: 502, count: 5, token: "worker-2" });
    await control("reset", { token: "worker-1" });
    expect((await query("worker-1")).status).toBe(200);
    expect((await query("worker-2")).status).toBe(502);
    await fetch(`${stub.url}/__stub/reset`, { method: "POST" });
    expect((await query("worker-2")).status).toBe(200);
  });

  it("comes before the unscoped scenario, which still applies to every token", async () => {
    await control("fail", { status: 504, count: 1 });
    await control("fail", { status: 429, count: 1, retryAfterSeconds: 1, token: "worker-1" });
    expect((await query("worker-1")).status).toBe(429);
    expect((await query("worker-1")).status).toBe(504);
    expect((await query("worker-2")).status).toBe(200);
  });

  it("refuses a name no token has, and changes nothing", async () => {
    for (const [path, body] of [
      ["fail", { status: 503, token: "nobody" }],
      ["truncate", { token: "" }],
      ["reset", { token: "nobody" }],
    ] as const) {
      const answer = await control(path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.body.errors[0]?.path).toBe("token");
    }
    expect((await fetch(`${stub.url}/__stub/scenario?token=nobody`)).status).toBe(400);
    expect((await query("worker-1")).status).toBe(200);
  });
});

describe("a scenario scoped in process", () => {
  it("takes the same controls through scenario.forToken(name)", async () => {
    const inProcess = createStub({ dataset, tokens });
    inProcess.scenario.forToken("worker-1").faultBody({ kind: "truncate" }, 1);
    inProcess.scenario.forToken("worker-2").fail(503, 1);
    const call = (token: string) =>
      inProcess.fetch(`http://stub${example}`, {
        method: "POST",
        headers: apiHeaders(token),
        body: JSON.stringify({ filters: [], interval: { start: dataset.start, end: dataset.end } }),
      });
    const cut = await (await call("worker-1")).text();
    expect(() => JSON.parse(cut)).toThrow();
    expect((await call("worker-2")).status).toBe(503);
    expect((await checkAnswer(await call("worker-3"))).status).toBe(401); // the name is no token
    expect((await checkAnswer(await call("s3cr3t-value"))).status).toBe(200);
    expect(() => inProcess.scenario.forToken("nobody")).toThrow(RangeError);
  });
});

describe("a scenario's count in process", () => {
  it("is 1 when left out, as over HTTP: faultBody, fail and drop each fault the next request only", () => {
    const { scenario } = createStub({ dataset, tokens });
    const controls = scenario as unknown as {
      faultBody(fault: { kind: "truncate" }): void;
      fail(status: 503): void;
      drop(): void;
    };
    controls.faultBody({ kind: "truncate" });
    controls.fail(503);
    controls.drop();
    expect(scenario.state).toMatchObject({
      drops: 1,
      failure: { status: 503, remaining: 1 },
      bodyFault: { kind: "truncate", remaining: 1 },
    });
  });

  it("throws when it is not a whole number of 1 or more, rather than be ignored", () => {
    const { scenario } = createStub({ dataset, tokens });
    const controls = scenario as unknown as Record<string, (...args: unknown[]) => void>;
    for (const count of [0, -1, 1.5, "2", Number.NaN, null]) {
      expect(() => controls.faultBody?.({ kind: "truncate" }, count), String(count)).toThrow(
        /^scenario\.faultBody: count must be a whole number of 1 or more, got /,
      );
      expect(() => controls.drop?.(count), String(count)).toThrow(RangeError);
      expect(() => controls.fail?.(503, count), String(count)).toThrow(RangeError);
    }
    expect(scenario.state).toMatchObject({ drops: 0, failure: null, bodyFault: null });
  });
});

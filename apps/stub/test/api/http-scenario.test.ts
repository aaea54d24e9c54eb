// Scenario control over the API route: latency, failures and faults in the body, and the admin routes off unless enabled.
import {
  advancedRequestExample,
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID as ORG,
  EXAMPLE_WORKFLOW_ID as WORKFLOW,
} from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiHeaders,
  checkAnswer,
  type Harness,
  type Mode,
  post,
  startHarness,
  stepPath,
} from "../helpers/harness";
import { alarm } from "../helpers/waiting";

const example = stepPath(ORG, WORKFLOW, 1);
/** The admin routes take JSON bodies only. */
const JSON_TYPE = { "content-type": "application/json" };

describe.each<Mode>(["in-process", "socket"])("the stub (%s)", (mode) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(mode, { admin: true, maxBodyBytes: 64 * 1024 });
  });
  afterEach(() => harness.stub.scenario.reset());
  afterAll(() => harness.close());

  describe("scenario control", () => {
    it("injects latency", async () => {
      harness.stub.scenario.setLatency(150);
      const held = alarm(150);
      expect((await post(harness, example, basicRequestExample.body)).status).toBe(200);
      expect(held.rang()).toBe(true);
    });

    it("fails the next N requests, then serves again", async () => {
      const admin = await harness.fetch("/__stub/fail", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: 503, count: 2 }),
      });
      expect(admin.status).toBe(200);
      const statuses = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await post(harness, example, basicRequestExample.body)).status);
      expect(statuses).toEqual([503, 503, 200]);
    });

    it("drops the connection of the next request", async () => {
      await harness.fetch("/__stub/drop", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ count: 1 }),
      });
      const attempt = harness
        .fetch(example, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({ ...basicRequestExample.body, limit: 1 }),
        })
        .then((response) => response.text());
      await expect(attempt).rejects.toThrow();
      expect((await post(harness, example, basicRequestExample.body)).status).toBe(200);
    });

    it("shows and resets its state through the admin route", async () => {
      await harness.fetch("/__stub/latency", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ ms: 5 }),
      });
      await harness.fetch("/__stub/fail", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ status: 429, count: 3, retryAfterSeconds: 2 }),
      });
      const state = await (await harness.fetch("/__stub/scenario")).json();
      expect(state).toEqual({
        latencyMs: 5,
        failure: { status: 429, remaining: 3, retryAfterSeconds: 2 },
        drops: 0,
        bodyFault: null,
      });
      await harness.fetch("/__stub/reset", { method: "POST" });
      expect(await (await harness.fetch("/__stub/scenario")).json()).toEqual({
        latencyMs: 0,
        failure: null,
        drops: 0,
        bodyFault: null,
      });
    });

    it.each([
      ["/__stub/fail", { status: 418 }, "status"],
      ["/__stub/fail", { status: 503, count: 0 }, "count"],
      ["/__stub/latency", { ms: -1 }, "ms"],
      ["/__stub/drop", { count: "x" }, "count"],
    ])("answers 400 naming the field for POST %s %j", async (path, body, field) => {
      const answer = await checkAnswer(
        await harness.fetch(path, {
          method: "POST",
          headers: JSON_TYPE,
          body: JSON.stringify(body),
        }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].path).toBe(field);
    });
  });
});

describe("the admin routes", () => {
  it("are off unless enabled", async () => {
    const harness = await startHarness("in-process", {
      dataset: { start: "2023-01-01T00:00:00Z", end: "2023-01-02T00:00:00Z" },
    });
    const answer = await checkAnswer(await harness.fetch("/__stub/scenario"), false);
    expect(answer.status).toBe(404);
  });
});

describe("faults in the body (scenario control)", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness("socket", {
      admin: true,
      dataset: { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" },
    });
  });
  afterEach(() => harness.stub.scenario.reset());
  afterAll(() => harness.close());
  const call = () =>
    harness.fetch(example, {
      method: "POST",
      headers: apiHeaders(),
      body: JSON.stringify({ ...advancedRequestExample.body, limit: 5 }),
    });

  it("sends a body slowly, complete", async () => {
    const whole = await (await call()).text();
    await harness.fetch("/__stub/slow", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ count: 1, chunkDelayMs: 40 }),
    });
    // A pause of 40 ms after each 1 KiB piece: the body cannot end before the pauses add up.
    const paused = alarm(40 * Math.ceil(whole.length / 1024));
    const answer = await checkAnswer(await call());
    expect(answer.body.data).toHaveLength(5);
    expect(answer.text).toBe(whole);
    expect(paused.rang()).toBe(true);
  });

  it("drops the connection during the body", async () => {
    await harness.fetch("/__stub/drop", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ count: 1, during: true }),
    });
    const response = await call();
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect((await checkAnswer(await call())).status).toBe(200);
  });

  it("cuts a body short, leaving JSON that does not parse", async () => {
    harness.stub.scenario.faultBody({ kind: "truncate" }, 1);
    const text = await (await call()).text();
    expect(text.length).toBe(1024);
    expect(() => JSON.parse(text)).toThrow();
  });

  /** The documented basic example's first row: an answer shorter than the first piece of a faulty body. */
  const short = async () =>
    new Uint8Array(
      await (
        await harness.fetch(example, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({ ...basicRequestExample.body, limit: 1 }),
        })
      ).arrayBuffer(),
    );

  it("cuts a body shorter than a piece in half, so that it is cut too", async () => {
    const whole = await short();
    expect(whole.length).toBeGreaterThan(100);
    expect(whole.length).toBeLessThan(1024);
    harness.stub.scenario.faultBody({ kind: "truncate" }, 1);
    const cut = await short();
    expect(cut).toEqual(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await short()).toEqual(whole);
  });

  it("drops the connection during a body shorter than a piece", async () => {
    await short();
    harness.stub.scenario.faultBody({ kind: "drop-during" }, 1);
    await expect(short()).rejects.toThrow();
    expect((await short()).length).toBeGreaterThan(100);
  });
});

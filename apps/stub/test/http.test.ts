import {
  ADVANCED_COLUMN_NAMES,
  advancedRequestExample,
  BASIC_COLUMN_NAMES,
  basicRequestExample,
  contract,
  EXAMPLE_ORGANIZATION_ID as ORG,
  EXAMPLE_WORKFLOW_ID as WORKFLOW,
} from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WHOLE_BODY_BYTES } from "../src/http/bodies/rows-body";
import {
  apiHeaders,
  checkAnswer,
  type Harness,
  type Mode,
  post,
  startHarness,
  stepPath,
} from "./harness";
import { alarm } from "./waiting";

// The contract's column lists, which its own tests hold to the documentation's.
const DOCUMENTED_ADVANCED = ADVANCED_COLUMN_NAMES;
const DOCUMENTED_BASIC = BASIC_COLUMN_NAMES;
const example = stepPath(ORG, WORKFLOW, 1);
const payload = { filters: [], interval: basicRequestExample.body.interval };
/** The admin routes take JSON bodies only. */
const JSON_TYPE = { "content-type": "application/json" };

describe.each<Mode>(["in-process", "socket"])("the stub (%s)", (mode) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(mode, { admin: true, maxBodyBytes: 64 * 1024 });
  });
  afterEach(() => harness.stub.scenario.reset());
  afterAll(() => harness.close());

  describe("the documentation's example requests", () => {
    it("basic: 200 with the documented columns in the documented order", async () => {
      const { status, body } = await post(harness, example, basicRequestExample.body);
      expect(status).toBe(200);
      expect(body.fields.map(({ name }: { name: string }) => name)).toEqual(DOCUMENTED_BASIC);
      expect(body.data).toHaveLength(2);
      for (const row of body.data) {
        expect(row["View title"]).toBe("Call start");
        expect(row["Interaction Workflow ID"]).toBe(WORKFLOW);
        expect(row["Date & Time"]).toMatch(/^2022-11-03T\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    });

    it("advanced: 200 with the documented columns in the documented order", async () => {
      const { status, body } = await post(harness, example, advancedRequestExample.body);
      expect(status).toBe(200);
      expect(body.fields.map(({ name }: { name: string }) => name)).toEqual(DOCUMENTED_ADVANCED);
      expect(body.data).toHaveLength(2);
      for (const row of body.data) {
        expect(row).toMatchObject({
          organization_id: ORG,
          label: WORKFLOW,
          category: "Call",
          action: "User dialed",
          vendor: "com.giosg.chat",
          dim4: "Call start",
          dim5: "1",
        });
      }
    });

    it("accepts Bearer as well as Token, and UUIDs in capitals", async () => {
      const path = stepPath(ORG.toUpperCase(), WORKFLOW.toUpperCase(), 1);
      const { status, body } = await post(
        harness,
        path,
        basicRequestExample.body,
        apiHeaders("demo", "Bearer"),
      );
      expect(status).toBe(200);
      expect(body.data[0]["Interaction Workflow ID"]).toBe(WORKFLOW);
    });
  });

  describe("every status, with its body", () => {
    it.each<[string, string, Record<string, string>, unknown, number, string]>([
      [
        "no Authorization header",
        example,
        { "content-type": "application/json" },
        payload,
        401,
        "not_authenticated",
      ],
      [
        "a Basic Authorization header",
        example,
        { ...apiHeaders(), authorization: "Basic ZGVtbzpkZW1v" },
        payload,
        401,
        "authentication_failed",
      ],
      [
        "a Token header without a token",
        example,
        { ...apiHeaders(), authorization: "Token" },
        payload,
        401,
        "authentication_failed",
      ],
      ["an unknown token", example, apiHeaders("nope"), payload, 401, "authentication_failed"],
      [
        "a token without an active subscription",
        example,
        apiHeaders("demo-no-subscription"),
        payload,
        403,
        "no_active_subscription",
      ],
      [
        "a token without access to the organization",
        example,
        apiHeaders("demo-no-access"),
        payload,
        403,
        "no_organization_access",
      ],
      [
        "a token without the reporting permission",
        example,
        apiHeaders("demo-no-reporting"),
        payload,
        403,
        "no_reporting_permission",
      ],
      [
        "an unknown organization",
        stepPath("00000000-0000-4000-8000-000000000000", WORKFLOW, 1),
        apiHeaders(),
        payload,
        404,
        "organization_not_found",
      ],
      [
        "an unknown workflow",
        stepPath(ORG, "00000000-0000-4000-8000-000000000000", 1),
        apiHeaders(),
        payload,
        404,
        "workflow_not_found",
      ],
      [
        "a step beyond the last",
        stepPath(ORG, WORKFLOW, 5),
        apiHeaders(),
        payload,
        404,
        "step_not_found",
      ],
      [
        "an unsupported filter property",
        example,
        apiHeaders(),
        { ...payload, filters: [{ property: "country", values: ["Finland"] }] },
        406,
        "filter_not_implemented",
      ],
      ["malformed JSON", example, apiHeaders(), '{"filters": [', 400, "malformed_json"],
      [
        "an invalid payload",
        example,
        apiHeaders(),
        { ...payload, limit: 0 },
        400,
        "invalid_request",
      ],
      [
        "a text/plain body",
        example,
        { ...apiHeaders(), "content-type": "text/plain" },
        payload,
        415,
        "unsupported_media_type",
      ],
      [
        "a body over the size limit",
        example,
        apiHeaders(),
        { ...payload, padding: "x".repeat(70 * 1024) },
        413,
        "payload_too_large",
      ],
    ])("%s", async (_, path, headers, body, status, code) => {
      const answer = await post(harness, path, body, headers);
      expect(answer.status).toBe(status);
      expect(answer.body.code).toBe(code);
      expect(answer.body.detail).toMatch(/\S/);
      if (status === 401) expect(answer.headers.get("www-authenticate")).toMatch(/^Token/);
    });

    it("405 for another method on the endpoint, naming POST", async () => {
      const answer = await checkAnswer(
        await harness.fetch(example, { method: "GET", headers: apiHeaders() }),
      );
      expect(answer.status).toBe(405);
      expect(answer.body.code).toBe("method_not_allowed");
      expect(answer.headers.get("allow")).toBe("POST");
    });

    it("404 in the API's shape for an unknown route", async () => {
      const answer = await checkAnswer(
        await harness.fetch("/api/reporting/nothing", { method: "POST" }),
        false,
      );
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        detail: "No route for POST /api/reporting/nothing.",
        code: "not_found",
      });
    });

    it.each([500, 502, 503, 504])(
      "%i when the scenario asks for it, never with a stack trace",
      async (status) => {
        harness.stub.scenario.fail(status as 500, 1);
        const answer = await post(harness, example, basicRequestExample.body);
        expect(answer.status).toBe(status);
        expect(answer.text).not.toMatch(/at .*\.(ts|js):\d+/);
      },
    );

    it("429 with Retry-After when the scenario asks for it", async () => {
      harness.stub.scenario.fail(429, 1, 7);
      const answer = await post(harness, example, basicRequestExample.body);
      expect(answer.status).toBe(429);
      expect(answer.headers.get("retry-after")).toBe("7");
      expect(answer.body.code).toBe("throttled");
    });
  });

  describe("bad input", () => {
    it.each<[string, string, unknown, string[]]>([
      ["step_index abc", stepPath(ORG, WORKFLOW, "abc"), payload, ["step_index"]],
      ["step_index 0", stepPath(ORG, WORKFLOW, 0), payload, ["step_index"]],
      ["step_index 1.5", stepPath(ORG, WORKFLOW, "1.5"), payload, ["step_index"]],
      [
        "a malformed organization id",
        stepPath("e40bcb66", WORKFLOW, 1),
        payload,
        ["organization_id"],
      ],
      [
        "a typo: filter",
        example,
        { filter: [], interval: payload.interval },
        ["filters", "filter"],
      ],
      ["missing interval", example, { filters: [] }, ["interval"]],
      [
        "start after end",
        example,
        { filters: [], interval: { start: "2022-11-04T00:00:00Z", end: "2022-11-03T00:00:00Z" } },
        ["interval.end"],
      ],
      [
        "no offset",
        example,
        { filters: [], interval: { start: "2022-11-03T00:00:00", end: "2022-11-04T00:00:00Z" } },
        ["interval.start"],
      ],
      ["limit -3", example, { ...payload, limit: -3 }, ["limit"]],
      ['limit "x"', example, { ...payload, limit: "x" }, ["limit"]],
      [
        "empty values",
        example,
        { ...payload, filters: [{ property: "action", values: [] }] },
        ["filters[0].values"],
      ],
      ['target "other"', example, { ...payload, target: "other" }, ["target"]],
      ["a JSON array", example, [payload], ["body"]],
      [
        "everything at once",
        stepPath(ORG, WORKFLOW, -1),
        { filter: 1, limit: 0 },
        ["step_index", "filters", "interval", "limit", "filter"],
      ],
    ])("%s → 400 naming %j", async (_, path, body, paths) => {
      const answer = await post(harness, path, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("invalid_request");
      expect(answer.body.errors.map(({ path }: { path: string }) => path)).toEqual(paths);
    });
  });

  describe("answers without limit", () => {
    it("stream the same rows a large limit returns", async () => {
      const interval = { start: "2022-11-01T00:00:00Z", end: "2022-12-01T00:00:00Z" };
      const path = stepPath(ORG, WORKFLOW, 1);
      const response = await harness.fetch(path, {
        method: "POST",
        headers: apiHeaders(),
        body: JSON.stringify({ filters: [], interval }),
      });
      const streamed = await checkAnswer(response);
      const limited = await post(harness, path, { filters: [], interval, limit: 1_000_000 });
      expect(streamed.body.data.length).toBeGreaterThan(100);
      expect(streamed.text).toBe(limited.text);
    });

    it.each([
      ["without limit", {}],
      ["with a limit larger than the answer", { limit: "9007199254740991" }],
    ])("stream by the answer's size, not by limit: %s", async (_, limit) => {
      const path = stepPath(ORG, WORKFLOW, 1);
      const send = (interval: object) =>
        harness.fetch(path, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({ filters: [], interval, ...limit }),
        });
      const large = await send({ start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" });
      const small = await send({ start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" });
      const [largeText, smallText] = [await large.text(), await small.text()];
      expect(Buffer.byteLength(largeText)).toBeGreaterThan(WHOLE_BODY_BYTES);
      expect(Buffer.byteLength(smallText)).toBeLessThan(WHOLE_BODY_BYTES);
      if (mode === "socket") {
        expect(large.headers.get("transfer-encoding")).toBe("chunked");
        expect(small.headers.get("content-length")).toBe(String(Buffer.byteLength(smallText)));
      }
      expect(JSON.parse(largeText).data.length).toBeGreaterThan(1000);
    });

    it("stream an empty answer as valid JSON", async () => {
      const interval = { start: "2019-01-01T00:00:00Z", end: "2019-01-02T00:00:00Z" };
      const answer = await post(harness, example, { filters: [], interval });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual([]);
    });
  });

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
          body: JSON.stringify(basicRequestExample.body),
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

  describe("documentation pages", () => {
    it("serves the contract's OpenAPI document with this stub as its first server", async () => {
      const response = await harness.fetch("/openapi.json");
      const document = (await response.json()) as {
        openapi: string;
        servers: { url: string; description?: string }[];
        paths: object;
      };
      expect(document.openapi).toBe("3.1.0");
      expect(document.servers[0]).toEqual({ url: "/", description: "This stub" });
      expect(document.servers[1]?.url).toBe("https://api.giosg.com");
      // The step endpoint and its siblings, each path once.
      expect(Object.keys(document.paths)).toHaveLength(Object.keys(contract).length);
    });

    it("serves /docs with its assets from the stub itself", async () => {
      const page = await (await harness.fetch("/docs")).text();
      expect(page).toContain("swagger-ui-bundle.js");
      const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? "");
      expect(sources.length).toBeGreaterThanOrEqual(3);
      for (const source of sources) {
        expect(source.startsWith("/")).toBe(true);
        const asset = await harness.fetch(source);
        expect(asset.status, source).toBe(200);
        expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(100);
      }
    });

    it("redirects a browser at / to /docs", async () => {
      const response = await harness.fetch("/", { redirect: "manual" });
      expect([302, 307]).toContain(response.status);
      expect(response.headers.get("location")).toBe("/docs");
    });

    it("answers /healthz", async () => {
      const response = await harness.fetch("/healthz");
      expect(await response.json()).toEqual({ status: "ok" });
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

describe("determinism", () => {
  it("answers the same bytes across restarts, and other bytes for another seed", async () => {
    const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
    const answer = async (seed: number) => {
      const harness = await startHarness("socket", { dataset: { ...dataset, seed } });
      const { text } = await post(harness, example, {
        filters: [],
        interval: { start: dataset.start, end: dataset.end },
      });
      await harness.close();
      return text;
    };
    const [first, second, other] = [await answer(7), await answer(7), await answer(8)];
    expect(first).toBe(second);
    expect(other).not.toBe(first);
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
});

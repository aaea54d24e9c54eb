import {
  ADVANCED_COLUMN_NAMES,
  BASIC_COLUMN_NAMES,
  errorBody,
  toBasicRow,
} from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createClient, isReportingApiError, ReportingApiError, toCsv } from "../src/index";
import {
  alarm,
  answering,
  DATASET,
  documented,
  failureOf,
  type Mode,
  type Setup,
  setUp,
} from "./helpers";

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const;
/** The documented example's URL attributes, as the raw client takes them. */
const rawParams = {
  organization_id: documented.organizationId,
  workflow_id: documented.workflowId,
  step_index: 1,
};
/** The day of the documentation's example: a small dataset for a stub of a test's own. */
const DOCUMENTED_DAY = { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" };

describe.each<Mode>(["in-process", "socket"])("the client against the stub (%s)", (mode) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp(mode);
  });
  afterEach(() => setup.stub.scenario.reset());
  afterAll(() => setup.close());

  it("fetches the documentation's basic example: typed basic rows in the documented order", async () => {
    const response = await setup.client().getStepSourceData({ ...documented, basic: true });
    expect(response.fields.map(({ name }) => name)).toEqual(BASIC_COLUMN_NAMES);
    expect(response.data).toHaveLength(2);
    expect(response.data[0]?.["View title"]).toBe("Call start");
  });

  it("fetches advanced rows by default, with Date objects in the interval and Bearer tokens", async () => {
    const client = setup.client({ tokenType: "Bearer" });
    const response = await client.getStepSourceData({
      ...documented,
      interval: { start: new Date("2022-11-03T00:00:00Z"), end: new Date("2022-11-04T00:00:00Z") },
    });
    expect(response.fields.map(({ name }) => name)).toEqual(ADVANCED_COLUMN_NAMES);
    expect(response.data.map((row) => row.action)).toEqual(["User dialed", "User dialed"]);
  });

  it.each<[string, string, object, number, string]>([
    ["an unknown token", "nope", {}, 401, "authentication_failed"],
    ["no active subscription", "demo-no-subscription", {}, 403, "no_active_subscription"],
    ["no access to the organization", "demo-no-access", {}, 403, "no_organization_access"],
    ["no reporting permission", "demo-no-reporting", {}, 403, "no_reporting_permission"],
    [
      "an unknown organization",
      "demo",
      { organizationId: "00000000-0000-4000-8000-000000000000" },
      404,
      "organization_not_found",
    ],
    [
      "an unknown workflow",
      "demo",
      { workflowId: "00000000-0000-4000-8000-000000000000" },
      404,
      "workflow_not_found",
    ],
    ["a step beyond the last", "demo", { stepIndex: 7 }, 404, "step_not_found"],
    [
      "an unsupported filter",
      "demo",
      { filters: [{ property: "country", values: ["Finland"] }] },
      406,
      "filter_not_implemented",
    ],
  ])("throws an api error for %s", async (_, token, change, status, code) => {
    const error = await failureOf(() =>
      setup.client({ token }).getStepSourceData({ ...documented, ...change }),
    );
    expect(isReportingApiError(error, "api")).toBe(true);
    expect(error).toMatchObject({ status, code, attempts: 1 });
    expect(error.detail).toMatch(/\S/);
  });

  it("throws an api error for a 500 without retrying it", async () => {
    setup.stub.scenario.fail(500, 1);
    const before = setup.requests();
    const error = await failureOf(() => setup.client(fast).getStepSourceData(documented));
    expect(error).toMatchObject({ kind: "api", status: 500, code: "internal_error" });
    expect(setup.requests() - before).toBe(1);
  });

  it("retries 503 twice, then succeeds", async () => {
    setup.stub.scenario.fail(503, 2);
    const before = setup.requests();
    const response = await setup.client(fast).getStepSourceData(documented);
    expect(response.data).toHaveLength(2);
    expect(setup.requests() - before).toBe(3);
  });

  it("honours Retry-After on 429", async () => {
    setup.stub.scenario.fail(429, 1, 1);
    const before = setup.requests();
    const second = alarm(1_000);
    // maxDelayMs admits the second asked for (a longer wait ends the call: see hostile-server.test.ts).
    const retry = { baseDelayMs: 1, maxDelayMs: 1_000 };
    const response = await setup.client({ retry }).getStepSourceData(documented);
    expect(response.data).toHaveLength(2);
    expect(setup.requests() - before).toBe(2);
    expect(second.rang()).toBe(true); // the retry waited the second asked for, not the 1 ms backoff
  });

  it("gives up after the retry count, with the last status", async () => {
    setup.stub.scenario.fail(502, 10);
    const before = setup.requests();
    const error = await failureOf(() =>
      setup.client({ retry: { retries: 2, baseDelayMs: 1 } }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "api", status: 502, attempts: 3 });
    expect(setup.requests() - before).toBe(3);
  });

  it("does not retry when retries are off", async () => {
    setup.stub.scenario.fail(503, 1);
    const error = await failureOf(() =>
      setup.client({ retry: false }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({
      kind: "api",
      status: 503,
      code: "service_unavailable",
      attempts: 1,
    });
  });

  /**
   * Runs a call that gives up early against a stub of its own, closed afterwards: on a busy machine its
   * request may reach the stub only after the call has given up, and must not then take the failure or
   * drop that a later test set up.
   */
  async function alone(run: (own: Setup) => Promise<void>): Promise<void> {
    const own = await setUp(mode, DOCUMENTED_DAY);
    try {
      await run(own);
    } finally {
      await own.close();
    }
  }

  it("times out", () =>
    alone(async (own) => {
      own.stub.scenario.setLatency(400);
      const error = await failureOf(() =>
        own.client({ timeoutMs: 50, retry: false }).getStepSourceData(documented),
      );
      expect(error.kind).toBe("timeout");
    }));

  it("is aborted by the caller's signal, even between retries", () =>
    alone(async (own) => {
      own.stub.scenario.setLatency(400);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const error = await failureOf(() =>
        own.client().getStepSourceData(documented, { signal: controller.signal }),
      );
      expect(error.kind).toBe("aborted");
    }));

  it("reports a dropped connection as a network error", async () => {
    setup.stub.scenario.drop(1);
    const error = await failureOf(() =>
      setup.client({ retry: false }).getStepSourceData(documented),
    );
    expect(error.kind).toBe("network");
  });

  it("retries a dropped connection", async () => {
    setup.stub.scenario.drop(1);
    const response = await setup.client(fast).getStepSourceData(documented);
    expect(response.data).toHaveLength(2);
  });

  it("streams the rows of a query without limit: the same rows, in the same order", async () => {
    const { limit: _, ...unlimited } = documented;
    const query = { ...unlimited, filters: [], interval: DATASET };
    const whole = await setup.client().getStepSourceData(query);
    const streamed = [];
    for await (const row of setup.client().iterateStepSourceData(query)) streamed.push(row);
    expect(streamed.length).toBeGreaterThan(100);
    expect(streamed).toEqual(whole.data);
    const { fields, rows } = await setup.client().streamStepSourceData({ ...query, basic: true });
    const basic = [];
    for await (const row of rows) basic.push(row);
    expect(basic).toEqual(whole.data.map(toBasicRow));
    expect(toCsv(fields, basic).split("\r\n")).toHaveLength(basic.length + 2);
  });

  it("throws the API's error before streaming", async () => {
    const error = await failureOf(() =>
      setup.client().streamStepSourceData({ ...documented, stepIndex: 9 }),
    );
    expect(error).toMatchObject({ kind: "api", status: 404, code: "step_not_found" });
  });

  it("keeps ts-rest's status union reachable without throwing", async () => {
    const response = await setup.client().raw.getStepSourceData({
      params: {
        organization_id: documented.organizationId,
        workflow_id: documented.workflowId,
        step_index: 9,
      },
      body: { filters: [], interval: documented.interval },
    });
    expect(response.status).toBe(404);
    if (response.status === 404) expect(response.body.code).toBe("step_not_found");
  });
});

describe("the client without a stub", () => {
  it.each<[number, string, string, object]>([
    [
      400,
      '{"detail":"The request is invalid; see errors.","code":"invalid_request","errors":[{"path":"interval.end","message":"Must be later"}]}',
      "invalid_request",
      { fieldErrors: [{ path: "interval.end", message: "Must be later" }] },
    ],
    [405, '{"detail":"Method not allowed.","code":"method_not_allowed"}', "method_not_allowed", {}],
    [413, '{"detail":"Too large.","code":"payload_too_large"}', "payload_too_large", {}],
    [418, "I'm a teapot", "", { detail: "I'm a teapot" }],
  ])("maps a %i answer to an api error", async (status, body, code, more) => {
    const { fetch, calls } = answering(status, body, {
      "content-type": status === 418 ? "text/plain" : "application/json",
    });
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "api", status, ...(code ? { code } : {}), ...more });
    expect(calls()).toBe(1);
  });

  it("gives the raw client every declared status as a value: a 429 after its retries", async () => {
    const { fetch } = answering(429, JSON.stringify(errorBody("throttled", 1)), {
      "content-type": "application/json",
    });
    const response = await createClient({
      token: "demo",
      fetch,
      retry: false,
    }).raw.getStepSourceData({
      params: rawParams,
      body: { filters: [], interval: documented.interval },
    });
    expect(response.status).toBe(429);
    if (response.status === 429) expect(response.body.code).toBe("throttled");
  });

  it.each([418, 201])(
    "throws a typed error from the raw client for the undeclared status %i",
    async (status) => {
      const { fetch } = answering(status, '{"detail":"No."}', {
        "content-type": "application/json",
      });
      const error = await failureOf(() =>
        createClient({ token: "demo", fetch }).raw.getStepSourceData({
          params: rawParams,
          body: { filters: [], interval: documented.interval },
        }),
      );
      expect(error).toBeInstanceOf(ReportingApiError);
      expect(error).toMatchObject({ status, kind: status >= 400 ? "api" : "invalid-response" });
      expect(error.message).toContain("a status the contract does not declare");
    },
  );

  it("throws an api error from the raw client for a 302, a redirect it does not follow", async () => {
    const { fetch, calls } = answering(302, '{"detail":"No."}');
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch }).raw.getStepSourceData({
        params: rawParams,
        body: { filters: [], interval: documented.interval },
      }),
    );
    expect(error).toMatchObject({ status: 302, kind: "api", attempts: 1 });
    expect(error.message).toContain("redirected the request (302) without a Location");
    expect(calls()).toBe(1);
  });

  it("reports a 200 that is not JSON as an invalid response", async () => {
    const { fetch } = answering(200, '{"fields": [');
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch }).getStepSourceData(documented),
    );
    expect(error.kind).toBe("invalid-response");
    expect(error.message).toContain("not JSON");
  });

  it("reports a 200 that breaks the contract as an invalid response, naming the field", async () => {
    const body = JSON.stringify({ fields: [], data: [{ timestamp: "yesterday" }] });
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch: answering(200, body).fetch }).getStepSourceData(
        documented,
      ),
    );
    expect(error.kind).toBe("invalid-response");
    expect(error.fieldErrors[0]?.path).toBe("data[0].timestamp");
    const unchecked = await createClient({
      token: "demo",
      fetch: answering(200, body).fetch,
      validateResponse: false,
    }).getStepSourceData(documented);
    expect(unchecked.data).toEqual([{ timestamp: "yesterday" }]);
  });

  it("reports a streamed row that breaks the contract, naming its position", async () => {
    const body = JSON.stringify({ fields: [], data: [{ timestamp: "yesterday" }] });
    const client = createClient({ token: "demo", fetch: answering(200, body).fetch });
    const error = await failureOf(async () => {
      for await (const _ of client.iterateStepSourceData(documented));
    });
    expect(error).toMatchObject({ kind: "invalid-response" });
    expect(error.fieldErrors[0]?.path).toBe("data[0].timestamp");
  });

  it("reports a network failure without retries as a network error", async () => {
    const fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch, retry: false }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "network", attempts: 1 });
  });

  it("stops retrying when the time budget is spent", async () => {
    // Fake timers: the budget is spent on a simulated clock, whatever the machine's load.
    vi.useFakeTimers();
    try {
      const { fetch, calls } = answering(503, "{}");
      const started = Date.now();
      const client = createClient({
        token: "demo",
        fetch,
        retry: { retries: 50, baseDelayMs: 40, maxDelayMs: 40, maxElapsedMs: 150 },
      });
      const failed = failureOf(() => client.getStepSourceData(documented)).then((error) => ({
        error,
        at: Date.now() - started,
      }));
      await vi.advanceTimersByTimeAsync(1_000);
      const { error, at } = await failed;
      expect(error.status).toBe(503);
      // Backoffs of 20 to 40 ms within 150 ms: from 4 attempts (all 40) to 8 (all 20), never 51.
      expect(calls()).toBeGreaterThanOrEqual(4);
      expect(calls()).toBeLessThanOrEqual(8);
      expect(at).toBeLessThanOrEqual(150);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each<[string, object, string[]]>([
    ["stepIndex 0", { stepIndex: 0 }, ["stepIndex"]],
    ["a malformed organizationId", { organizationId: "e40bcb66" }, ["organizationId"]],
    ["limit 0", { limit: 0 }, ["limit"]],
    [
      "an invalid Date",
      { interval: { start: new Date("nope"), end: new Date() } },
      ["interval.start"],
    ],
    [
      "an offset no clock has",
      { interval: { ...documented.interval, start: "2022-11-03T00:00:00+99:99" } },
      ["interval.start"],
    ],
    ["stepData with empty actions", { stepData: [{}, { actions: [] }] }, ["stepData[1].actions"]],
    ["an unknown option", { filter: [] }, ["filter"]],
  ])("rejects %s before sending anything", async (_, change, paths) => {
    const { fetch, calls } = answering(200, "{}");
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch }).getStepSourceData({ ...documented, ...change }),
    );
    expect(error.kind).toBe("invalid-request");
    expect(error.fieldErrors.map(({ path }) => path)).toEqual(paths);
    expect(calls()).toBe(0);
  });

  it.each<[string, object, string]>([
    ["an empty token", { token: "" }, "token"],
    ["a token with a space", { token: "a b" }, "token"],
    ["an unknown token type", { token: "x", tokenType: "Basic" }, "tokenType"],
    ["a negative timeout", { token: "x", timeoutMs: -1 }, "timeoutMs"],
    ["a negative deadline", { token: "x", deadlineMs: -1 }, "deadlineMs"],
    ["maxRowBytes 0", { token: "x", maxRowBytes: 0 }, "maxRowBytes"],
    ["maxAnswerBytes past any text", { token: "x", maxAnswerBytes: 2 ** 30 }, "maxAnswerBytes"],
    ["a base URL that is not a URL", { token: "x", baseUrl: "api.giosg.com" }, "baseUrl"],
  ])("rejects options with %s", (_, options, path) => {
    expect(() => createClient(options as never)).toThrow(
      expect.objectContaining({ kind: "invalid-request" }),
    );
    try {
      createClient(options as never);
    } catch (error) {
      expect((error as { fieldErrors: { path: string }[] }).fieldErrors[0]?.path).toBe(path);
    }
  });

  it("calls https://api.giosg.com with the token, by default", async () => {
    let seen: Request | undefined;
    const fetch = async (input: Request | string | URL, init?: RequestInit) => {
      seen = new Request(input, init);
      return new Response(JSON.stringify({ fields: [], data: [] }), {
        headers: { "content-type": "application/json" },
      });
    };
    await createClient({ token: "secret", fetch }).getStepSourceData(documented);
    expect(seen?.url).toBe(
      "https://api.giosg.com/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/step/1",
    );
    expect(seen?.headers.get("authorization")).toBe("Token secret");
    expect(seen?.headers.get("content-type")).toBe("application/json");
    expect(await seen?.json()).toEqual({
      ...(documented.interval && { interval: documented.interval }),
      filters: documented.filters,
      limit: 2,
      target: "default",
      basic: false,
    });
  });
});

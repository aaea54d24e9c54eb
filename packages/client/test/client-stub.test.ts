// The client against the stub, in process and over a socket: rows, retries, timeouts, aborts, streams.
import { ADVANCED_COLUMN_NAMES, BASIC_COLUMN_NAMES, toBasicRow } from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isReportingApiError, toCsv } from "../src/index";
import { alarm, DATASET, documented, failureOf, type Mode, type Setup, setUp } from "./helpers";

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const;
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

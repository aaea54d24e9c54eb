// The client without a stub: each kind of answer (error statuses, redirects, bodies that break the contract) and its options.
import { errorBody } from "@giosg-reporting/contract";
import { describe, expect, it, vi } from "vitest";
import { createClient, ReportingApiError } from "../src/index";
import { answering, documented, failureOf } from "./helpers";

/** The documented example's URL attributes, as the raw client takes them. */
const rawParams = {
  organization_id: documented.organizationId,
  workflow_id: documented.workflowId,
  step_index: 1,
};

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

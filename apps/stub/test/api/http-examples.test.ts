// The stub's answers to the documentation's example requests, and every status with its body, in-process and over a socket.
import {
  ADVANCED_COLUMN_NAMES,
  advancedRequestExample,
  BASIC_COLUMN_NAMES,
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

// The contract's column lists, which its own tests hold to the documentation's.
const DOCUMENTED_ADVANCED = ADVANCED_COLUMN_NAMES;
const DOCUMENTED_BASIC = BASIC_COLUMN_NAMES;
const example = stepPath(ORG, WORKFLOW, 1);
const payload = { filters: [], interval: basicRequestExample.body.interval };

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
});

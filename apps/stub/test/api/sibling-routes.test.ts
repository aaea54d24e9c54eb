// The step endpoint's siblings (download/, info/, source_data) in process and over a socket: answers
// checked against the contract and the OpenAPI document, errors, methods, trailing slashes, journal, scenarios.
import {
  contract,
  DOWNLOAD_CONTENT_TYPES,
  downloadFileName,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  WORKFLOW_INFO_PATH,
  workflowInfoOf,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ORG } from "../helpers/fixtures";
import {
  apiHeaders,
  checkAnswer,
  type Harness,
  type Mode,
  startHarness,
  stepPath,
} from "../helpers/harness";
import { INTERACTION, outerGoalSource } from "../helpers/outer-goals";

const MODES: Mode[] = ["in-process", "socket"];
const UNKNOWN = "99999999-9999-4999-8999-999999999999";

/** A sibling route's path for these URL attributes. */
function pathOf(template: string, organizationId: string, workflowId: string, stepIndex = 1) {
  return template
    .replace(":organization_id", organizationId)
    .replace(":workflow_id", workflowId)
    .replace(":step_index", String(stepIndex));
}
const infoPath = (organizationId = EXAMPLE_ORGANIZATION_ID, workflowId = EXAMPLE_WORKFLOW_ID) =>
  pathOf(WORKFLOW_INFO_PATH, organizationId, workflowId);
const downloadPath = (step = 1) =>
  pathOf(STEP_DOWNLOAD_PATH, EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, step);
const sourceDataPath = (workflowId = INTERACTION) => pathOf(SOURCE_DATA_PATH, ORG, workflowId);

const DAY = { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" };
const JANUARY = { start: "2023-01-01T00:00:00Z", end: "2023-02-01T00:00:00Z" };

describe.each(MODES)("the sibling routes (%s)", (mode) => {
  let harness: Harness;
  let outer: Harness;
  beforeAll(async () => {
    harness = await startHarness(mode);
    outer = await startHarness(mode, { source: outerGoalSource() });
  });
  afterAll(async () => {
    await harness.close();
    await outer.close();
  });
  beforeEach(() => {
    harness.stub.scenario.reset();
    harness.stub.clearRequests();
  });

  const get = async (path: string, headers = apiHeaders(), on = harness) =>
    checkAnswer(await on.fetch(path, { method: "GET", headers }), contract.getWorkflowInfo);
  const postTo = (on: Harness, path: string, body: unknown, headers = apiHeaders()) =>
    on.fetch(path, { method: "POST", headers, body: JSON.stringify(body) });

  describe("GET …/info/", () => {
    it("answers the workflow's info, as the contract writes it from the catalogue", async () => {
      const answer = await get(infoPath());
      expect(answer.status).toBe(200);
      const workflow = harness.stub.source.catalog.workflows.find(
        ({ id }) => id === EXAMPLE_WORKFLOW_ID,
      );
      expect(answer.body).toEqual(workflowInfoOf(workflow as NonNullable<typeof workflow>));
    });

    it.each([
      ["no token", {}, 401, "not_authenticated"],
      ["an unknown token", apiHeaders("nope"), 401, "authentication_failed"],
      ["no subscription", apiHeaders("demo-no-subscription"), 403, "no_active_subscription"],
      ["no reporting permission", apiHeaders("demo-no-reporting"), 403, "no_reporting_permission"],
      [
        "no access to the organization",
        apiHeaders("demo-no-access"),
        403,
        "no_organization_access",
      ],
    ])("answers %s with its status and code", async (_, headers, status, code) => {
      const answer = await get(infoPath(), headers as Record<string, string>);
      expect([answer.status, answer.body.code]).toEqual([status, code]);
    });

    it("answers 404 for an unknown organization or workflow, 400 for a malformed id", async () => {
      expect((await get(infoPath(UNKNOWN))).body.code).toBe("organization_not_found");
      expect((await get(infoPath(EXAMPLE_ORGANIZATION_ID, UNKNOWN))).body.code).toBe(
        "workflow_not_found",
      );
      const malformed = await get(infoPath(EXAMPLE_ORGANIZATION_ID, "not-a-uuid"));
      expect([malformed.status, malformed.body.errors[0].path]).toEqual([400, "workflow_id"]);
    });

    it("answers another method 405 naming GET, with Allow: GET", async () => {
      const response = await postTo(harness, infoPath(), {});
      const answer = await checkAnswer(response, contract.getWorkflowInfo);
      expect(answer.status).toBe(405);
      expect(answer.body).toEqual(errorBody("method_not_allowed", "POST", "GET"));
      expect(answer.headers.get("allow")).toBe("GET");
    });
  });

  describe("POST …/step/{step_index}/download/", () => {
    it("answers a CSV file named by downloadFileName, with the download's content type", async () => {
      const body = { filters: [], interval: DAY, limit: "2", format: "csv" as const };
      const response = await postTo(harness, downloadPath(), body);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(DOWNLOAD_CONTENT_TYPES.csv);
      const name = downloadFileName(EXAMPLE_WORKFLOW_ID, 1, { ...body, basic: false });
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const text = await response.text();
      expect(text.split("\r\n")).toHaveLength(4); // header, two rows, and the last CRLF
    });

    it("lets a page allowed by CORS read the file's name", async () => {
      const cors = await startHarness(mode, { corsOrigins: ["https://app.example"] });
      try {
        const response = await postTo(
          cors,
          downloadPath(),
          { filters: [], interval: DAY, limit: "1", format: "csv" },
          { ...apiHeaders(), origin: "https://app.example" },
        );
        await response.text();
        expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
        expect(response.headers.get("access-control-expose-headers")).toMatch(
          /content-disposition/i,
        );
      } finally {
        await cors.close();
      }
    });

    it("answers an XLSX file (a zip) with its content type and name", async () => {
      const body = { filters: [], interval: DAY, basic: true, format: "xlsx" as const };
      const response = await postTo(harness, downloadPath(), body);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(DOWNLOAD_CONTENT_TYPES.xlsx);
      expect(response.headers.get("content-disposition")).toMatch(/-step-1-basic-.*\.xlsx"$/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    });

    it.each([
      ["without format", { filters: [], interval: DAY }],
      ["with another format", { filters: [], interval: DAY, format: "pdf" }],
    ])("answers a payload %s 400 naming format", async (_, body) => {
      const answer = await checkAnswer(
        await postTo(harness, downloadPath(), body),
        contract.downloadStepSourceData,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map(({ path }: { path: string }) => path)).toEqual(["format"]);
    });

    it("answers the step endpoint's errors as JSON: 404 step, 406 filter, 401", async () => {
      const beyond = await postTo(harness, downloadPath(99), {
        filters: [],
        interval: DAY,
        format: "csv",
      });
      expect((await checkAnswer(beyond, contract.downloadStepSourceData)).body.code).toBe(
        "step_not_found",
      );
      const filtered = await postTo(harness, downloadPath(), {
        filters: [{ property: "country", values: ["FI"] }],
        interval: DAY,
        format: "csv",
      });
      expect((await checkAnswer(filtered, contract.downloadStepSourceData)).status).toBe(406);
      const anonymous = await postTo(
        harness,
        downloadPath(),
        { filters: [], interval: DAY, format: "csv" },
        { "content-type": "application/json" },
      );
      expect((await checkAnswer(anonymous, contract.downloadStepSourceData)).status).toBe(401);
    });

    it("answers another method 405 naming POST", async () => {
      const response = await harness.fetch(downloadPath(), {
        method: "GET",
        headers: apiHeaders(),
      });
      const answer = await checkAnswer(response, contract.downloadStepSourceData);
      expect([answer.status, answer.headers.get("allow")]).toEqual([405, "POST"]);
    });
  });

  describe("the other spelling of each path", () => {
    const documented = [
      ["POST", stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1)],
      ["POST", downloadPath()],
      ["GET", infoPath()],
      ["POST", sourceDataPath()],
    ] as const;
    it.each(documented)(
      "%s %s spelled otherwise is a 404 naming the documented path",
      async (method, path) => {
        const other = path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
        const response = await harness.fetch(other, {
          method,
          headers: apiHeaders(),
          ...(method === "POST" ? { body: "{}" } : {}),
        });
        const answer = await checkAnswer(response, false);
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual(errorBody("wrong_trailing_slash", method, other, path));
        // The reason given matches the documented path's own spelling, with its slash or without.
        expect((answer.body as { detail: string }).detail).toMatch(
          path.endsWith("/")
            ? /\(the trailing slash is part of its path\)\.$/
            : /\(its path has no trailing slash\)\.$/,
        );
      },
    );
  });

  describe("journal and scenarios", () => {
    it("journals each route's requests with their parsed params, body, status and rows", async () => {
      await get(infoPath());
      const download = await postTo(harness, downloadPath(), {
        filters: [],
        interval: DAY,
        limit: "2",
        format: "csv",
      });
      await download.text();
      const entries = harness.stub.requests;
      expect(entries.map(({ method, status }) => [method, status])).toEqual([
        ["GET", 200],
        ["POST", 200],
      ]);
      expect(entries[0]).toMatchObject({
        params: { organization_id: EXAMPLE_ORGANIZATION_ID, workflow_id: EXAMPLE_WORKFLOW_ID },
        body: null,
        token: "demo",
      });
      expect(entries[1]).toMatchObject({ body: { format: "csv", limit: 2 }, rows: 2 });
      outer.stub.clearRequests();
      const answer = await postTo(outer, sourceDataPath(), { filters: [], interval: JANUARY });
      await answer.text();
      expect(outer.stub.requests[0]).toMatchObject({
        params: { organization_id: ORG, workflow_id: INTERACTION },
        body: { target: "affected_goal" },
        rows: 3,
      });
    });

    it("cuts a download short as it would a JSON answer, its rows then unknown", async () => {
      const body = { filters: [], interval: DAY, format: "csv" };
      const whole = await (await postTo(harness, downloadPath(), body)).text();
      expect(whole.length).toBeGreaterThan(1024);
      harness.stub.scenario.faultBody({ kind: "truncate" }, 1);
      const cut = await (await postTo(harness, downloadPath(), body)).text();
      expect(cut).toBe(whole.slice(0, 1024));
      expect(harness.stub.requests.at(-1)).toMatchObject({ status: 200, rows: null });
    });

    it("applies the scenario's failures to every route", async () => {
      harness.stub.scenario.fail(503, 2);
      expect((await get(infoPath())).status).toBe(503);
      const download = await postTo(harness, downloadPath(), {
        filters: [],
        interval: DAY,
        format: "csv",
      });
      expect(download.status).toBe(503);
      await download.text();
      expect((await get(infoPath())).status).toBe(200);
      expect(harness.stub.requests.map(({ status }) => status)).toEqual([503, 503, 200]);
    });
  });
});

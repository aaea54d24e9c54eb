// getWorkflowInfo and getSourceData against a raw node:http server on 127.0.0.1: their requests as the
// contract spells them, their answers held to it, and the step endpoint's retries, bounds and errors.
import type { WorkflowInfo } from "@giosg-reporting/contract";
import { afterEach, describe, expect, it } from "vitest";
import { type ClientOptions, createClient, type SourceDataQuery } from "../src/index";
import { documented } from "./helpers";
import {
  type Answer,
  answerOf,
  ending,
  type Hostile,
  hostile,
  JSON_HEADERS,
  MiB,
  OPENING,
  pour,
  ROW_JSON,
} from "./helpers/hostile";

let servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** What the server saw of each request. */
interface Seen {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A server of this case answering `answer`, which records what it was sent. */
async function serve(answer: Answer): Promise<{ server: Hostile; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await hostile((request, response, count) => {
    const one: Seen = {
      method: request.method,
      url: request.url,
      contentType: request.headers["content-type"],
      body: "",
    };
    seen.push(one);
    request.on("data", (chunk: Buffer) => {
      one.body += chunk.toString();
    });
    request.on("end", () => answer(request, response, count));
  });
  servers.push(server);
  return { server, seen };
}

const json =
  (body: string, status = 200): Answer =>
  (_, response) => {
    response.writeHead(status, JSON_HEADERS);
    response.end(body);
  };

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", baseUrl: server.url, timeoutMs: 3_000, ...options });
const workflow = { organizationId: documented.organizationId, workflowId: documented.workflowId };
const WORKFLOW_PATH = `/api/reporting/workflow/v1/orgs/${workflow.organizationId}/workflows/${workflow.workflowId}`;

const rawParams = { organization_id: workflow.organizationId, workflow_id: workflow.workflowId };

const info: WorkflowInfo = {
  id: workflow.workflowId,
  org_id: workflow.organizationId,
  type: "interaction",
  name: "Call-back offer",
  description: "",
  modified_at: "2022-10-30T08:00:00.000Z",
  is_published: true,
  start_date: "2022-11-01T00:00:00.000Z",
  end_date: null,
};

const sourceQuery = {
  ...workflow,
  filters: [],
  interval: documented.interval,
} satisfies SourceDataQuery;

describe("getWorkflowInfo", () => {
  it("GETs …/info/ (trailing slash, no body) and returns the info as it came", async () => {
    const { server, seen } = await serve(json(JSON.stringify(info)));
    expect(await clientOf(server).getWorkflowInfo(workflow)).toEqual(info);
    expect(seen).toEqual([
      { method: "GET", url: `${WORKFLOW_PATH}/info/`, contentType: undefined, body: "" },
    ]);
  });

  it.each<[string, object, string]>([
    ["an unknown type", { ...info, type: "chat" }, "type"],
    ["a missing name", { ...info, name: undefined }, "name"],
    ["a timestamp without its zone", { ...info, start_date: "2022-11-01 00:00" }, "start_date"],
    ["an extra key", { ...info, owner: "x" }, ""],
  ])("%s: invalid-response naming it", async (_, body, path) => {
    const { server } = await serve(json(JSON.stringify(body)));
    const result = await ending(() => clientOf(server).getWorkflowInfo(workflow));
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", status: 200, attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining(path) });
    expect(await clientOf(server, { validateResponse: false }).getWorkflowInfo(workflow)).toEqual(
      body,
    );
  });

  it("retries a 503, then answers; a 404 is the api error with its code, not retried", async () => {
    const flaky = await serve((request, response, count) =>
      flaky.server.requests() === 1
        ? json("{}", 503)(request, response, count)
        : json(JSON.stringify(info))(request, response, count),
    );
    expect(await clientOf(flaky.server, { retry: fast }).getWorkflowInfo(workflow)).toEqual(info);
    expect(flaky.server.requests()).toBe(2);
    const missing = await serve(
      json('{"code":"workflow_not_found","detail":"No such workflow."}', 404),
    );
    const result = await ending(() =>
      clientOf(missing.server, { retry: fast }).getWorkflowInfo(workflow),
    );
    expect(result).toMatchObject({ ok: false, kind: "api", status: 404, attempts: 1 });
    expect(missing.server.requests()).toBe(1);
  });

  it("checks the query before sending: invalid-request naming the option", async () => {
    const client = createClient({ token: "demo", baseUrl: "http://127.0.0.1:9" });
    const result = await ending(() =>
      client.getWorkflowInfo({ ...workflow, workflowId: "nope", stepIndex: 1 } as never),
    );
    expect(result).toMatchObject({ ok: false, kind: "invalid-request", attempts: 0 });
    expect(result).toMatchObject({ message: expect.stringContaining("workflowId") });
    expect(result).toMatchObject({ message: expect.stringContaining("stepIndex") });
  });
});

describe("getSourceData", () => {
  it("POSTs the payload to …/source_data (no trailing slash), target affected_goal by default", async () => {
    const { server, seen } = await serve(json(answerOf(2)));
    const { fields, data } = await clientOf(server).getSourceData({ ...sourceQuery, limit: 2 });
    expect(data).toHaveLength(2);
    expect(fields[0]?.name).toBe("timestamp");
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: `${WORKFLOW_PATH}/source_data`,
      contentType: "application/json",
    });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({
      filters: [],
      interval: documented.interval,
      limit: 2,
      target: "affected_goal",
      basic: false,
    });
  });

  it("sends affected_goal_total and basic as asked, and holds basic rows to the basic shape", async () => {
    const { server, seen } = await serve(json(answerOf(1)));
    const result = await ending(() =>
      clientOf(server).getSourceData({
        ...sourceQuery,
        target: "affected_goal_total",
        basic: true,
      }),
    );
    expect(JSON.parse(seen[0]?.body ?? "")).toMatchObject({
      target: "affected_goal_total",
      basic: true,
    });
    // Advanced rows where basic ones were asked for break the contract.
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", attempts: 1 });
  });

  it.each<[string, string]>([
    ["a row that breaks the contract", `${OPENING}${ROW_JSON},{"timestamp":"yesterday"}]}`],
    ["not JSON", "<html>"],
    ["cut short", answerOf(3).slice(0, -30)],
  ])("%s: invalid-response", async (_, body) => {
    const { server } = await serve(json(body));
    const result = await ending(() => clientOf(server).getSourceData(sourceQuery));
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", attempts: 1 });
  });

  it("an answer past maxAnswerBytes: too-large", async () => {
    const { server } = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING + ROW_JSON);
      void pour(response, count, () => `,${ROW_JSON}`.repeat(64), 256 * MiB);
    });
    const result = await ending(() =>
      clientOf(server, { maxAnswerBytes: 2 * MiB }).getSourceData(sourceQuery),
    );
    expect(result).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
  });

  it.each<[string, object, string]>([
    ["a step's target", { target: "triggered_goal" }, "target"],
    ["a step index", { stepIndex: 1 }, "stepIndex"],
    ["step data", { stepData: [{}] }, "stepData"],
  ])("%s is an invalid-request before anything is sent", async (_, extra, named) => {
    const client = createClient({ token: "demo", baseUrl: "http://127.0.0.1:9" });
    const result = await ending(() => client.getSourceData({ ...sourceQuery, ...extra } as never));
    expect(result).toMatchObject({ ok: false, kind: "invalid-request", attempts: 0 });
    expect(result).toMatchObject({ message: expect.stringContaining(named) });
  });
});

describe("the raw client's siblings", () => {
  it("validates info, reads a download's bytes within maxAnswerBytes", async () => {
    const good = await serve(json(JSON.stringify(info)));
    const raw = clientOf(good.server).raw;
    const params = { organization_id: workflow.organizationId, workflow_id: workflow.workflowId };
    expect(await raw.getWorkflowInfo({ params })).toMatchObject({ status: 200, body: info });
    const bad = await serve(json(JSON.stringify({ ...info, type: "chat" })));
    expect(await ending(() => clientOf(bad.server).raw.getWorkflowInfo({ params }))).toMatchObject({
      ok: false,
      kind: "invalid-response",
    });
    const file = await serve((_, response) => {
      response.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
      response.end("a,b\r\n1,2\r\n");
    });
    const answer = await clientOf(file.server).raw.downloadStepSourceData({
      params: { ...params, step_index: 1 },
      body: { filters: [], interval: documented.interval, format: "csv" },
    });
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body as Uint8Array).toString()).toBe("a,b\r\n1,2\r\n");
  });

  it("a raw download past maxAnswerBytes: too-large, pointing at downloadStepSourceData", async () => {
    const { server } = await serve((_, response, count) => {
      response.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
      void pour(response, count, () => "x".repeat(64 * 1024), 256 * MiB);
    });
    const result = await ending(() =>
      clientOf(server, { maxAnswerBytes: MiB }).raw.downloadStepSourceData({
        params: { ...rawParams, step_index: 1 },
        body: { filters: [], interval: documented.interval, format: "csv" },
      }),
    );
    expect(result).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("downloadStepSourceData") });
  });
});

// The MSW handlers in Node answer the step endpoint's siblings too: info/, download/ and source_data, trailing slashes as documented.
import {
  DOWNLOAD_CONTENT_TYPES,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  WORKFLOW_INFO_PATH,
} from "@giosg-reporting/contract";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStubHandlers } from "../../src/msw";
import { ORG } from "../helpers/fixtures";
import { INTERACTION, outerGoalSource } from "../helpers/outer-goals";

const API = "https://api.giosg.com";
const fill = (template: string, organizationId: string, workflowId: string) =>
  `${API}${template
    .replace(":organization_id", organizationId)
    .replace(":workflow_id", workflowId)
    .replace(":step_index", "1")}`;
const headers = { authorization: "Token demo", "content-type": "application/json" };
const DAY = { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" };

const example = createStubHandlers();
const outer = createStubHandlers({ source: outerGoalSource(), baseUrl: "https://outer.test" });
const server = setupServer(...example.handlers, ...outer.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("the stub's MSW handlers in Node, for the sibling routes", () => {
  it("answer GET …/info/ with the workflow's info, and …/info with wrong_trailing_slash", async () => {
    const url = fill(WORKFLOW_INFO_PATH, EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID);
    const info = await fetch(url, { headers });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ id: EXAMPLE_WORKFLOW_ID, type: "giosg-default" });
    const slashless = await fetch(url.slice(0, -1), { headers });
    expect(await slashless.json()).toEqual(
      errorBody(
        "wrong_trailing_slash",
        "GET",
        new URL(url).pathname.slice(0, -1),
        new URL(url).pathname,
      ),
    );
  });

  it("answer a CSV and an XLSX download, with the step endpoint's rows", async () => {
    const url = fill(STEP_DOWNLOAD_PATH, EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID);
    const step = url.slice(0, -"/download/".length);
    const payload = { filters: [], interval: DAY, basic: true };
    const rows = (await (
      await fetch(step, { method: "POST", headers, body: JSON.stringify(payload) })
    ).json()) as { data: unknown[] };
    const csv = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...payload, format: "csv" }),
    });
    expect(csv.headers.get("content-type")).toBe(DOWNLOAD_CONTENT_TYPES.csv);
    expect((await csv.text()).split("\r\n")).toHaveLength(rows.data.length + 2);
    const xlsx = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...payload, format: "xlsx" }),
    });
    expect(xlsx.headers.get("content-type")).toBe(DOWNLOAD_CONTENT_TYPES.xlsx);
    expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(
      new Uint8Array([0x50, 0x4b]),
    );
  });

  it("answer POST …/source_data under another base URL, and journal it", async () => {
    const url = fill(SOURCE_DATA_PATH, ORG, INTERACTION).replace(API, "https://outer.test");
    const answer = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({
        filters: [],
        interval: { start: "2023-01-01T00:00:00Z", end: "2023-02-01T00:00:00Z" },
      }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: unknown[] }).data).toHaveLength(3);
    expect(outer.stub.requests.at(-1)).toMatchObject({ status: 200, rows: 3 });
  });
});

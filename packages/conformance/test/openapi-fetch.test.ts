// A partner's own client: openapi-fetch with the types openapi-typescript generates from openapi.json,
// calling the stub over a socket with the documentation's basic example and the siblings' examples.
import {
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  basicRequestExample,
  csvHeader,
  downloadRequestExample,
  isOuterGoalEvent,
  sourceDataRequestExample,
  workflowInfoExample,
} from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "../generated/openapi";

describe("openapi-fetch with the generated types, against the stub", () => {
  let stub: RunningStub | undefined;
  beforeAll(async () => {
    stub = await startStub();
  });
  afterAll(() => stub?.close());

  it("answers the documented basic example with 200 and 2 basic rows", async () => {
    const client = createClient<paths>({
      baseUrl: stub?.url ?? "",
      headers: { Authorization: "Token demo" },
    });
    const { organization_id, workflow_id, step_index } = basicRequestExample.pathParams;
    const { data, error, response } = await client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}",
      {
        params: { path: { organization_id, workflow_id, step_index: Number(step_index) } },
        body: {
          filters: basicRequestExample.body.filters.map(({ property, values }) => ({
            property,
            values: [...values],
          })),
          interval: basicRequestExample.body.interval,
          limit: basicRequestExample.body.limit ?? 2,
          basic: true,
        },
      },
    );
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.fields).toEqual(BASIC_FIELDS);
    expect(data?.data).toHaveLength(2);
    for (const row of data?.data ?? [])
      expect(Object.keys(row)).toEqual(BASIC_FIELDS.map(({ name }) => name));
  });

  it("answers info, the source_data example and the download example as CSV and XLSX", async () => {
    const client = createClient<paths>({
      baseUrl: stub?.url ?? "",
      headers: { Authorization: "Token demo" },
    });
    const path = {
      organization_id: workflowInfoExample.org_id,
      workflow_id: workflowInfoExample.id,
    };
    const info = await client.GET(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/info/",
      { params: { path } },
    );
    expect(info.data).toMatchObject({ id: workflowInfoExample.id, type: "giosg-default" });

    const { limit, ...query } = sourceDataRequestExample.body;
    const sourceData = await client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/source_data",
      {
        params: { path: sourceDataRequestExample.pathParams },
        body: { ...query, filters: [], limit: limit ?? 2 },
      },
    );
    expect(sourceData.response.status).toBe(200);
    expect(sourceData.data?.fields).toEqual(ADVANCED_FIELDS);
    expect(sourceData.data?.data).toHaveLength(2);
    for (const row of sourceData.data?.data ?? [])
      expect(isOuterGoalEvent(row as { category: string; dim5: string | null })).toBe(true);

    const { organization_id, workflow_id, step_index } = downloadRequestExample.pathParams;
    const download = await client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}/download/",
      {
        params: { path: { organization_id, workflow_id, step_index: Number(step_index) } },
        body: {
          filters: [{ property: "action", values: ["User dialed"] }],
          interval: downloadRequestExample.body.interval,
          limit: 2,
          basic: true,
          format: "csv",
        },
        parseAs: "text",
      },
    );
    expect(download.response.status).toBe(200);
    expect(download.response.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".+\.csv"$/,
    );
    expect(String(download.data).startsWith(csvHeader(BASIC_FIELDS))).toBe(true);

    // The XLSX the contract README's way: `parseAs: "arrayBuffer"`, the bytes of a zip archive (typed
    // `string` by the generated types, from the document's one schema for both media types).
    const xlsx = await client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}/download/",
      {
        params: { path: { organization_id, workflow_id, step_index: Number(step_index) } },
        body: {
          filters: [{ property: "action", values: ["User dialed"] }],
          interval: downloadRequestExample.body.interval,
          limit: 2,
          basic: true,
          format: "xlsx",
        },
        parseAs: "arrayBuffer",
      },
    );
    expect(xlsx.response.status).toBe(200);
    expect([...new Uint8Array(xlsx.data as unknown as ArrayBuffer).subarray(0, 4)]).toEqual([
      0x50, 0x4b, 0x03, 0x04,
    ]);
  });
});

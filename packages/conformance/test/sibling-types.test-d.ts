// The siblings' types as openapi-typescript generates them from openapi.json (default options) and the
// contract's say the same thing, and each route compiles through openapi-fetch only at its documented
// path spelling and method.
import type {
  SourceDataRequestInput,
  StepDownloadRequestInput,
  WorkflowInfo,
} from "@giosg-reporting/contract";
import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "../generated/openapi";
import type { AsDocumented } from "./as-documented";

type DownloadRoute = Extract<keyof paths, `${string}/download/`>;
type InfoRoute = Extract<keyof paths, `${string}/info/`>;
type SourceDataRoute = Extract<keyof paths, `${string}/source_data`>;
type BodyOf<Route extends keyof paths> =
  NonNullable<paths[Route]["post"]> extends { requestBody?: infer Body }
    ? NonNullable<Body> extends { content: { "application/json": infer Json } }
      ? Json
      : never
    : never;

describe("openapi-typescript's types of the siblings and the contract's types", () => {
  it("agree on the download's body (the step endpoint's and format)", () => {
    expectTypeOf<BodyOf<DownloadRoute>>().toExtend<AsDocumented<StepDownloadRequestInput>>();
    expectTypeOf<AsDocumented<StepDownloadRequestInput>>().toExtend<BodyOf<DownloadRoute>>();
  });

  it("agree on source_data's body (defaults optional)", () => {
    expectTypeOf<BodyOf<SourceDataRoute>>().toExtend<AsDocumented<SourceDataRequestInput>>();
    expectTypeOf<AsDocumented<SourceDataRequestInput>>().toExtend<BodyOf<SourceDataRoute>>();
  });

  it("agree on info's answer", () => {
    expectTypeOf<components["schemas"]["WorkflowInfo"]>().toEqualTypeOf<WorkflowInfo>();
  });

  it("type the download's file as text in either format, info as GET only", () => {
    type Ok = paths[DownloadRoute]["post"]["responses"][200];
    expectTypeOf<Ok["content"]["text/csv"]>().toEqualTypeOf<string>();
    expectTypeOf<Ok["headers"]["Content-Disposition"]>().toEqualTypeOf<string>();
    expectTypeOf<paths[InfoRoute]["post"]>().toEqualTypeOf<undefined>();
  });
});

describe("the siblings through openapi-fetch and the generated types", () => {
  const client = createClient<paths>({
    baseUrl: "https://api.giosg.com",
    headers: { Authorization: "Token x" },
  });
  const path = {
    organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
    workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
  };
  const interval = { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" };

  it("compile at the documented spellings", () => {
    const info = client.GET(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/info/",
      {
        params: { path },
      },
    );
    expectTypeOf(info).resolves.toHaveProperty("data");
    const sourceData = client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/source_data",
      {
        params: { path },
        body: { filters: [], interval, target: "affected_goal_total" },
      },
    );
    expectTypeOf(sourceData).resolves.toHaveProperty("data");
    const download = client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}/download/",
      {
        params: { path: { ...path, step_index: 1 } },
        body: { filters: [], interval, limit: "2", basic: true, format: "csv" },
        parseAs: "text",
      },
    );
    expectTypeOf(download).resolves.toHaveProperty("data");
  });

  it("do not compile at the other spellings, another method, or without format", () => {
    // @ts-expect-error: info ends with a slash
    client.GET("/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/info", {
      params: { path },
    });
    client.POST(
      // @ts-expect-error: source_data does not
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/source_data/",
      {
        params: { path },
        body: { filters: [], interval },
      },
    );
    // @ts-expect-error: info is GET only
    client.POST("/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/info/", {
      params: { path },
    });
    client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}/download/",
      {
        params: { path: { ...path, step_index: 1 } },
        // @ts-expect-error: a download names its format
        body: { filters: [], interval },
      },
    );
  });
});

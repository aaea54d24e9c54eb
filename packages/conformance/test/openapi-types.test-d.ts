// The types openapi-typescript generates from openapi.json (default options) and the contract's types
// say the same thing, and the documentation's examples, written as a partner would copy them, compile
// against the generated types through openapi-fetch. generated/openapi.d.ts is written by the test script.
import type { AdvancedRow, BasicRow, StepSourceDataRequestInput } from "@giosg-reporting/contract";
import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "../generated/openapi";
import type { AsDocumented } from "./as-documented";

/** The data route's key in the generated `paths`. */
type Route = Extract<keyof paths, `${string}/step/{step_index}`>;
/** The request body as openapi-fetch types it. */
type DocumentedBody = NonNullable<
  paths[Route]["post"]["requestBody"]
>["content"]["application/json"];
/** A basic row and an advanced row as the document describes them. */
type DocumentedBasicRow = components["schemas"]["BasicStepSourceData"]["data"][number];
type DocumentedAdvancedRow = components["schemas"]["AdvancedStepSourceData"]["data"][number];

describe("openapi-typescript's types of openapi.json and the contract's types", () => {
  it("agree on the request body (defaults optional), up to a filter's property and readonly lists", () => {
    expectTypeOf<DocumentedBody>().toExtend<AsDocumented<StepSourceDataRequestInput>>();
    expectTypeOf<AsDocumented<StepSourceDataRequestInput>>().toExtend<DocumentedBody>();
  });

  it("agree on a basic row", () => {
    expectTypeOf<DocumentedBasicRow>().toExtend<BasicRow>();
    expectTypeOf<BasicRow>().toExtend<DocumentedBasicRow>();
  });

  it("agree on an advanced row", () => {
    expectTypeOf<DocumentedAdvancedRow>().toExtend<AdvancedRow>();
    expectTypeOf<AdvancedRow>().toExtend<DocumentedAdvancedRow>();
  });
});

describe("the documentation's examples through openapi-fetch and the generated types", () => {
  const client = createClient<paths>({
    baseUrl: "https://api.giosg.com",
    headers: { Authorization: "Token x" },
  });

  it("compile as written: the basic example", () => {
    const call = client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}",
      {
        params: {
          path: {
            organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
            workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
            step_index: 1,
          },
        },
        body: {
          filters: [{ property: "action", values: ["User dialed"] }],
          interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
          limit: "2",
          basic: true,
        },
      },
    );
    expectTypeOf(call).resolves.toHaveProperty("data");
  });

  it("compile as written: the advanced example", () => {
    const call = client.POST(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}",
      {
        params: {
          path: {
            organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
            workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
            step_index: 1,
          },
        },
        body: {
          filters: [{ property: "action", values: ["User dialed"] }],
          interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
          limit: "2",
          basic: false,
        },
      },
    );
    expectTypeOf(call).resolves.toHaveProperty("data");
  });
});

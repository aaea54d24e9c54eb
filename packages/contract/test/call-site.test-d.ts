// Types at the call site: supported filter properties only, `as const` payloads, named rows.
import { type ClientInferRequest, initClient } from "@ts-rest/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AdvancedResponse,
  type AdvancedRow,
  type BasicResponse,
  type BasicRow,
  contract,
  type Filter,
  type FilterInput,
  type FilterProperty,
  type StepDataInput,
  type StepSourceDataRequest,
  type StepSourceDataRequestInput,
  type StepSourceDataResponse,
} from "../src/index";

const interval = { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" };

/** A payload written `as const`: every list in it is a readonly tuple. */
const frozen = {
  filters: [
    { property: "action", values: ["User dialed"] },
    { property: "geo_country", values: ["Finland", "Sweden"] },
  ],
  step_data: [{}, { actions: ["element-a", "element-b"] }],
  interval,
  limit: "2",
  basic: true,
} as const;

describe("filter properties", () => {
  it("are the supported ones when written, any string once parsed", () => {
    expectTypeOf<FilterInput["property"]>().toEqualTypeOf<FilterProperty>();
    expectTypeOf<Filter["property"]>().toEqualTypeOf<string>();
    expectTypeOf<StepSourceDataRequest["filters"][number]["property"]>().toEqualTypeOf<string>();
  });

  it("reject an unsupported property at compile time", () => {
    // @ts-expect-error timestamp is not a filter property (the API would answer 406)
    const unsupported: FilterInput = { property: "timestamp", values: ["x"] };
    const payload: StepSourceDataRequestInput = {
      // @ts-expect-error a typo is caught before anything is sent
      filters: [{ property: "acton", values: ["User dialed"] }],
      interval,
    };
    // The 406 path stays reachable through an explicit cast.
    const cast: FilterInput = { property: "timestamp" as FilterProperty, values: ["x"] };
    void [unsupported, payload, cast];
  });
});

describe("readonly lists", () => {
  it("accept a payload written as const, lists and all", () => {
    expectTypeOf(frozen).toExtend<StepSourceDataRequestInput>();
    expectTypeOf(frozen.filters[0]).toExtend<FilterInput>();
    expectTypeOf(frozen.step_data[1]).toExtend<StepDataInput>();
    expectTypeOf<readonly FilterInput[]>().toExtend<StepSourceDataRequestInput["filters"]>();
    expectTypeOf<readonly string[]>().toExtend<FilterInput["values"]>();
    expectTypeOf<readonly string[] | undefined>().toExtend<StepDataInput["actions"]>();
  });

  it("still parse to mutable lists", () => {
    expectTypeOf<StepSourceDataRequest["filters"]>().toEqualTypeOf<Filter[]>();
    expectTypeOf<Filter["values"]>().toEqualTypeOf<string[]>();
  });

  it("reach ts-rest's client as the body it sends", () => {
    expectTypeOf(frozen).toExtend<ClientInferRequest<typeof contract.getStepSourceData>["body"]>();
    const api = initClient(contract, { baseUrl: "https://api.giosg.com" });
    const call = () =>
      api.getStepSourceData({
        params: {
          organization_id: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
          workflow_id: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
          step_index: 1,
        },
        body: frozen,
      });
    void call;
  });
});

describe("row and response types", () => {
  it("are the named ones in responses", () => {
    expectTypeOf<AdvancedResponse["data"]>().toEqualTypeOf<AdvancedRow[]>();
    expectTypeOf<BasicResponse["data"]>().toEqualTypeOf<BasicRow[]>();
    expectTypeOf<StepSourceDataResponse>().toEqualTypeOf<AdvancedResponse | BasicResponse>();
  });
});

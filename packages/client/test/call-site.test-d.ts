// The query's types at the call site: supported filter properties only, and queries written `as const`.
import type {
  AdvancedResponse,
  AdvancedRow,
  BasicResponse,
  BasicRow,
  FilterProperty,
} from "@giosg-reporting/contract";
import { describe, expectTypeOf, it } from "vitest";
import { createClient, type RowFor, type StepSourceDataQuery } from "../src/index";

const client = createClient({ token: "t" });

/** A query written `as const`: its filters, values and step data are readonly tuples. */
const frozen = {
  organizationId: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
  workflowId: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
  stepIndex: 2,
  filters: [{ property: "action", values: ["User dialed", "Call started"] }],
  stepData: [{}, { actions: ["element-a"] }, { actions: ["element-b", "element-c"] }],
  interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
  basic: true,
} as const;

describe("a query written as const", () => {
  it("is a query, and keeps basic narrowing the answer", () => {
    expectTypeOf(frozen).toExtend<StepSourceDataQuery>();
    expectTypeOf(client.getStepSourceData(frozen)).resolves.toEqualTypeOf<BasicResponse>();
    expectTypeOf(client.iterateStepSourceData(frozen)).toEqualTypeOf<
      AsyncGenerator<BasicRow, void, undefined>
    >();
    const advanced = { ...frozen, basic: false } as const;
    expectTypeOf(client.getStepSourceData(advanced)).resolves.toEqualTypeOf<AdvancedResponse>();
    expectTypeOf(client.streamStepSourceData(advanced)).resolves.toHaveProperty("rows");
  });

  it("accepts readonly lists of every kind", () => {
    expectTypeOf<readonly string[]>().toExtend<StepSourceDataQuery["filters"][number]["values"]>();
    expectTypeOf<readonly string[] | undefined>().toExtend<
      NonNullable<StepSourceDataQuery["stepData"]>[number]["actions"]
    >();
  });
});

describe("filter properties", () => {
  it("are the supported ones", () => {
    expectTypeOf<
      StepSourceDataQuery["filters"][number]["property"]
    >().toEqualTypeOf<FilterProperty>();
    void client.getStepSourceData({
      ...frozen,
      // @ts-expect-error timestamp is not a filter property: the API would answer 406
      filters: [{ property: "timestamp", values: ["x"] }],
    });
    void client.getStepSourceData({
      ...frozen,
      filters: [{ property: "timestamp" as FilterProperty, values: ["x"] }],
    });
  });
});

describe("row types", () => {
  it("are the contract's named rows", () => {
    expectTypeOf<RowFor<true>>().toEqualTypeOf<BasicRow>();
    expectTypeOf<RowFor<false>>().toEqualTypeOf<AdvancedRow>();
    expectTypeOf<RowFor<undefined>>().toEqualTypeOf<AdvancedRow>();
  });
});

import type * as Contract from "@giosg-reporting/contract";
import type {
  AdvancedResponse,
  AdvancedRow,
  BasicResponse,
  BasicRow,
  ErrorStatus,
  FieldError,
} from "@giosg-reporting/contract";
import { describe, expectTypeOf, it } from "vitest";
import type * as Client from "../src/index";
import {
  type ClientOptions,
  createClient,
  isReportingApiError,
  type ReportingApiError,
  type ReportingErrorKind,
  type StepSourceDataQuery,
} from "../src/index";

const client = createClient({ token: "t" });
const query = {
  organizationId: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
  workflowId: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
  stepIndex: 1,
  filters: [],
  interval: { start: new Date(), end: "2022-11-04T00:00:00Z" },
} satisfies StepSourceDataQuery;

describe("basic versus advanced", () => {
  it("narrows the answer by basic", () => {
    expectTypeOf(
      client.getStepSourceData({ ...query, basic: true }),
    ).resolves.toEqualTypeOf<BasicResponse>();
    expectTypeOf(
      client.getStepSourceData({ ...query, basic: false }),
    ).resolves.toEqualTypeOf<AdvancedResponse>();
    expectTypeOf(client.getStepSourceData(query)).resolves.toEqualTypeOf<AdvancedResponse>();
  });

  it("answers either when basic is only known at run time", () => {
    const basic = Math.random() > 0.5;
    expectTypeOf(client.getStepSourceData({ ...query, basic })).resolves.toEqualTypeOf<
      BasicResponse | AdvancedResponse
    >();
  });

  it("narrows streamed rows too", () => {
    expectTypeOf(client.iterateStepSourceData({ ...query, basic: true })).toEqualTypeOf<
      AsyncGenerator<BasicRow, void, undefined>
    >();
    expectTypeOf(client.iterateStepSourceData(query)).toEqualTypeOf<
      AsyncGenerator<AdvancedRow, void, undefined>
    >();
  });

  it("narrows the rows of batches too; their NDJSON is bytes", async () => {
    const basic = await client.streamStepSourceDataBatches({ ...query, basic: true });
    expectTypeOf(basic.batches).toEqualTypeOf<AsyncIterable<Client.RowBatch<BasicRow>>>();
    const advanced = await client.streamStepSourceDataBatches(query);
    for await (const batch of advanced.batches) {
      expectTypeOf(batch.rows).toEqualTypeOf<readonly AdvancedRow[]>();
      expectTypeOf(batch.ndjson).toEqualTypeOf<Uint8Array>();
    }
    expectTypeOf(client.streamStepSourceDataBatches)
      .parameter(1)
      .toEqualTypeOf<Client.BatchOptions | undefined>();
    // @ts-expect-error: `ndjson` is a boolean
    await client.streamStepSourceDataBatches(query, { ndjson: "no" });
  });
});

describe("the error type", () => {
  it("has a kind, and the API's status, code, detail and field errors", () => {
    expectTypeOf<ReportingApiError["kind"]>().toEqualTypeOf<ReportingErrorKind>();
    expectTypeOf<ReportingApiError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ReportingApiError["fieldErrors"]>().toEqualTypeOf<readonly FieldError[]>();
    expectTypeOf<"no_organization_access">().toExtend<NonNullable<ReportingApiError["code"]>>();
    expectTypeOf<ReportingApiError>().toExtend<Error>();
  });

  it("is what the type guard narrows to", () => {
    const error: unknown = new Error("x");
    if (isReportingApiError(error)) expectTypeOf(error).toEqualTypeOf<ReportingApiError>();
  });
});

describe("required versus optional", () => {
  it("requires the URL attributes, filters and interval, and nothing else", () => {
    // @ts-expect-error filters is required, as in the API
    const noFilters: StepSourceDataQuery = { ...query, filters: undefined };
    const { interval: _, ...noInterval } = query;
    // @ts-expect-error interval is required
    const withoutInterval: StepSourceDataQuery = noInterval;
    void noFilters;
    void withoutInterval;
    expectTypeOf<StepSourceDataQuery["limit"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StepSourceDataQuery["target"]>().toEqualTypeOf<
      "default" | "triggered_goal" | undefined
    >();
  });

  it("requires only the token among the client's options", () => {
    expectTypeOf<ClientOptions["token"]>().toEqualTypeOf<string>();
    // @ts-expect-error the token is required
    createClient({ baseUrl: "https://api.giosg.com" });
    // @ts-expect-error only Token and Bearer
    createClient({ token: "t", tokenType: "Basic" });
  });
});

describe("the raw client", () => {
  it("answers a union of exactly the statuses the contract declares", () => {
    type Answer = Awaited<ReturnType<typeof client.raw.getStepSourceData>>;
    expectTypeOf<Answer["status"]>().toEqualTypeOf<200 | ErrorStatus>();
    type Throttled = Extract<Answer, { status: 429 }>;
    expectTypeOf<Throttled["body"]["code"]>().toEqualTypeOf<"throttled">();
  });
});

describe("the types a partner names, from the client alone", () => {
  it("are the contract's types that the client's functions take and return", () => {
    expectTypeOf<Client.BasicRow>().toEqualTypeOf<BasicRow>();
    expectTypeOf<Client.AdvancedRow>().toEqualTypeOf<AdvancedRow>();
    expectTypeOf<Client.BasicResponse>().toEqualTypeOf<BasicResponse>();
    expectTypeOf<Client.WorkflowInfo>().toEqualTypeOf<Contract.WorkflowInfo>();
    expectTypeOf<Client.FilterProperty>().toEqualTypeOf<Contract.FilterProperty>();
    expectTypeOf<Client.FieldDescriptor>().toEqualTypeOf<Contract.FieldDescriptor>();
    expectTypeOf<Client.DownloadFormat>().toEqualTypeOf<Contract.DownloadFormat>();
    expectTypeOf<Client.ErrorCode>().toEqualTypeOf<Contract.ErrorCode>();
  });
});

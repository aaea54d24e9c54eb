// The types of the step endpoint's siblings: info, source data typed by basic, downloads typed by format.
import type {
  AdvancedResponse,
  BasicResponse,
  DownloadFormat,
  WorkflowInfo,
} from "@giosg-reporting/contract";
import { describe, expectTypeOf, it } from "vitest";
import {
  createClient,
  type DownloadOptions,
  type SourceDataQuery,
  type StepDownloadQuery,
  type StepSourceDataDownload,
  type WorkflowInfoQuery,
} from "../src/index";
import { type SavedDownload, saveDownload } from "../src/node";

const client = createClient({ token: "t" });
const workflow = {
  organizationId: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
  workflowId: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
} satisfies WorkflowInfoQuery;
const sourceQuery = {
  ...workflow,
  filters: [{ property: "action", values: ["Goal reached"] }],
  interval: { start: new Date(), end: "2022-11-04T00:00:00Z" },
} satisfies SourceDataQuery;
const stepQuery = { ...workflow, stepIndex: 1, filters: [], interval: sourceQuery.interval };

describe("getWorkflowInfo", () => {
  it("answers the contract's WorkflowInfo, its type one of three", () => {
    expectTypeOf(client.getWorkflowInfo(workflow)).resolves.toEqualTypeOf<WorkflowInfo>();
    expectTypeOf<WorkflowInfo["type"]>().toEqualTypeOf<
      "giosg-default" | "interaction" | "user-generated"
    >();
    expectTypeOf<WorkflowInfo["end_date"]>().toEqualTypeOf<string | null>();
    // @ts-expect-error info is about a whole workflow: no step
    void client.getWorkflowInfo({ ...workflow, stepIndex: 1 });
  });
});

describe("getSourceData", () => {
  it("narrows the answer by basic, as the step endpoint does", () => {
    expectTypeOf(
      client.getSourceData({ ...sourceQuery, basic: true }),
    ).resolves.toEqualTypeOf<BasicResponse>();
    expectTypeOf(client.getSourceData(sourceQuery)).resolves.toEqualTypeOf<AdvancedResponse>();
    const basic = Math.random() > 0.5;
    expectTypeOf(client.getSourceData({ ...sourceQuery, basic })).resolves.toEqualTypeOf<
      BasicResponse | AdvancedResponse
    >();
  });

  it("takes its own targets, not the step's", () => {
    expectTypeOf<SourceDataQuery["target"]>().toEqualTypeOf<
      "affected_goal" | "affected_goal_total" | undefined
    >();
    void client.getSourceData({ ...sourceQuery, target: "affected_goal_total" });
    // @ts-expect-error triggered_goal is the step endpoint's target
    void client.getSourceData({ ...sourceQuery, target: "triggered_goal" });
    // @ts-expect-error source data has no step
    void client.getSourceData({ ...sourceQuery, stepIndex: 1 });
  });
});

describe("downloadStepSourceData", () => {
  it("keeps the format's literal type", () => {
    expectTypeOf(
      client.downloadStepSourceData({ ...stepQuery, format: "csv" }),
    ).resolves.toEqualTypeOf<StepSourceDataDownload<"csv">>();
    expectTypeOf(client.downloadStepSourceData({ ...stepQuery, format: "xlsx", basic: true }))
      .resolves.toHaveProperty("format")
      .toEqualTypeOf<"xlsx">();
    const format: DownloadFormat = Math.random() > 0.5 ? "csv" : "xlsx";
    expectTypeOf(client.downloadStepSourceData({ ...stepQuery, format })).resolves.toEqualTypeOf<
      StepSourceDataDownload<"csv" | "xlsx">
    >();
    // @ts-expect-error only csv and xlsx
    void client.downloadStepSourceData({ ...stepQuery, format: "json" });
    // @ts-expect-error the format is required
    void client.downloadStepSourceData(stepQuery);
    expectTypeOf<StepDownloadQuery["target"]>().toEqualTypeOf<
      "default" | "triggered_goal" | undefined
    >();
  });

  it("is a byte stream with its name, type and size", () => {
    expectTypeOf<StepSourceDataDownload["body"]>().toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf<StepSourceDataDownload>().toExtend<AsyncIterable<Uint8Array>>();
    expectTypeOf<StepSourceDataDownload["fileName"]>().toEqualTypeOf<string>();
    expectTypeOf<StepSourceDataDownload["size"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<DownloadOptions["maxBytes"]>().toEqualTypeOf<number | undefined>();
  });

  it("saves with saveDownload from the ./node entry", () => {
    expectTypeOf(saveDownload).parameters.toEqualTypeOf<
      [Pick<StepSourceDataDownload, "body">, string]
    >();
    expectTypeOf(saveDownload).returns.resolves.toEqualTypeOf<SavedDownload>();
    expectTypeOf<SavedDownload>().toEqualTypeOf<{
      readonly path: string;
      readonly bytes: number;
    }>();
  });
});

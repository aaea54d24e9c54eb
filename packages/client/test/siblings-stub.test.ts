// The step endpoint's siblings end to end against the stub (in process and over a socket): info, source
// data and downloads, each checked against the contract and against the step endpoint's own answer.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DOWNLOAD_CONTENT_TYPES,
  downloadFileName,
  isOuterGoalEvent,
  workflowInfoOf,
} from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SourceDataQuery, toCsv } from "../src/index";
import { saveDownload } from "../src/node";
import { DATASET, documented, failureOf, type Mode, type Setup, setUp } from "./helpers";

const catalogue = createDataset(DATASET);
const interaction = catalogue.workflows.find(({ type }) => type === "interaction");
if (interaction === undefined) throw new Error("the test dataset has no interaction workflow");
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const month = { start: DATASET.start, end: DATASET.end };
const sourceQuery = {
  organizationId: interaction.organizationId,
  workflowId: interaction.id,
  filters: [],
  interval: month,
} satisfies SourceDataQuery;
const { limit: _, ...wholeDay } = documented;

describe.each<Mode>(["in-process", "socket"])("the siblings against the stub (%s)", (mode) => {
  let setup: Setup;
  let folder: string;
  beforeAll(async () => {
    setup = await setUp(mode);
    folder = await mkdtemp(join(tmpdir(), "client-siblings-"));
  });
  afterAll(async () => {
    await setup.close();
    await rm(folder, { recursive: true, force: true });
  });

  describe("getWorkflowInfo", () => {
    it("answers each workflow of the catalogue as the contract reads it", async () => {
      for (const workflow of catalogue.workflows) {
        const info = await setup
          .client()
          .getWorkflowInfo({ organizationId: workflow.organizationId, workflowId: workflow.id });
        expect(info).toEqual(workflowInfoOf(workflow));
      }
    });

    it("an unknown workflow: 404", async () => {
      const error = await failureOf(() =>
        setup
          .client()
          .getWorkflowInfo({ organizationId: documented.organizationId, workflowId: UNKNOWN }),
      );
      expect(error).toMatchObject({ kind: "api", status: 404, code: "workflow_not_found" });
    });
  });

  describe("getSourceData", () => {
    it("answers outer goal events in the interval, in time order; the affected ones are among the total", async () => {
      const client = setup.client();
      const affected = await client.getSourceData(sourceQuery);
      const total = await client.getSourceData({ ...sourceQuery, target: "affected_goal_total" });
      expect(total.data.length).toBeGreaterThan(0);
      for (const { data } of [affected, total]) {
        expect(data.every(isOuterGoalEvent)).toBe(true);
        const times = data.map((row) => Date.parse(row.timestamp));
        expect(
          times.every((time) => time >= Date.parse(month.start) && time < Date.parse(month.end)),
        ).toBe(true);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
      expect(affected.data.length).toBeLessThanOrEqual(total.data.length);
      const all = new Set(total.data.map((row) => JSON.stringify(row)));
      expect(affected.data.every((row) => all.has(JSON.stringify(row)))).toBe(true);
      expect(new Set(affected.data.map((row) => row.label)).size).toBeLessThanOrEqual(1);
    });

    it("basic rows by basic, the same events; limit takes a prefix", async () => {
      const client = setup.client();
      const advanced = await client.getSourceData({
        ...sourceQuery,
        target: "affected_goal_total",
      });
      const basic = await client.getSourceData({
        ...sourceQuery,
        target: "affected_goal_total",
        basic: true,
      });
      expect(basic.data.map((row) => row["Date & Time"])).toEqual(
        advanced.data.map((row) => row.timestamp),
      );
      const limited = await client.getSourceData({
        ...sourceQuery,
        target: "affected_goal_total",
        limit: 3,
      });
      expect(limited.data).toEqual(advanced.data.slice(0, 3));
    });

    it("a workflow of another type: 404 no_source_data", async () => {
      const error = await failureOf(() =>
        setup.client().getSourceData({
          ...sourceQuery,
          workflowId: documented.workflowId,
          organizationId: documented.organizationId,
        }),
      );
      expect(error).toMatchObject({ kind: "api", status: 404, code: "no_source_data" });
    });
  });

  describe("downloadStepSourceData", () => {
    it.each([false, true])(
      "CSV (basic %s): named by the contract, the step endpoint's rows as toCsv writes them",
      async (basic) => {
        const client = setup.client();
        const download = await client.downloadStepSourceData({ ...wholeDay, basic, format: "csv" });
        expect(download.fileName).toBe(
          downloadFileName(documented.workflowId, 1, {
            interval: documented.interval,
            basic,
            format: "csv",
          }),
        );
        expect(download.contentType).toBe(DOWNLOAD_CONTENT_TYPES.csv);
        const text = await new Response(download.body).text();
        const { fields, data } = await client.getStepSourceData({ ...wholeDay, basic });
        expect(data.length).toBeGreaterThan(0);
        expect(text).toBe(toCsv(fields, data));
      },
    );

    it("XLSX: a zip saved whole at the path, its size as declared", async () => {
      const download = await setup
        .client()
        .downloadStepSourceData({ ...documented, format: "xlsx" });
      expect(download.contentType).toBe(DOWNLOAD_CONTENT_TYPES.xlsx);
      expect(download.fileName).toMatch(/\.xlsx$/);
      const path = join(folder, `${mode}-${download.fileName}`);
      const saved = await saveDownload(download, path);
      const bytes = await readFile(path);
      expect(saved).toEqual({ path, bytes: bytes.length });
      if (download.size !== undefined) expect(bytes.length).toBe(download.size);
      expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    });

    it("the step endpoint's errors, as JSON: an unknown step is a 404", async () => {
      const error = await failureOf(() =>
        setup.client().downloadStepSourceData({ ...documented, stepIndex: 7, format: "csv" }),
      );
      expect(error).toMatchObject({ kind: "api", status: 404, code: "step_not_found" });
    });
  });
});

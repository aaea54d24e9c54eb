import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { stepDownloadRequestSchema } from "./download";
import { errorBodySchemas } from "./errors";
import { pathParamsSchema, stepSourceDataRequestSchema, workflowPathParamsSchema } from "./request";
import { stepSourceDataResponseSchema } from "./response";
import { sourceDataRequestSchema } from "./source-data";
import { workflowInfoSchema } from "./workflow-info";

const c = initContract();

/** The endpoint's path, with ts-rest `:param` placeholders for the URL attributes. */
export const STEP_SOURCE_DATA_PATH =
  "/api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/step/:step_index";

/** The download's path: the step endpoint's and `/download/` (with its trailing slash, as documented). */
export const STEP_DOWNLOAD_PATH = `${STEP_SOURCE_DATA_PATH}/download/`;

/** The workflow's `info` path (with its trailing slash, as documented). */
export const WORKFLOW_INFO_PATH =
  "/api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/info/";

/** The workflow's `source_data` path (without a trailing slash, as documented). */
export const SOURCE_DATA_PATH =
  "/api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/source_data";

/** The base URL of the real API. */
export const API_BASE_URL = "https://api.giosg.com";

/**
 * The Workflow step source data API as a ts-rest contract: the single source of truth for the
 * client, the stub and the OpenAPI document.
 */
export const contract = c.router(
  {
    getStepSourceData: {
      method: "POST",
      path: STEP_SOURCE_DATA_PATH,
      pathParams: pathParamsSchema,
      body: stepSourceDataRequestSchema,
      responses: {
        200: stepSourceDataResponseSchema,
        ...errorBodySchemas,
      },
      summary: "Workflow step source data",
      description:
        "Detailed data on each individual event in a step of the workflow, which is aggregated to make up the data of each step of the workflow.",
      metadata: { operationId: "getStepSourceData" } as const,
    },
    downloadStepSourceData: {
      method: "POST",
      path: STEP_DOWNLOAD_PATH,
      pathParams: pathParamsSchema,
      body: stepDownloadRequestSchema,
      responses: {
        200: c.otherResponse({
          contentType: "application/octet-stream",
          body: z.instanceof(Uint8Array).describe("The file: CSV or XLSX, as `format` asked."),
        }),
        ...errorBodySchemas,
      },
      summary: "Download workflow step source data",
      description:
        "The step endpoint's rows for the same payload, as a file: `format` `csv` (RFC 4180, a header row of the `fields` names) or `xlsx` (one worksheet, the same cells). `Content-Disposition` names the file.",
      metadata: { operationId: "downloadStepSourceData" } as const,
    },
    getWorkflowInfo: {
      method: "GET",
      path: WORKFLOW_INFO_PATH,
      pathParams: workflowPathParamsSchema,
      responses: { 200: workflowInfoSchema, ...errorBodySchemas },
      summary: "Workflow info",
      description:
        "What the workflow is: its id, organization, type, name and description, whether it is published, when it was last changed and when it started and ended collecting events.",
      metadata: { operationId: "getWorkflowInfo" } as const,
    },
    getSourceData: {
      method: "POST",
      path: SOURCE_DATA_PATH,
      pathParams: workflowPathParamsSchema,
      body: sourceDataRequestSchema,
      responses: { 200: stepSourceDataResponseSchema, ...errorBodySchemas },
      summary: "Workflow source data (outer goal events)",
      description:
        "The outer goal events of an interaction workflow: the goals its visitors reached outside the workflow that it affected (`affected_goal`), or every outer goal event of the organization in the interval (`affected_goal_total`), as basic or advanced rows.",
      metadata: { operationId: "getSourceData" } as const,
    },
  },
  { strictStatusCodes: true },
);

/** The type of {@link contract}. */
export type StepSourceDataContract = typeof contract;
/** The type of {@link contract}: the step endpoint and its siblings. */
export type WorkflowReportingContract = typeof contract;

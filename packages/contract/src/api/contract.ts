import { z } from "zod/v3";
import { stepDownloadRequestSchema } from "./download";
import { routeErrorBodySchemas } from "./errors/route-errors";
import { pathParamsSchema, stepSourceDataRequestSchema, workflowPathParamsSchema } from "./request";
import { stepSourceDataResponseSchema } from "./response";
import { sourceDataRequestSchema } from "./source-data";
import { workflowInfoSchema } from "./workflow-info";

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

/** What each route of {@link contract} holds: the shape ts-rest reads as an `AppRoute`. */
export interface ContractRoute {
  /** The HTTP method. */
  readonly method: "GET" | "POST";
  /** The path, with `:param` placeholders. */
  readonly path: string;
  /** The path parameters' schema. */
  readonly pathParams: z.ZodTypeAny;
  /** The JSON payload's schema, for a route that takes one. */
  readonly body?: z.ZodTypeAny;
  /** Each status's body (a download's 200: the file's bytes). */
  readonly responses: Readonly<Record<number, z.ZodTypeAny>>;
  /** One line on what the route answers. */
  readonly summary: string;
  /** What the route answers. */
  readonly description: string;
  /** The OpenAPI operation's id. */
  readonly metadata: { readonly operationId: string };
  /** Only the declared statuses are typed (ts-rest's `strictStatusCodes`). */
  readonly strictStatusCodes: true;
}

/** The base URL of the real API. */
export const API_BASE_URL = "https://api.giosg.com";

/**
 * The Workflow step source data API as a ts-rest contract (a plain router object, as ts-rest's
 * `initContract().router(…, { strictStatusCodes: true })` makes it, so that using the contract needs
 * no ts-rest): the single source of truth for the client, the stub and the OpenAPI document.
 */
export const contract = {
  getStepSourceData: {
    method: "POST",
    path: STEP_SOURCE_DATA_PATH,
    pathParams: pathParamsSchema,
    body: stepSourceDataRequestSchema,
    responses: {
      200: stepSourceDataResponseSchema,
      ...routeErrorBodySchemas.getStepSourceData,
    },
    summary: "Workflow step source data",
    description:
      "Detailed data on each individual event in a step of the workflow, which is aggregated to make up the data of each step of the workflow.",
    metadata: { operationId: "getStepSourceData" } as const,
    strictStatusCodes: true,
  },
  downloadStepSourceData: {
    method: "POST",
    path: STEP_DOWNLOAD_PATH,
    pathParams: pathParamsSchema,
    body: stepDownloadRequestSchema,
    responses: {
      // The file's bytes: a plain schema rather than ts-rest's tagged `otherResponse`, whose type
      // only ts-rest itself can make; the OpenAPI document names its content types.
      200: z.instanceof(Uint8Array).describe("The file: CSV or XLSX, as `format` asked."),
      ...routeErrorBodySchemas.downloadStepSourceData,
    },
    summary: "Download workflow step source data",
    description:
      "The step endpoint's rows for the same payload, as a file: `format` `csv` (RFC 4180, a header row of the `fields` names) or `xlsx` (one worksheet, the same cells). `Content-Disposition` names the file.",
    metadata: { operationId: "downloadStepSourceData" } as const,
    strictStatusCodes: true,
  },
  getWorkflowInfo: {
    method: "GET",
    path: WORKFLOW_INFO_PATH,
    pathParams: workflowPathParamsSchema,
    responses: { 200: workflowInfoSchema, ...routeErrorBodySchemas.getWorkflowInfo },
    summary: "Workflow info",
    description:
      "What the workflow is: its id, organization, type, name and description, whether it is published, when it was last changed and when it started and ended collecting events.",
    metadata: { operationId: "getWorkflowInfo" } as const,
    strictStatusCodes: true,
  },
  getSourceData: {
    method: "POST",
    path: SOURCE_DATA_PATH,
    pathParams: workflowPathParamsSchema,
    body: sourceDataRequestSchema,
    responses: { 200: stepSourceDataResponseSchema, ...routeErrorBodySchemas.getSourceData },
    summary: "Workflow source data (outer goal events)",
    description:
      "The outer goal events of an interaction workflow: the goals its visitors reached outside the workflow that it affected (`affected_goal`), or every outer goal event of the organization in the interval (`affected_goal_total`), as basic or advanced rows.",
    metadata: { operationId: "getSourceData" } as const,
    strictStatusCodes: true,
  },
} satisfies Record<string, ContractRoute>;

/** The type of {@link contract}. */
export type StepSourceDataContract = typeof contract;
/** The type of {@link contract}: the step endpoint and its siblings. */
export type WorkflowReportingContract = typeof contract;

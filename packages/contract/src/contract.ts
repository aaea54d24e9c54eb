import { initContract } from "@ts-rest/core";
import { errorBodySchemas } from "./errors";
import { pathParamsSchema, stepSourceDataRequestSchema } from "./request";
import { stepSourceDataResponseSchema } from "./response";

const c = initContract();

/** The endpoint's path, with ts-rest `:param` placeholders for the URL attributes. */
export const STEP_SOURCE_DATA_PATH =
  "/api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/step/:step_index";

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
  },
  { strictStatusCodes: true },
);

/** The type of {@link contract}. */
export type StepSourceDataContract = typeof contract;

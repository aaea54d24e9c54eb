// The bench's query: step 1 of the default dataset's web navigation workflow, over the dataset's whole range.
import { EXAMPLE_ORGANIZATION_ID, STEP_SOURCE_DATA_PATH } from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";

const web = createDataset().workflows.find(
  ({ type, organizationId }) =>
    type === "web-navigation" && organizationId === EXAMPLE_ORGANIZATION_ID,
);
if (!web) throw new Error("the default dataset has no web navigation workflow");

/** The path of step 1 of the web navigation workflow (the same in every dataset's volume). */
export const BENCH_PATH = STEP_SOURCE_DATA_PATH.replace(":organization_id", web.organizationId)
  .replace(":workflow_id", web.id)
  .replace(":step_index", "1");

/** The default dataset's whole range. */
export const WHOLE_RANGE = { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" };

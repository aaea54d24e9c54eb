// The TypeScript consumer: compiled with tsc (strict, NodeNext) against the installed packages' types.
// Every type a partner names comes from the client alone.
import {
  type AdvancedResponse,
  type AdvancedRow,
  type BasicResponse,
  type BasicRow,
  createClient,
  type FilterProperty,
  isReportingApiError,
  type ReportingApiError,
  type StepSourceDataQuery,
  type WorkflowInfo,
} from "@giosg-reporting/client";
import { createDataset, iterateEvents } from "@giosg-reporting/fixtures";
import { createStub } from "@giosg-reporting/stub";

const client = createClient({ token: "demo", fetch: createStub().fetch });
const query: StepSourceDataQuery = {
  organizationId: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
  workflowId: "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9",
  stepIndex: 1,
  filters: [],
  interval: { start: new Date(), end: new Date() },
};

export async function narrowing(): Promise<void> {
  const basic: BasicResponse = await client.getStepSourceData({ ...query, basic: true });
  const advanced: AdvancedResponse = await client.getStepSourceData({ ...query, basic: false });
  const title: string | null = basic.data[0]?.["View title"] ?? null;
  const action: string | undefined = advanced.data[0]?.action;
  // @ts-expect-error basic rows have no `action`
  basic.data[0]?.action;
  // @ts-expect-error advanced answers are not basic ones
  const wrong: BasicResponse = await client.getStepSourceData({ ...query, basic: false });
  for await (const row of client.iterateStepSourceData({ ...query, basic: true })) {
    const typed: BasicRow = row;
    void typed;
  }
  void [title, action, wrong];
}

export async function named(): Promise<[AdvancedRow | undefined, WorkflowInfo, FilterProperty]> {
  const info: WorkflowInfo = await client.getWorkflowInfo(query);
  const advanced = await client.getStepSourceData({ ...query, basic: false });
  const property: FilterProperty = "action";
  return [advanced.data[0], info, property];
}

export function errors(error: unknown): number | undefined {
  if (isReportingApiError(error)) {
    const typed: ReportingApiError = error;
    const kind:
      | "api"
      | "invalid-request"
      | "invalid-response"
      | "too-large"
      | "network"
      | "timeout"
      | "aborted"
      | "fetch" = typed.kind;
    void kind;
    return typed.status;
  }
  return undefined;
}

for (const row of iterateEvents(createDataset(), { count: 1 })) {
  const timestamp: string = row.timestamp;
  void timestamp;
}

// @ts-nocheck
// The stub's one unlimited answer for an interval, as JSON carries it: what an export's files must hold, row for row.
import type { ReportingClient, Target } from "@giosg-reporting/client";
import type { Window } from "../../src";
import { ORGANIZATION, WORKFLOW } from "./files";

/** The rows of one unlimited request of `step` and `target` over `interval`, as JSON would carry them. */
export async function wholeAnswer(
  client: ReportingClient,
  interval: Window,
  step: number,
  target: Target,
): Promise<unknown[]> {
  const answer = await client.getStepSourceData({
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    stepIndex: step,
    target,
    filters: [],
    interval,
  });
  return JSON.parse(JSON.stringify(answer.data));
}

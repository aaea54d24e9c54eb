// Finding a workflow's steps (`--steps all`): step 1, 2, … asked for one row until the API answers 404 `step_not_found`.
import { isReportingApiError, type ReportingClient } from "@giosg-reporting/client";
import { ExportError } from "../export-error";
import type { Window } from "./windows";

/** The most steps probed: a server that never answers `step_not_found` ends the export here. */
export const MAX_PROBED_STEPS = 1000;

/** What {@link findSteps} asks with. */
export interface StepProbe {
  readonly client: ReportingClient;
  readonly organizationId: string;
  readonly workflowId: string;
  /** The window asked for (the export's first): one row of it at most, so each probe is cheap. */
  readonly window: Window;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The workflow's steps, 1 to the last: asks step 1, 2, … for one row (`limit: 1`) of `window` until
 * the API answers 404 with the code `step_not_found`. Any other error, no step at all, or more than
 * {@link MAX_PROBED_STEPS} steps ends the export with an {@link ExportError} naming `steps`.
 */
export async function findSteps(probe: StepProbe): Promise<number[]> {
  const steps: number[] = [];
  for (let stepIndex = 1; stepIndex <= MAX_PROBED_STEPS + 1; stepIndex += 1) {
    try {
      await probe.client.getStepSourceData(
        {
          organizationId: probe.organizationId,
          workflowId: probe.workflowId,
          stepIndex,
          target: "default",
          filters: [],
          interval: probe.window,
          limit: 1,
        },
        probe.signal ? { signal: probe.signal } : {},
      );
    } catch (error) {
      if (
        isReportingApiError(error, "api") &&
        error.status === 404 &&
        error.code === "step_not_found"
      ) {
        if (steps.length === 0)
          throw new ExportError(
            "steps",
            "all: the workflow has no step (step 1 answered 404 step_not_found)",
          );
        return steps;
      }
      throw new ExportError(
        "steps",
        `all: finding the workflow's steps failed at step ${stepIndex}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    steps.push(stepIndex);
  }
  throw new ExportError(
    "steps",
    `all: step ${MAX_PROBED_STEPS + 1} still answered: a workflow has fewer steps; name them with --steps 1,2,…`,
  );
}

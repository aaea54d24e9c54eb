// A workflow's steps asked before any unit: found (`--steps all`: 1, 2, … until 404 `step_not_found`), or each named one checked.
import { isReportingApiError, type ReportingClient } from "@giosg-reporting/client";
import { ExportError } from "../export-error";
import type { Window } from "./windows";

/** The most steps probed: a server that never answers `step_not_found` ends the export here. */
export const MAX_PROBED_STEPS = 1000;

/** What {@link findSteps} and {@link probeSteps} ask with. */
export interface StepProbe {
  readonly client: ReportingClient;
  readonly organizationId: string;
  readonly workflowId: string;
  /** The window asked for (one the export asks for anyway): one row of it at most, so each probe is cheap. */
  readonly window: Window;
  readonly signal?: AbortSignal | undefined;
}

/** Whether the API answered 404 `step_not_found`: the step is past the workflow's last. */
const isStepNotFound = (error: unknown) =>
  isReportingApiError(error, "api") && error.status === 404 && error.code === "step_not_found";

/**
 * Asks step `stepIndex` for one row (`limit: 1`) of the probe's window, and lets the answer go once
 * it has begun (a 200 and its `fields`): a server that sends more than it was asked for, or never
 * ends, costs the probe nothing more. Throws the client's error for anything but a 200.
 */
async function askStep(probe: StepProbe, stepIndex: number): Promise<void> {
  const answer = await probe.client.streamStepSourceData(
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
  await answer.rows[Symbol.asyncIterator]().return?.();
}

/**
 * The workflow's steps, 1 to the last: asks step 1, 2, … for one row (`limit: 1`) of `window` until
 * the API answers 404 with the code `step_not_found`. Any other error, no step at all, or more than
 * {@link MAX_PROBED_STEPS} steps ends the export with an {@link ExportError} naming `steps`; an abort
 * of `signal` rejects with the client's `aborted` error.
 */
export async function findSteps(probe: StepProbe): Promise<number[]> {
  const steps: number[] = [];
  for (let stepIndex = 1; stepIndex <= MAX_PROBED_STEPS + 1; stepIndex += 1) {
    try {
      await askStep(probe, stepIndex);
    } catch (error) {
      if (probe.signal?.aborted) throw error;
      if (isStepNotFound(error)) {
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

/**
 * Asks each of `steps` for one row (`limit: 1`) of `window` (one the export is about to ask for) before
 * any unit starts: an answer every unit of the step would get (a token refused, a workflow or step not
 * found, an API that cannot be reached after the client's retries) ends the export at once with an
 * {@link ExportError} naming `steps` and the API's error, instead of failing each unit with it. An
 * abort of `signal` rejects with the client's `aborted` error.
 */
export async function probeSteps(probe: StepProbe, steps: readonly number[]): Promise<void> {
  for (const stepIndex of steps) {
    try {
      await askStep(probe, stepIndex);
    } catch (error) {
      if (probe.signal?.aborted) throw error;
      throw new ExportError(
        "steps",
        isStepNotFound(error)
          ? `step ${stepIndex} is not one of the workflow's (404 step_not_found): name its steps, or use --steps all`
          : `step ${stepIndex} could not be read (one row of ${probe.window.start.toISOString()}/${probe.window.end.toISOString()}, asked before any unit): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

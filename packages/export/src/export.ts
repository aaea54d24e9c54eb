// exportWorkflow: every (step, target, window) unit of a workflow's source data through a sink, once each, the failures reported.
import type { ReportingClient, Target } from "@giosg-reporting/client";
import { ExportError } from "./export-error";
import { type ExportUnit, unitKey, unitsOf } from "./plan/units";
import { parseWindow, type Window, windowsOf } from "./plan/windows";
import type { ExportSink } from "./sink/sink";

/** Options of {@link exportWorkflow}. */
export interface ExportOptions {
  /** The client the rows are read with (its retries, `Retry-After` and `deadlineMs` apply to each unit). */
  readonly client: ReportingClient;
  /** The organization (UUID). */
  readonly organizationId: string;
  /** The workflow (UUID). */
  readonly workflowId: string;
  /** The half-open interval to export. */
  readonly interval: Window;
  /** The steps to export (default `[1]`). */
  readonly steps?: readonly number[];
  /** The targets to export (default `["default"]`). */
  readonly targets?: readonly Target[];
  /** The window length, `1d` (default), or whole hours dividing a day such as `6h` or `1h`. */
  readonly window?: string;
  /** Where the units go, such as {@link openFileSink}'s. */
  readonly sink: ExportSink;
  /** Called after each unit: written, skipped (finished by an earlier run) or failed. */
  readonly onUnit?: (event: UnitEvent) => void;
  /** Stops the export: the unit in progress fails and no other starts. */
  readonly signal?: AbortSignal;
}

/** What became of one unit. */
export type UnitEvent =
  | {
      readonly kind: "written";
      readonly unit: ExportUnit;
      readonly key: string;
      readonly rows: number;
    }
  | { readonly kind: "skipped"; readonly unit: ExportUnit; readonly key: string }
  | {
      readonly kind: "failed";
      readonly unit: ExportUnit;
      readonly key: string;
      readonly error: Error;
    };

/** A unit that could not be written, with its window and why. */
export interface UnitFailure {
  /** The unit (step, target, window). */
  readonly unit: ExportUnit;
  /** The error that ended it (a `ReportingApiError` for the API's answers). */
  readonly error: Error;
}

/** What an export did. */
export interface ExportSummary {
  /** Every unit of the export. */
  readonly units: number;
  /** Units written by this run. */
  readonly written: number;
  /** Units skipped because an earlier run wrote them. */
  readonly skipped: number;
  /** Rows written by this run. */
  readonly rows: number;
  /** Units that failed (the others were still written). */
  readonly failures: readonly UnitFailure[];
}

function checkSteps(steps: readonly number[]): void {
  if (steps.length === 0) throw new ExportError("steps", "must name at least one step");
  for (const step of steps)
    if (!Number.isSafeInteger(step) || step < 1)
      throw new ExportError("steps", `each step is a whole number, 1 or more, got ${step}`);
}

/**
 * Exports a workflow's source data: cuts the interval into UTC-aligned half-open windows, and writes
 * each (step, target, window) unit not yet finished through the sink, one at a time. A unit that fails
 * is reported in the summary and the others are still written; a rerun with the same options writes
 * only the units still missing.
 */
export async function exportWorkflow(options: ExportOptions): Promise<ExportSummary> {
  const steps = options.steps ?? [1];
  checkSteps(steps);
  const targets = options.targets ?? ["default"];
  const windowMs = parseWindow(options.window ?? "1d", "window");
  const units = unitsOf(steps, targets, windowsOf(options.interval, windowMs));
  let written = 0;
  let skipped = 0;
  let rows = 0;
  const failures: UnitFailure[] = [];
  try {
    for (const unit of units) {
      const key = unitKey(unit);
      if (await options.sink.isFinished(unit)) {
        skipped += 1;
        options.onUnit?.({ kind: "skipped", unit, key });
        continue;
      }
      try {
        options.signal?.throwIfAborted();
        const call = options.signal ? { signal: options.signal } : {};
        const answer = await options.client.streamStepSourceData(
          {
            organizationId: options.organizationId,
            workflowId: options.workflowId,
            stepIndex: unit.stepIndex,
            target: unit.target,
            filters: [],
            interval: unit.window,
          },
          call,
        );
        const count = await options.sink.writeUnit(unit, answer);
        written += 1;
        rows += count;
        options.onUnit?.({ kind: "written", unit, key, rows: count });
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        failures.push({ unit, error });
        options.onUnit?.({ kind: "failed", unit, key, error });
      }
    }
  } finally {
    await options.sink.close();
  }
  return { units: units.length, written, skipped, rows, failures };
}

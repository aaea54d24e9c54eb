// exportSourceData: every (step, target, window) unit of a workflow's source data through a sink, once each, the failures reported.
import type { ReportingClient, Target } from "@giosg-reporting/client";
import { ExportError } from "./export-error";
import { FinishedUnits } from "./plan/finished";
import { findSteps, probeSteps } from "./plan/steps";
import { type ExportUnit, unitKey, unitsOf } from "./plan/units";
import {
  type ExportInterval,
  parseDuration,
  parseWindow,
  resolveInterval,
  splitWindow,
  type Window,
  windowsOf,
} from "./plan/windows";
import { BatchRows } from "./run/batch-rows";
import { guardedBatches, timeFieldOf, WindowTooLarge } from "./run/guarded-rows";
import { Permits } from "./run/permits";
import { MAX_CONCURRENCY, runPool } from "./run/pool";
import { type ExportStop, Stops } from "./run/stops";
import type { ExportSink } from "./sink/sink";

/** The default of `maxWindowRows`: a window's answer past a million rows is split in two. */
export const DEFAULT_MAX_WINDOW_ROWS = 1_000_000;

/** Options of {@link exportSourceData}. */
export interface ExportOptions {
  /** The client the rows are read with (its retries, `Retry-After` and `deadlineMs` apply to each unit). */
  readonly client: ReportingClient;
  /** The organization (UUID). */
  readonly organizationId: string;
  /** The workflow (UUID). */
  readonly workflowId: string;
  /** The half-open interval to export, in whole seconds; `{ start, end: "now" }` ends at now minus `settle`. */
  readonly interval: ExportInterval;
  /** The steps to export (default `[1]`), or `"all"`: step 1, 2, … until the API answers 404 `step_not_found`. */
  readonly steps?: readonly number[] | "all";
  /** The targets to export (default `["default"]`). */
  readonly targets?: readonly Target[];
  /** The window length, `1d` (default), or whole hours dividing a day such as `6h` or `1h`. */
  readonly window?: string;
  /** A window whose answer passes this many rows is split in two, recursively (default 1,000,000; 0: never). */
  readonly maxWindowRows?: number;
  /** Start where the finished units of earlier runs end, instead of at the interval's start (default false). */
  readonly incremental?: boolean;
  /** How long before now an interval ending at `now` stops, such as `1h` (default) or `0`. */
  readonly settle?: string;
  /**
   * Answers read at once, 1 to 16 (default 2): requests in flight. A unit whose rows are all in
   * finishes (its flush, rename or commit) while the next one's answer is read.
   */
  readonly concurrency?: number;
  /** The clock an interval ending at `now` is resolved with (default the system's). */
  readonly now?: () => Date;
  /** Where the units go, such as {@link openFileSink}'s. */
  readonly sink: ExportSink;
  /** Called once the units are planned (steps found, interval resolved), before the first is written. */
  readonly onPlan?: (plan: ExportPlan) => void;
  /** Called after each unit: written, skipped, split, oversized (a note) or failed (not for a unit a stop kept from starting). */
  readonly onUnit?: (event: UnitEvent) => void;
  /** Stops the export: the units in progress fail and no other starts. */
  readonly signal?: AbortSignal;
}

/** What an export is about to do: its units, steps and interval, once resolved. */
export interface ExportPlan {
  /** The units planned (a split adds one each time). */
  readonly units: number;
  /** The steps, found when `steps` is `"all"`. */
  readonly steps: readonly number[];
  /** The interval the units cover (its start moved by `incremental`, its end resolved from `now`). */
  readonly interval: Window;
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
      /** The answer passed `maxWindowRows`: the unit was abandoned and its halves are exported instead. */
      readonly kind: "split";
      readonly unit: ExportUnit;
      readonly key: string;
      readonly halves: readonly [ExportUnit, ExportUnit];
    }
  | {
      /** A one-second window passed `maxWindowRows`: it cannot be split, so it is written whole. */
      readonly kind: "oversized";
      readonly unit: ExportUnit;
      readonly key: string;
      readonly maxWindowRows: number;
    }
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
  /** The error that ended it (a `ReportingApiError` for the API's answers, a `UnitRowError` for a row out of place). */
  readonly error: Error;
}

/** What an export did. */
export interface ExportSummary {
  /** The units planned (a split one counts once; its halves are written, skipped or failed each). */
  readonly units: number;
  /** The steps exported (found by probing with `steps: "all"`). */
  readonly steps: readonly number[];
  /** The window exported: the interval resolved, from where an incremental run resumed. */
  readonly interval: Window;
  /** Units written by this run (each half of a split counts). */
  readonly written: number;
  /** Units skipped because an earlier run wrote them. */
  readonly skipped: number;
  /** Windows split because their answer passed `maxWindowRows`. */
  readonly splits: number;
  /** Rows written by this run. */
  readonly rows: number;
  /** Units that failed (the others were still written, unless a stop reached them). */
  readonly failures: readonly UnitFailure[];
  /**
   * Errors every unit of the run, or of one step, would get (a 401 or 403, a 404 of the organization,
   * workflow or step, or no answer for several units in a row), each met by one unit: the units they
   * reach were not started.
   */
  readonly stops: readonly ExportStop[];
}

/** Thrown inside a unit when a stop reached it while it waited for its turn: it is not started. */
const NOT_STARTED = Symbol("not started");

function checkSteps(steps: readonly number[]): void {
  if (steps.length === 0) throw new ExportError("steps", "must name at least one step");
  for (const step of steps)
    if (!Number.isSafeInteger(step) || step < 1)
      throw new ExportError("steps", `each step is a whole number, 1 or more, got ${step}`);
}

function checkWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new ExportError(name, `must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

/** Where an incremental run starts: the earliest resume point, down to its window's start (never before the interval). */
function incrementalStart(
  finished: FinishedUnits,
  steps: readonly number[],
  targets: readonly Target[],
  interval: Window,
  windowMs: number,
): Date {
  let earliest = interval.end.getTime();
  for (const step of steps)
    for (const target of targets)
      earliest = Math.min(earliest, finished.resumePoint(step, target, interval.start).getTime());
  // Down to the window's start: a window an earlier run clipped is exported whole, replacing the clipped one.
  return new Date(Math.max(interval.start.getTime(), Math.floor(earliest / windowMs) * windowMs));
}

/**
 * Exports a workflow's source data: cuts the interval into UTC-aligned half-open windows, and writes
 * each (step, target, window) unit not yet finished through the sink, `concurrency` answers read at
 * a time (a unit whose rows are all in finishes beside the next ones). A window whose answer passes `maxWindowRows` is split in two, recursively. A unit that fails is
 * reported in the summary and the others are still written, unless the API's answer is one every unit
 * of the run (or of its step) would get: those units are then not started (the summary's `stops`). A
 * rerun with the same options writes only the units still missing. Throws an {@link ExportError} when
 * it cannot start.
 */
export async function exportSourceData(options: ExportOptions): Promise<ExportSummary> {
  const { client, sink, signal } = options;
  try {
    const targets = options.targets ?? ["default"];
    const windowMs = parseWindow(options.window ?? "1d", "window");
    const maxRows = checkWhole(
      "maxWindowRows",
      options.maxWindowRows ?? DEFAULT_MAX_WINDOW_ROWS,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    const concurrency = checkWhole("concurrency", options.concurrency ?? 2, 1, MAX_CONCURRENCY);
    if (options.settle !== undefined && options.interval.end !== "now")
      throw new ExportError("settle", "applies only to an interval ending at now");
    const settleMs = parseDuration(options.settle ?? "1h", "settle");
    const whole = resolveInterval(
      options.interval,
      settleMs,
      (options.now ?? (() => new Date()))(),
    );
    const firstWindow = windowsOf(whole, windowMs)[0] as Window;
    const steps =
      options.steps === "all"
        ? await findSteps({ ...options, window: firstWindow, signal })
        : (options.steps ?? [1]);
    checkSteps(steps);
    const finished = new FinishedUnits(await sink.finishedUnits());
    const start = options.incremental
      ? incrementalStart(finished, steps, targets, whole, windowMs)
      : whole.start;
    const interval = { start, end: whole.end };
    const windows = start < whole.end ? windowsOf(interval, windowMs) : [];
    const units = unitsOf(steps, targets, windows);
    // `--steps all` has just asked each step; named steps are asked here when a unit is left to write.
    const left = units.find((unit) => finished.coverageOf(unit).kind !== "covered");
    if (options.steps !== "all" && left !== undefined)
      await probeSteps({ ...options, window: left.window, signal }, steps);
    options.onPlan?.({ units: units.length, steps, interval });

    let written = 0;
    let skipped = 0;
    let splits = 0;
    let rows = 0;
    const failures: UnitFailure[] = [];
    const stops = new Stops();
    const failed = (unit: ExportUnit, key: string, caught: unknown) => {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      failures.push({ unit, error });
      options.onUnit?.({ kind: "failed", unit, key, error });
    };

    // A permit for each answer being read: `concurrency` requests in flight, while the units whose
    // rows are all in finish beside them.
    const reading = new Permits(concurrency);

    /** Streams one unit into the sink through the row guard; a throw leaves nothing of it in the sink. */
    const writeOnce = async (unit: ExportUnit, bound: number) => {
      const controller = new AbortController();
      const stop = () => controller.abort(signal?.reason);
      signal?.addEventListener("abort", stop, { once: true });
      let release: (() => void) | undefined;
      try {
        signal?.throwIfAborted();
        release = await reading.acquire(controller.signal);
        if (stops.stopped(unit)) throw NOT_STARTED;
        const answer = await client.streamStepSourceDataBatches(
          {
            organizationId: options.organizationId,
            workflowId: options.workflowId,
            stepIndex: unit.stepIndex,
            target: unit.target,
            filters: [],
            interval: unit.window,
          },
          { signal: controller.signal, ndjson: sink.writesNdjson !== false },
        );
        stops.answered();
        const guard = {
          window: unit.window,
          timeField: timeFieldOf(answer.fields),
          maxRows: bound,
          count: { rows: 0 },
        };
        // The permit goes back once the answer's last row is read, before the sink finishes the unit.
        const batches = guardedBatches(answer.batches, guard, release);
        return await sink.writeUnit(unit, {
          fields: answer.fields,
          rows: new BatchRows(batches),
          batches,
        });
      } catch (error) {
        // Abandoned (a bound passed, a row out of place, the sink failed): the request is cut now.
        controller.abort(error);
        // Before the permit goes back: the unit it goes to must see the stop this error makes.
        stops.record(unit, error);
        throw error;
      } finally {
        release?.();
        signal?.removeEventListener("abort", stop);
      }
    };

    /** One unit: skipped when covered, else written, split in two past the bound, or reported as failed. */
    const exportUnit = async (unit: ExportUnit): Promise<void> => {
      const key = unitKey(unit);
      const coverage = finished.coverageOf(unit);
      if (coverage.kind === "covered" || (await sink.isFinished(unit))) {
        skipped += 1;
        options.onUnit?.({ kind: "skipped", unit, key });
        return;
      }
      if (coverage.kind === "overlapped") {
        failed(
          unit,
          key,
          new Error(
            `the finished unit ${coverage.key} overlaps this one without being inside it (an earlier run used another --window or interval start): rerun with those, or into another folder`,
          ),
        );
        return;
      }
      let count: number;
      try {
        count = await writeOnce(unit, maxRows);
      } catch (error) {
        if (error === NOT_STARTED) return;
        if (!(error instanceof WindowTooLarge)) return failed(unit, key, error);
        const halves = splitWindow(unit.window);
        if (!halves) {
          options.onUnit?.({ kind: "oversized", unit, key, maxWindowRows: maxRows });
          try {
            count = await writeOnce(unit, 0);
          } catch (error) {
            if (error === NOT_STARTED) return;
            return failed(unit, key, error);
          }
        } else {
          splits += 1;
          const [left, right] = halves.map((window) => ({ ...unit, window })) as [
            ExportUnit,
            ExportUnit,
          ];
          options.onUnit?.({ kind: "split", unit, key, halves: [left, right] });
          await exportUnit(left);
          await exportUnit(right);
          return;
        }
      }
      written += 1;
      rows += count;
      options.onUnit?.({ kind: "written", unit, key, rows: count });
    };

    // Twice as many units as answers read: each reading slot has a unit finishing beside it.
    await runPool(units, 2 * concurrency, exportUnit);
    return {
      units: units.length,
      steps,
      interval,
      written,
      skipped,
      splits,
      rows,
      failures,
      stops: stops.list(),
    };
  } finally {
    await sink.close();
  }
}

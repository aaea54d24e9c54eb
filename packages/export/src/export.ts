// exportSourceData: every (step, target, window) unit of a workflow's source data through a sink, once each, the failures reported.
import type { Target } from "@giosg-reporting/client";
import { ExportError } from "./export-error";
import {
  DEFAULT_MAX_WINDOW_ROWS,
  type ExportOptions,
  type ExportSummary,
  type UnitFailure,
} from "./export-options";
import { FinishedUnits } from "./plan/finished";
import { findSteps, probeSteps } from "./plan/steps";
import { type ExportUnit, unitKey, unitsOf } from "./plan/units";
import {
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
import { Stops } from "./run/stops";

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
    // One listener on the caller's signal for every unit (one each would pass Node's 10 listeners at
    // a concurrency of 6): it aborts the units in progress.
    const inProgress = new Set<AbortController>();
    const abortUnits = () => {
      for (const controller of inProgress) controller.abort(signal?.reason);
    };
    signal?.addEventListener("abort", abortUnits, { once: true });

    /** Streams one unit into the sink through the row guard; a throw leaves nothing of it in the sink. */
    const writeOnce = async (unit: ExportUnit, bound: number) => {
      const controller = new AbortController();
      inProgress.add(controller);
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
          {
            signal: controller.signal,
            // Rows left unbuilt are built from their NDJSON if a sink reads them after all.
            ndjson: sink.writesNdjson !== false || sink.readsRows === false,
            rows: sink.readsRows !== false,
          },
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
        inProgress.delete(controller);
      }
    };

    /** The unit's halves, each exported as a unit (`resumed`: as an earlier run split it). */
    const exportHalves = async (
      unit: ExportUnit,
      key: string,
      halves: readonly [Window, Window],
      resumed: boolean,
    ): Promise<void> => {
      splits += 1;
      const [left, right] = halves.map((window) => ({ ...unit, window })) as [
        ExportUnit,
        ExportUnit,
      ];
      options.onUnit?.({
        kind: "split",
        unit,
        key,
        halves: [left, right],
        ...(resumed ? { resumed } : {}),
      });
      await exportUnit(left);
      await exportUnit(right);
    };

    /** One unit: skipped when covered, else written, split in two past the bound (or as an earlier run split it), or reported as failed. */
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
      // Finished units inside (an earlier run split it): its halves at once, unasked, none cut. A
      // window an earlier run only clipped is asked for whole, to replace that one.
      const earlier =
        maxRows > 0 && !finished.clippedOnly(unit) ? finished.splitAround(unit) : undefined;
      if (earlier) return exportHalves(unit, key, earlier, true);
      let count: number;
      try {
        count = await writeOnce(unit, maxRows);
      } catch (error) {
        if (error === NOT_STARTED) return;
        if (!(error instanceof WindowTooLarge)) return failed(unit, key, error);
        // Cut where no finished unit inside (a clipped one) is cut.
        const halves = finished.splitAround(unit) ?? splitWindow(unit.window);
        if (!halves) {
          options.onUnit?.({ kind: "oversized", unit, key, maxWindowRows: maxRows });
          try {
            count = await writeOnce(unit, 0);
          } catch (error) {
            if (error === NOT_STARTED) return;
            return failed(unit, key, error);
          }
        } else return exportHalves(unit, key, halves, false);
      }
      written += 1;
      rows += count;
      options.onUnit?.({ kind: "written", unit, key, rows: count });
    };

    // Twice as many units as answers read: each reading slot has a unit finishing beside it.
    try {
      await runPool(units, 2 * concurrency, exportUnit);
    } finally {
      signal?.removeEventListener("abort", abortUnits);
    }
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

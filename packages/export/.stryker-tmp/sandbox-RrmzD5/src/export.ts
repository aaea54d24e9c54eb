// @ts-nocheck
// exportSourceData: every (step, target, window) unit of a workflow's source data through a sink, once each, the failures reported.
function stryNS_9fa48() {
  var g =
    (typeof globalThis === "object" && globalThis && globalThis.Math === Math && globalThis) ||
    new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (
    ns.activeMutant === undefined &&
    g.process &&
    g.process.env &&
    g.process.env.__STRYKER_ACTIVE_MUTANT__
  ) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov =
    ns.mutantCoverage ||
    (ns.mutantCoverage = {
      static: {},
      perTest: {},
    });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error("Stryker: Hit count limit reached (" + ns.hitCount + ")");
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}

import type { ReportingClient, Target } from "@giosg-reporting/client";
import { ExportError } from "./export-error";
import { FinishedUnits } from "./plan/finished";
import { findSteps } from "./plan/steps";
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
import { guardedRows, timeFieldOf, WindowTooLarge } from "./run/guarded-rows";
import { MAX_CONCURRENCY, runPool } from "./run/pool";
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
  /** Units in flight at once, 1 to 16 (default 2). */
  readonly concurrency?: number;
  /** The clock an interval ending at `now` is resolved with (default the system's). */
  readonly now?: () => Date;
  /** Where the units go, such as {@link openFileSink}'s. */
  readonly sink: ExportSink;
  /** Called once the units are planned (steps found, interval resolved), before the first is written. */
  readonly onPlan?: (plan: ExportPlan) => void;
  /** Called after each unit: written, skipped, split, oversized (a note) or failed. */
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
  | {
      readonly kind: "skipped";
      readonly unit: ExportUnit;
      readonly key: string;
    }
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
  /** Units that failed (the others were still written). */
  readonly failures: readonly UnitFailure[];
}
function checkSteps(steps: readonly number[]): void {
  if (stryMutAct_9fa48("0")) {
  } else {
    stryCov_9fa48("0");
    if (
      stryMutAct_9fa48("3")
        ? steps.length !== 0
        : stryMutAct_9fa48("2")
          ? false
          : stryMutAct_9fa48("1")
            ? true
            : (stryCov_9fa48("1", "2", "3"), steps.length === 0)
    )
      throw new ExportError(
        stryMutAct_9fa48("4") ? "" : (stryCov_9fa48("4"), "steps"),
        stryMutAct_9fa48("5") ? "" : (stryCov_9fa48("5"), "must name at least one step"),
      );
    for (const step of steps)
      if (
        stryMutAct_9fa48("8")
          ? !Number.isSafeInteger(step) && step < 1
          : stryMutAct_9fa48("7")
            ? false
            : stryMutAct_9fa48("6")
              ? true
              : (stryCov_9fa48("6", "7", "8"),
                (stryMutAct_9fa48("9")
                  ? Number.isSafeInteger(step)
                  : (stryCov_9fa48("9"), !Number.isSafeInteger(step))) ||
                  (stryMutAct_9fa48("12")
                    ? step >= 1
                    : stryMutAct_9fa48("11")
                      ? step <= 1
                      : stryMutAct_9fa48("10")
                        ? false
                        : (stryCov_9fa48("10", "11", "12"), step < 1)))
      )
        throw new ExportError(
          stryMutAct_9fa48("13") ? "" : (stryCov_9fa48("13"), "steps"),
          stryMutAct_9fa48("14")
            ? ``
            : (stryCov_9fa48("14"), `each step is a whole number, 1 or more, got ${step}`),
        );
  }
}
function checkWhole(name: string, value: number, min: number, max: number): number {
  if (stryMutAct_9fa48("15")) {
  } else {
    stryCov_9fa48("15");
    if (
      stryMutAct_9fa48("18")
        ? (!Number.isSafeInteger(value) || value < min) && value > max
        : stryMutAct_9fa48("17")
          ? false
          : stryMutAct_9fa48("16")
            ? true
            : (stryCov_9fa48("16", "17", "18"),
              (stryMutAct_9fa48("20")
                ? !Number.isSafeInteger(value) && value < min
                : stryMutAct_9fa48("19")
                  ? false
                  : (stryCov_9fa48("19", "20"),
                    (stryMutAct_9fa48("21")
                      ? Number.isSafeInteger(value)
                      : (stryCov_9fa48("21"), !Number.isSafeInteger(value))) ||
                      (stryMutAct_9fa48("24")
                        ? value >= min
                        : stryMutAct_9fa48("23")
                          ? value <= min
                          : stryMutAct_9fa48("22")
                            ? false
                            : (stryCov_9fa48("22", "23", "24"), value < min)))) ||
                (stryMutAct_9fa48("27")
                  ? value <= max
                  : stryMutAct_9fa48("26")
                    ? value >= max
                    : stryMutAct_9fa48("25")
                      ? false
                      : (stryCov_9fa48("25", "26", "27"), value > max)))
    )
      throw new ExportError(
        name,
        stryMutAct_9fa48("28")
          ? ``
          : (stryCov_9fa48("28"), `must be a whole number from ${min} to ${max}, got ${value}`),
      );
    return value;
  }
}

/** Where an incremental run starts: the earliest resume point, down to its window's start (never before the interval). */
function incrementalStart(
  finished: FinishedUnits,
  steps: readonly number[],
  targets: readonly Target[],
  interval: Window,
  windowMs: number,
): Date {
  if (stryMutAct_9fa48("29")) {
  } else {
    stryCov_9fa48("29");
    let earliest = interval.end.getTime();
    for (const step of steps)
      for (const target of targets)
        earliest = stryMutAct_9fa48("30")
          ? Math.max(earliest, finished.resumePoint(step, target, interval.start).getTime())
          : (stryCov_9fa48("30"),
            Math.min(earliest, finished.resumePoint(step, target, interval.start).getTime()));
    // Down to the window's start: a window an earlier run clipped is exported whole, replacing the clipped one.
    return new Date(
      stryMutAct_9fa48("31")
        ? Math.min(interval.start.getTime(), Math.floor(earliest / windowMs) * windowMs)
        : (stryCov_9fa48("31"),
          Math.max(
            interval.start.getTime(),
            stryMutAct_9fa48("32")
              ? Math.floor(earliest / windowMs) / windowMs
              : (stryCov_9fa48("32"),
                Math.floor(
                  stryMutAct_9fa48("33")
                    ? earliest * windowMs
                    : (stryCov_9fa48("33"), earliest / windowMs),
                ) * windowMs),
          )),
    );
  }
}

/**
 * Exports a workflow's source data: cuts the interval into UTC-aligned half-open windows, and writes
 * each (step, target, window) unit not yet finished through the sink, `concurrency` at a time. A
 * window whose answer passes `maxWindowRows` is split in two, recursively. A unit that fails is
 * reported in the summary and the others are still written; a rerun with the same options writes only
 * the units still missing. Throws an {@link ExportError} when it cannot start.
 */
export async function exportSourceData(options: ExportOptions): Promise<ExportSummary> {
  if (stryMutAct_9fa48("34")) {
  } else {
    stryCov_9fa48("34");
    const { client, sink, signal } = options;
    try {
      if (stryMutAct_9fa48("35")) {
      } else {
        stryCov_9fa48("35");
        const targets = stryMutAct_9fa48("36")
          ? options.targets && ["default"]
          : (stryCov_9fa48("36"),
            options.targets ??
              (stryMutAct_9fa48("37")
                ? []
                : (stryCov_9fa48("37"),
                  [stryMutAct_9fa48("38") ? "" : (stryCov_9fa48("38"), "default")])));
        const windowMs = parseWindow(
          stryMutAct_9fa48("39")
            ? options.window && "1d"
            : (stryCov_9fa48("39"),
              options.window ?? (stryMutAct_9fa48("40") ? "" : (stryCov_9fa48("40"), "1d"))),
          stryMutAct_9fa48("41") ? "" : (stryCov_9fa48("41"), "window"),
        );
        const maxRows = checkWhole(
          stryMutAct_9fa48("42") ? "" : (stryCov_9fa48("42"), "maxWindowRows"),
          stryMutAct_9fa48("43")
            ? options.maxWindowRows && DEFAULT_MAX_WINDOW_ROWS
            : (stryCov_9fa48("43"), options.maxWindowRows ?? DEFAULT_MAX_WINDOW_ROWS),
          0,
          Number.MAX_SAFE_INTEGER,
        );
        const concurrency = checkWhole(
          stryMutAct_9fa48("44") ? "" : (stryCov_9fa48("44"), "concurrency"),
          stryMutAct_9fa48("45")
            ? options.concurrency && 2
            : (stryCov_9fa48("45"), options.concurrency ?? 2),
          1,
          MAX_CONCURRENCY,
        );
        if (
          stryMutAct_9fa48("48")
            ? options.settle !== undefined || options.interval.end !== "now"
            : stryMutAct_9fa48("47")
              ? false
              : stryMutAct_9fa48("46")
                ? true
                : (stryCov_9fa48("46", "47", "48"),
                  (stryMutAct_9fa48("50")
                    ? options.settle === undefined
                    : stryMutAct_9fa48("49")
                      ? true
                      : (stryCov_9fa48("49", "50"), options.settle !== undefined)) &&
                    (stryMutAct_9fa48("52")
                      ? options.interval.end === "now"
                      : stryMutAct_9fa48("51")
                        ? true
                        : (stryCov_9fa48("51", "52"),
                          options.interval.end !==
                            (stryMutAct_9fa48("53") ? "" : (stryCov_9fa48("53"), "now")))))
        )
          throw new ExportError(
            stryMutAct_9fa48("54") ? "" : (stryCov_9fa48("54"), "settle"),
            stryMutAct_9fa48("55")
              ? ""
              : (stryCov_9fa48("55"), "applies only to an interval ending at now"),
          );
        const settleMs = parseDuration(
          stryMutAct_9fa48("56")
            ? options.settle && "1h"
            : (stryCov_9fa48("56"),
              options.settle ?? (stryMutAct_9fa48("57") ? "" : (stryCov_9fa48("57"), "1h"))),
          stryMutAct_9fa48("58") ? "" : (stryCov_9fa48("58"), "settle"),
        );
        const whole = resolveInterval(
          options.interval,
          settleMs,
          (stryMutAct_9fa48("59")
            ? options.now && (() => new Date())
            : (stryCov_9fa48("59"),
              options.now ??
                (stryMutAct_9fa48("60")
                  ? () => undefined
                  : (stryCov_9fa48("60"), () => new Date()))))(),
        );
        const firstWindow = windowsOf(whole, windowMs)[0] as Window;
        const steps = (
          stryMutAct_9fa48("63")
            ? options.steps !== "all"
            : stryMutAct_9fa48("62")
              ? false
              : stryMutAct_9fa48("61")
                ? true
                : (stryCov_9fa48("61", "62", "63"),
                  options.steps === (stryMutAct_9fa48("64") ? "" : (stryCov_9fa48("64"), "all")))
        )
          ? await findSteps(
              stryMutAct_9fa48("65")
                ? {}
                : (stryCov_9fa48("65"),
                  {
                    ...options,
                    window: firstWindow,
                    signal,
                  }),
            )
          : stryMutAct_9fa48("66")
            ? options.steps && [1]
            : (stryCov_9fa48("66"),
              options.steps ?? (stryMutAct_9fa48("67") ? [] : (stryCov_9fa48("67"), [1])));
        checkSteps(steps);
        const finished = new FinishedUnits(await sink.finishedUnits());
        const start = options.incremental
          ? incrementalStart(finished, steps, targets, whole, windowMs)
          : whole.start;
        const interval = stryMutAct_9fa48("68")
          ? {}
          : (stryCov_9fa48("68"),
            {
              start,
              end: whole.end,
            });
        const windows = (
          stryMutAct_9fa48("72")
            ? start >= whole.end
            : stryMutAct_9fa48("71")
              ? start <= whole.end
              : stryMutAct_9fa48("70")
                ? false
                : stryMutAct_9fa48("69")
                  ? true
                  : (stryCov_9fa48("69", "70", "71", "72"), start < whole.end)
        )
          ? windowsOf(interval, windowMs)
          : stryMutAct_9fa48("73")
            ? ["Stryker was here"]
            : (stryCov_9fa48("73"), []);
        const units = unitsOf(steps, targets, windows);
        stryMutAct_9fa48("74")
          ? options.onPlan({
              units: units.length,
              steps,
              interval,
            })
          : (stryCov_9fa48("74"),
            options.onPlan?.(
              stryMutAct_9fa48("75")
                ? {}
                : (stryCov_9fa48("75"),
                  {
                    units: units.length,
                    steps,
                    interval,
                  }),
            ));
        let written = 0;
        let skipped = 0;
        let splits = 0;
        let rows = 0;
        const failures: UnitFailure[] = stryMutAct_9fa48("76")
          ? ["Stryker was here"]
          : (stryCov_9fa48("76"), []);
        const failed = (unit: ExportUnit, key: string, caught: unknown) => {
          if (stryMutAct_9fa48("77")) {
          } else {
            stryCov_9fa48("77");
            const error = caught instanceof Error ? caught : new Error(String(caught));
            failures.push(
              stryMutAct_9fa48("78")
                ? {}
                : (stryCov_9fa48("78"),
                  {
                    unit,
                    error,
                  }),
            );
            stryMutAct_9fa48("79")
              ? options.onUnit({
                  kind: "failed",
                  unit,
                  key,
                  error,
                })
              : (stryCov_9fa48("79"),
                options.onUnit?.(
                  stryMutAct_9fa48("80")
                    ? {}
                    : (stryCov_9fa48("80"),
                      {
                        kind: stryMutAct_9fa48("81") ? "" : (stryCov_9fa48("81"), "failed"),
                        unit,
                        key,
                        error,
                      }),
                ));
          }
        };

        /** Streams one unit into the sink through the row guard; a throw leaves nothing of it in the sink. */
        const writeOnce = async (unit: ExportUnit, bound: number) => {
          if (stryMutAct_9fa48("82")) {
          } else {
            stryCov_9fa48("82");
            const controller = new AbortController();
            const stop = stryMutAct_9fa48("83")
              ? () => undefined
              : (stryCov_9fa48("83"),
                (() => {
                  const stop = () =>
                    controller.abort(
                      stryMutAct_9fa48("84")
                        ? signal.reason
                        : (stryCov_9fa48("84"), signal?.reason),
                    );
                  return stop;
                })());
            stryMutAct_9fa48("85")
              ? signal.addEventListener("abort", stop, {
                  once: true,
                })
              : (stryCov_9fa48("85"),
                signal?.addEventListener(
                  stryMutAct_9fa48("86") ? "" : (stryCov_9fa48("86"), "abort"),
                  stop,
                  stryMutAct_9fa48("87")
                    ? {}
                    : (stryCov_9fa48("87"),
                      {
                        once: stryMutAct_9fa48("88") ? false : (stryCov_9fa48("88"), true),
                      }),
                ));
            try {
              if (stryMutAct_9fa48("89")) {
              } else {
                stryCov_9fa48("89");
                stryMutAct_9fa48("90")
                  ? signal.throwIfAborted()
                  : (stryCov_9fa48("90"), signal?.throwIfAborted());
                const answer = await client.streamStepSourceData(
                  stryMutAct_9fa48("91")
                    ? {}
                    : (stryCov_9fa48("91"),
                      {
                        organizationId: options.organizationId,
                        workflowId: options.workflowId,
                        stepIndex: unit.stepIndex,
                        target: unit.target,
                        filters: stryMutAct_9fa48("92")
                          ? ["Stryker was here"]
                          : (stryCov_9fa48("92"), []),
                        interval: unit.window,
                      }),
                  stryMutAct_9fa48("93")
                    ? {}
                    : (stryCov_9fa48("93"),
                      {
                        signal: controller.signal,
                      }),
                );
                const guard = stryMutAct_9fa48("94")
                  ? {}
                  : (stryCov_9fa48("94"),
                    {
                      window: unit.window,
                      timeField: timeFieldOf(answer.fields),
                      maxRows: bound,
                      count: stryMutAct_9fa48("95")
                        ? {}
                        : (stryCov_9fa48("95"),
                          {
                            rows: 0,
                          }),
                    });
                return await sink.writeUnit(
                  unit,
                  stryMutAct_9fa48("96")
                    ? {}
                    : (stryCov_9fa48("96"),
                      {
                        fields: answer.fields,
                        rows: guardedRows(answer.rows, guard),
                      }),
                );
              }
            } catch (error) {
              if (stryMutAct_9fa48("97")) {
              } else {
                stryCov_9fa48("97");
                // Abandoned (a bound passed, a row out of place, the sink failed): the request is cut now.
                controller.abort(error);
                throw error;
              }
            } finally {
              if (stryMutAct_9fa48("98")) {
              } else {
                stryCov_9fa48("98");
                stryMutAct_9fa48("99")
                  ? signal.removeEventListener("abort", stop)
                  : (stryCov_9fa48("99"),
                    signal?.removeEventListener(
                      stryMutAct_9fa48("100") ? "" : (stryCov_9fa48("100"), "abort"),
                      stop,
                    ));
              }
            }
          }
        };

        /** One unit: skipped when covered, else written, split in two past the bound, or reported as failed. */
        const exportUnit = async (unit: ExportUnit): Promise<void> => {
          if (stryMutAct_9fa48("101")) {
          } else {
            stryCov_9fa48("101");
            const key = unitKey(unit);
            const coverage = finished.coverageOf(unit);
            if (
              stryMutAct_9fa48("104")
                ? coverage.kind === "covered" && (await sink.isFinished(unit))
                : stryMutAct_9fa48("103")
                  ? false
                  : stryMutAct_9fa48("102")
                    ? true
                    : (stryCov_9fa48("102", "103", "104"),
                      (stryMutAct_9fa48("106")
                        ? coverage.kind !== "covered"
                        : stryMutAct_9fa48("105")
                          ? false
                          : (stryCov_9fa48("105", "106"),
                            coverage.kind ===
                              (stryMutAct_9fa48("107")
                                ? ""
                                : (stryCov_9fa48("107"), "covered")))) ||
                        (await sink.isFinished(unit)))
            ) {
              if (stryMutAct_9fa48("108")) {
              } else {
                stryCov_9fa48("108");
                stryMutAct_9fa48("109") ? (skipped -= 1) : (stryCov_9fa48("109"), (skipped += 1));
                stryMutAct_9fa48("110")
                  ? options.onUnit({
                      kind: "skipped",
                      unit,
                      key,
                    })
                  : (stryCov_9fa48("110"),
                    options.onUnit?.(
                      stryMutAct_9fa48("111")
                        ? {}
                        : (stryCov_9fa48("111"),
                          {
                            kind: stryMutAct_9fa48("112") ? "" : (stryCov_9fa48("112"), "skipped"),
                            unit,
                            key,
                          }),
                    ));
                return;
              }
            }
            if (
              stryMutAct_9fa48("115")
                ? coverage.kind !== "overlapped"
                : stryMutAct_9fa48("114")
                  ? false
                  : stryMutAct_9fa48("113")
                    ? true
                    : (stryCov_9fa48("113", "114", "115"),
                      coverage.kind ===
                        (stryMutAct_9fa48("116") ? "" : (stryCov_9fa48("116"), "overlapped")))
            ) {
              if (stryMutAct_9fa48("117")) {
              } else {
                stryCov_9fa48("117");
                failed(
                  unit,
                  key,
                  new Error(
                    stryMutAct_9fa48("118")
                      ? ``
                      : (stryCov_9fa48("118"),
                        `the finished unit ${coverage.key} overlaps this one without being inside it (an earlier run used another --window or interval start): rerun with those, or into another folder`),
                  ),
                );
                return;
              }
            }
            let count: number;
            try {
              if (stryMutAct_9fa48("119")) {
              } else {
                stryCov_9fa48("119");
                count = await writeOnce(unit, maxRows);
              }
            } catch (error) {
              if (stryMutAct_9fa48("120")) {
              } else {
                stryCov_9fa48("120");
                if (
                  stryMutAct_9fa48("123")
                    ? false
                    : stryMutAct_9fa48("122")
                      ? true
                      : stryMutAct_9fa48("121")
                        ? error instanceof WindowTooLarge
                        : (stryCov_9fa48("121", "122", "123"), !(error instanceof WindowTooLarge))
                )
                  return failed(unit, key, error);
                const halves = splitWindow(unit.window);
                if (
                  stryMutAct_9fa48("126")
                    ? false
                    : stryMutAct_9fa48("125")
                      ? true
                      : stryMutAct_9fa48("124")
                        ? halves
                        : (stryCov_9fa48("124", "125", "126"), !halves)
                ) {
                  if (stryMutAct_9fa48("127")) {
                  } else {
                    stryCov_9fa48("127");
                    stryMutAct_9fa48("128")
                      ? options.onUnit({
                          kind: "oversized",
                          unit,
                          key,
                          maxWindowRows: maxRows,
                        })
                      : (stryCov_9fa48("128"),
                        options.onUnit?.(
                          stryMutAct_9fa48("129")
                            ? {}
                            : (stryCov_9fa48("129"),
                              {
                                kind: stryMutAct_9fa48("130")
                                  ? ""
                                  : (stryCov_9fa48("130"), "oversized"),
                                unit,
                                key,
                                maxWindowRows: maxRows,
                              }),
                        ));
                    try {
                      if (stryMutAct_9fa48("131")) {
                      } else {
                        stryCov_9fa48("131");
                        count = await writeOnce(unit, 0);
                      }
                    } catch (error) {
                      if (stryMutAct_9fa48("132")) {
                      } else {
                        stryCov_9fa48("132");
                        return failed(unit, key, error);
                      }
                    }
                  }
                } else {
                  if (stryMutAct_9fa48("133")) {
                  } else {
                    stryCov_9fa48("133");
                    stryMutAct_9fa48("134") ? (splits -= 1) : (stryCov_9fa48("134"), (splits += 1));
                    const [left, right] = halves.map((window) => ({
                      ...unit,
                      window,
                    })) as [ExportUnit, ExportUnit];
                    stryMutAct_9fa48("135")
                      ? options.onUnit({
                          kind: "split",
                          unit,
                          key,
                          halves: [left, right],
                        })
                      : (stryCov_9fa48("135"),
                        options.onUnit?.(
                          stryMutAct_9fa48("136")
                            ? {}
                            : (stryCov_9fa48("136"),
                              {
                                kind: stryMutAct_9fa48("137")
                                  ? ""
                                  : (stryCov_9fa48("137"), "split"),
                                unit,
                                key,
                                halves: stryMutAct_9fa48("138")
                                  ? []
                                  : (stryCov_9fa48("138"), [left, right]),
                              }),
                        ));
                    await exportUnit(left);
                    await exportUnit(right);
                    return;
                  }
                }
              }
            }
            stryMutAct_9fa48("139") ? (written -= 1) : (stryCov_9fa48("139"), (written += 1));
            stryMutAct_9fa48("140") ? (rows -= count) : (stryCov_9fa48("140"), (rows += count));
            stryMutAct_9fa48("141")
              ? options.onUnit({
                  kind: "written",
                  unit,
                  key,
                  rows: count,
                })
              : (stryCov_9fa48("141"),
                options.onUnit?.(
                  stryMutAct_9fa48("142")
                    ? {}
                    : (stryCov_9fa48("142"),
                      {
                        kind: stryMutAct_9fa48("143") ? "" : (stryCov_9fa48("143"), "written"),
                        unit,
                        key,
                        rows: count,
                      }),
                ));
          }
        };
        await runPool(units, concurrency, exportUnit);
        return stryMutAct_9fa48("144")
          ? {}
          : (stryCov_9fa48("144"),
            {
              units: units.length,
              steps,
              interval,
              written,
              skipped,
              splits,
              rows,
              failures,
            });
      }
    } finally {
      if (stryMutAct_9fa48("145")) {
      } else {
        stryCov_9fa48("145");
        await sink.close();
      }
    }
  }
}

// @ts-nocheck
// A unit's rows as they pass to the sink: each checked inside the unit's window and in time order, counted, and cut past the row bound.
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

import type { FieldDescriptor } from "@giosg-reporting/client";
import type { Window } from "../plan/windows";

/** A row the API should not have sent for the unit: outside its window, or before the row ahead of it. */
export class UnitRowError extends Error {
  override readonly name = stryMutAct_9fa48("512") ? "" : (stryCov_9fa48("512"), "UnitRowError");
}

/** The unit's answer passed `maxWindowRows`: the window is split and each half exported instead. */
export class WindowTooLarge extends Error {
  override readonly name = stryMutAct_9fa48("513") ? "" : (stryCov_9fa48("513"), "WindowTooLarge");
  /** The bound passed. */
  readonly maxWindowRows: number;
  constructor(maxWindowRows: number) {
    super(
      stryMutAct_9fa48("514")
        ? ``
        : (stryCov_9fa48("514"),
          `the window's answer has more than maxWindowRows (${maxWindowRows}) rows`),
    );
    this.maxWindowRows = maxWindowRows;
  }
}

/** The name of the rows' time: the first `datetime` field (`timestamp` in advanced rows). */
export function timeFieldOf(fields: readonly FieldDescriptor[]): string {
  if (stryMutAct_9fa48("515")) {
  } else {
    stryCov_9fa48("515");
    const field = fields.find(
      stryMutAct_9fa48("516")
        ? () => undefined
        : (stryCov_9fa48("516"),
          ({ type }) =>
            stryMutAct_9fa48("519")
              ? type !== "datetime"
              : stryMutAct_9fa48("518")
                ? false
                : stryMutAct_9fa48("517")
                  ? true
                  : (stryCov_9fa48("517", "518", "519"),
                    type === (stryMutAct_9fa48("520") ? "" : (stryCov_9fa48("520"), "datetime")))),
    );
    if (
      stryMutAct_9fa48("523")
        ? false
        : stryMutAct_9fa48("522")
          ? true
          : stryMutAct_9fa48("521")
            ? field
            : (stryCov_9fa48("521", "522", "523"), !field)
    )
      throw new UnitRowError(
        stryMutAct_9fa48("524")
          ? ""
          : (stryCov_9fa48("524"),
            "the answer's fields have no datetime field to check the rows' window by"),
      );
    return field.name;
  }
}

/** What {@link guardedRows} checks and counts. */
export interface RowGuard {
  readonly window: Window;
  readonly timeField: string;
  /** The most rows taken (0: no bound); one more throws {@link WindowTooLarge}. */
  readonly maxRows: number;
  /** Counts the rows as they pass. */
  readonly count: {
    rows: number;
  };
}

/**
 * Yields the rows, each checked: its time inside `[start, end)` of the unit's window, and not before
 * the row ahead of it (the API's rows are in time order). A row that is not is a {@link UnitRowError}:
 * a server that sends it would otherwise make a silently wrong export.
 */
export async function* guardedRows(
  rows: AsyncIterable<object>,
  guard: RowGuard,
): AsyncGenerator<object> {
  if (stryMutAct_9fa48("525")) {
  } else {
    stryCov_9fa48("525");
    const start = guard.window.start.getTime();
    const end = guard.window.end.getTime();
    let previous = start;
    for await (const row of rows) {
      if (stryMutAct_9fa48("526")) {
      } else {
        stryCov_9fa48("526");
        const value = (row as Record<string, unknown>)[guard.timeField];
        const time = (
          stryMutAct_9fa48("529")
            ? typeof value !== "string"
            : stryMutAct_9fa48("528")
              ? false
              : stryMutAct_9fa48("527")
                ? true
                : (stryCov_9fa48("527", "528", "529"),
                  typeof value ===
                    (stryMutAct_9fa48("530") ? "" : (stryCov_9fa48("530"), "string")))
        )
          ? Date.parse(value)
          : Number.NaN;
        const index = guard.count.rows;
        if (
          stryMutAct_9fa48("532")
            ? false
            : stryMutAct_9fa48("531")
              ? true
              : (stryCov_9fa48("531", "532"), Number.isNaN(time))
        )
          throw new UnitRowError(
            stryMutAct_9fa48("533")
              ? ``
              : (stryCov_9fa48("533"),
                `row ${index}'s ${guard.timeField} is not an instant: ${JSON.stringify(value)}`),
          );
        if (
          stryMutAct_9fa48("536")
            ? time < start && time >= end
            : stryMutAct_9fa48("535")
              ? false
              : stryMutAct_9fa48("534")
                ? true
                : (stryCov_9fa48("534", "535", "536"),
                  (stryMutAct_9fa48("539")
                    ? time >= start
                    : stryMutAct_9fa48("538")
                      ? time <= start
                      : stryMutAct_9fa48("537")
                        ? false
                        : (stryCov_9fa48("537", "538", "539"), time < start)) ||
                    (stryMutAct_9fa48("542")
                      ? time < end
                      : stryMutAct_9fa48("541")
                        ? time > end
                        : stryMutAct_9fa48("540")
                          ? false
                          : (stryCov_9fa48("540", "541", "542"), time >= end)))
        )
          throw new UnitRowError(
            stryMutAct_9fa48("543")
              ? ``
              : (stryCov_9fa48("543"),
                `row ${index}'s ${guard.timeField} ${value} is outside the unit's window ${guard.window.start.toISOString()}/${guard.window.end.toISOString()}: the API sent a row it was not asked for`),
          );
        if (
          stryMutAct_9fa48("547")
            ? time >= previous
            : stryMutAct_9fa48("546")
              ? time <= previous
              : stryMutAct_9fa48("545")
                ? false
                : stryMutAct_9fa48("544")
                  ? true
                  : (stryCov_9fa48("544", "545", "546", "547"), time < previous)
        )
          throw new UnitRowError(
            stryMutAct_9fa48("548")
              ? ``
              : (stryCov_9fa48("548"),
                `row ${index}'s ${guard.timeField} ${value} is before the row ahead of it (${new Date(previous).toISOString()}): the API's rows are not in time order`),
          );
        previous = time;
        if (
          stryMutAct_9fa48("551")
            ? guard.maxRows > 0 || index >= guard.maxRows
            : stryMutAct_9fa48("550")
              ? false
              : stryMutAct_9fa48("549")
                ? true
                : (stryCov_9fa48("549", "550", "551"),
                  (stryMutAct_9fa48("554")
                    ? guard.maxRows <= 0
                    : stryMutAct_9fa48("553")
                      ? guard.maxRows >= 0
                      : stryMutAct_9fa48("552")
                        ? true
                        : (stryCov_9fa48("552", "553", "554"), guard.maxRows > 0)) &&
                    (stryMutAct_9fa48("557")
                      ? index < guard.maxRows
                      : stryMutAct_9fa48("556")
                        ? index > guard.maxRows
                        : stryMutAct_9fa48("555")
                          ? true
                          : (stryCov_9fa48("555", "556", "557"), index >= guard.maxRows)))
        )
          throw new WindowTooLarge(guard.maxRows);
        guard.count.rows = stryMutAct_9fa48("558") ? index - 1 : (stryCov_9fa48("558"), index + 1);
        yield row;
      }
    }
  }
}

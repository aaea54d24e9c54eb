// @ts-nocheck
// The finished units of earlier runs, by step and target: what a unit's window is already covered by, and where an incremental run resumes.
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

import type { Target } from "@giosg-reporting/client";
import { type ExportUnit, unitKey } from "./units";
import type { Window } from "./windows";

/** What the finished units say of a unit: covered (skip it), partly overlapped (refuse it), or free to write. */
export type Coverage =
  | {
      readonly kind: "covered";
    }
  | {
      readonly kind: "free";
    }
  | {
      readonly kind: "overlapped";
      readonly key: string;
    };

/** The finished windows of one step and target, sorted by start, and the longest one's length. */
interface WindowList {
  readonly windows: Window[];
  longest: number;
}

/** The finished units of one export, indexed by step and target, each list sorted by start. */
export class FinishedUnits {
  readonly #lists = new Map<string, WindowList>();
  constructor(units: readonly ExportUnit[]) {
    if (stryMutAct_9fa48("146")) {
    } else {
      stryCov_9fa48("146");
      for (const unit of units) {
        if (stryMutAct_9fa48("147")) {
        } else {
          stryCov_9fa48("147");
          const id = FinishedUnits.#idOf(unit.stepIndex, unit.target);
          const list = stryMutAct_9fa48("148")
            ? this.#lists.get(id) && {
                windows: [],
                longest: 0,
              }
            : (stryCov_9fa48("148"),
              this.#lists.get(id) ??
                (stryMutAct_9fa48("149")
                  ? {}
                  : (stryCov_9fa48("149"),
                    {
                      windows: stryMutAct_9fa48("150")
                        ? ["Stryker was here"]
                        : (stryCov_9fa48("150"), []),
                      longest: 0,
                    })));
          list.windows.push(unit.window);
          list.longest = stryMutAct_9fa48("151")
            ? Math.min(list.longest, unit.window.end.getTime() - unit.window.start.getTime())
            : (stryCov_9fa48("151"),
              Math.max(
                list.longest,
                stryMutAct_9fa48("152")
                  ? unit.window.end.getTime() + unit.window.start.getTime()
                  : (stryCov_9fa48("152"), unit.window.end.getTime() - unit.window.start.getTime()),
              ));
          this.#lists.set(id, list);
        }
      }
      for (const { windows } of this.#lists.values())
        stryMutAct_9fa48("153")
          ? windows
          : (stryCov_9fa48("153"),
            windows.sort(
              stryMutAct_9fa48("154")
                ? () => undefined
                : (stryCov_9fa48("154"),
                  (a, b) =>
                    stryMutAct_9fa48("157")
                      ? a.start.getTime() - b.start.getTime() && a.end.getTime() - b.end.getTime()
                      : stryMutAct_9fa48("156")
                        ? false
                        : stryMutAct_9fa48("155")
                          ? true
                          : (stryCov_9fa48("155", "156", "157"),
                            (stryMutAct_9fa48("158")
                              ? a.start.getTime() + b.start.getTime()
                              : (stryCov_9fa48("158"), a.start.getTime() - b.start.getTime())) ||
                              (stryMutAct_9fa48("159")
                                ? a.end.getTime() + b.end.getTime()
                                : (stryCov_9fa48("159"), a.end.getTime() - b.end.getTime())))),
            ));
    }
  }
  static #idOf(stepIndex: number, target: Target): string {
    if (stryMutAct_9fa48("160")) {
    } else {
      stryCov_9fa48("160");
      return stryMutAct_9fa48("161") ? `` : (stryCov_9fa48("161"), `${stepIndex}/${target}`);
    }
  }

  /** The finished windows of the unit's step and target that overlap its window, in order of start. */
  #overlapping(unit: ExportUnit): Window[] {
    if (stryMutAct_9fa48("162")) {
    } else {
      stryCov_9fa48("162");
      const list = this.#lists.get(FinishedUnits.#idOf(unit.stepIndex, unit.target));
      if (
        stryMutAct_9fa48("165")
          ? false
          : stryMutAct_9fa48("164")
            ? true
            : stryMutAct_9fa48("163")
              ? list
              : (stryCov_9fa48("163", "164", "165"), !list)
      )
        return stryMutAct_9fa48("166") ? ["Stryker was here"] : (stryCov_9fa48("166"), []);
      const start = unit.window.start.getTime();
      const end = unit.window.end.getTime();
      // No window starting before `start - longest` reaches `start`: search from there (binary).
      const from = stryMutAct_9fa48("167")
        ? start + list.longest
        : (stryCov_9fa48("167"), start - list.longest);
      let low = 0;
      let high = list.windows.length;
      while (
        stryMutAct_9fa48("170")
          ? low >= high
          : stryMutAct_9fa48("169")
            ? low <= high
            : stryMutAct_9fa48("168")
              ? false
              : (stryCov_9fa48("168", "169", "170"), low < high)
      ) {
        if (stryMutAct_9fa48("171")) {
        } else {
          stryCov_9fa48("171");
          const middle =
            (stryMutAct_9fa48("172") ? low - high : (stryCov_9fa48("172"), low + high)) >>> 1;
          if (
            stryMutAct_9fa48("176")
              ? (list.windows[middle] as Window).start.getTime() >= from
              : stryMutAct_9fa48("175")
                ? (list.windows[middle] as Window).start.getTime() <= from
                : stryMutAct_9fa48("174")
                  ? false
                  : stryMutAct_9fa48("173")
                    ? true
                    : (stryCov_9fa48("173", "174", "175", "176"),
                      (list.windows[middle] as Window).start.getTime() < from)
          )
            low = stryMutAct_9fa48("177") ? middle - 1 : (stryCov_9fa48("177"), middle + 1);
          else high = middle;
        }
      }
      const found: Window[] = stryMutAct_9fa48("178")
        ? ["Stryker was here"]
        : (stryCov_9fa48("178"), []);
      for (
        let index = low;
        stryMutAct_9fa48("181")
          ? index >= list.windows.length
          : stryMutAct_9fa48("180")
            ? index <= list.windows.length
            : stryMutAct_9fa48("179")
              ? false
              : (stryCov_9fa48("179", "180", "181"), index < list.windows.length);
        stryMutAct_9fa48("182") ? (index -= 1) : (stryCov_9fa48("182"), (index += 1))
      ) {
        if (stryMutAct_9fa48("183")) {
        } else {
          stryCov_9fa48("183");
          const window = list.windows[index] as Window;
          if (
            stryMutAct_9fa48("187")
              ? window.start.getTime() < end
              : stryMutAct_9fa48("186")
                ? window.start.getTime() > end
                : stryMutAct_9fa48("185")
                  ? false
                  : stryMutAct_9fa48("184")
                    ? true
                    : (stryCov_9fa48("184", "185", "186", "187"), window.start.getTime() >= end)
          )
            break;
          if (
            stryMutAct_9fa48("191")
              ? window.end.getTime() <= start
              : stryMutAct_9fa48("190")
                ? window.end.getTime() >= start
                : stryMutAct_9fa48("189")
                  ? false
                  : stryMutAct_9fa48("188")
                    ? true
                    : (stryCov_9fa48("188", "189", "190", "191"), window.end.getTime() > start)
          )
            found.push(window);
        }
      }
      return found;
    }
  }

  /**
   * Whether the unit's window is covered by the union of finished windows of its step and target (its
   * rows are written already, perhaps in larger or smaller files), overlapped by a finished window that
   * is not inside it (an earlier run cut other windows: writing it would duplicate rows), or free.
   */
  coverageOf(unit: ExportUnit): Coverage {
    if (stryMutAct_9fa48("192")) {
    } else {
      stryCov_9fa48("192");
      const start = unit.window.start.getTime();
      const end = unit.window.end.getTime();
      const overlapping = this.#overlapping(unit);
      let cursor = start;
      for (const window of overlapping)
        if (
          stryMutAct_9fa48("196")
            ? window.start.getTime() > cursor
            : stryMutAct_9fa48("195")
              ? window.start.getTime() < cursor
              : stryMutAct_9fa48("194")
                ? false
                : stryMutAct_9fa48("193")
                  ? true
                  : (stryCov_9fa48("193", "194", "195", "196"), window.start.getTime() <= cursor)
        )
          cursor = stryMutAct_9fa48("197")
            ? Math.min(cursor, window.end.getTime())
            : (stryCov_9fa48("197"), Math.max(cursor, window.end.getTime()));
      if (
        stryMutAct_9fa48("201")
          ? cursor < end
          : stryMutAct_9fa48("200")
            ? cursor > end
            : stryMutAct_9fa48("199")
              ? false
              : stryMutAct_9fa48("198")
                ? true
                : (stryCov_9fa48("198", "199", "200", "201"), cursor >= end)
      )
        return stryMutAct_9fa48("202")
          ? {}
          : (stryCov_9fa48("202"),
            {
              kind: stryMutAct_9fa48("203") ? "" : (stryCov_9fa48("203"), "covered"),
            });
      const outside = overlapping.find(
        stryMutAct_9fa48("204")
          ? () => undefined
          : (stryCov_9fa48("204"),
            (window) =>
              stryMutAct_9fa48("207")
                ? window.start.getTime() < start && window.end.getTime() > end
                : stryMutAct_9fa48("206")
                  ? false
                  : stryMutAct_9fa48("205")
                    ? true
                    : (stryCov_9fa48("205", "206", "207"),
                      (stryMutAct_9fa48("210")
                        ? window.start.getTime() >= start
                        : stryMutAct_9fa48("209")
                          ? window.start.getTime() <= start
                          : stryMutAct_9fa48("208")
                            ? false
                            : (stryCov_9fa48("208", "209", "210"),
                              window.start.getTime() < start)) ||
                        (stryMutAct_9fa48("213")
                          ? window.end.getTime() <= end
                          : stryMutAct_9fa48("212")
                            ? window.end.getTime() >= end
                            : stryMutAct_9fa48("211")
                              ? false
                              : (stryCov_9fa48("211", "212", "213"), window.end.getTime() > end)))),
      );
      if (
        stryMutAct_9fa48("215")
          ? false
          : stryMutAct_9fa48("214")
            ? true
            : (stryCov_9fa48("214", "215"), outside)
      )
        return stryMutAct_9fa48("216")
          ? {}
          : (stryCov_9fa48("216"),
            {
              kind: stryMutAct_9fa48("217") ? "" : (stryCov_9fa48("217"), "overlapped"),
              key: unitKey(
                stryMutAct_9fa48("218")
                  ? {}
                  : (stryCov_9fa48("218"),
                    {
                      ...unit,
                      window: outside,
                    }),
              ),
            });
      return stryMutAct_9fa48("219")
        ? {}
        : (stryCov_9fa48("219"),
          {
            kind: stryMutAct_9fa48("220") ? "" : (stryCov_9fa48("220"), "free"),
          });
    }
  }

  /**
   * Where an incremental run of (step, target) resumes: the end of the contiguous run of finished
   * windows from `from` (the interval's start). A gap, such as a unit that failed, stops the run, so a
   * failure is never skipped over; nothing finished at `from` resumes at `from`.
   */
  resumePoint(stepIndex: number, target: Target, from: Date): Date {
    if (stryMutAct_9fa48("221")) {
    } else {
      stryCov_9fa48("221");
      const windows = stryMutAct_9fa48("222")
        ? this.#lists.get(FinishedUnits.#idOf(stepIndex, target))?.windows && []
        : (stryCov_9fa48("222"),
          (stryMutAct_9fa48("223")
            ? this.#lists.get(FinishedUnits.#idOf(stepIndex, target)).windows
            : (stryCov_9fa48("223"),
              this.#lists.get(FinishedUnits.#idOf(stepIndex, target))?.windows)) ??
            (stryMutAct_9fa48("224") ? ["Stryker was here"] : (stryCov_9fa48("224"), [])));
      let cursor = from.getTime();
      for (const window of windows) {
        if (stryMutAct_9fa48("225")) {
        } else {
          stryCov_9fa48("225");
          if (
            stryMutAct_9fa48("229")
              ? window.end.getTime() > cursor
              : stryMutAct_9fa48("228")
                ? window.end.getTime() < cursor
                : stryMutAct_9fa48("227")
                  ? false
                  : stryMutAct_9fa48("226")
                    ? true
                    : (stryCov_9fa48("226", "227", "228", "229"), window.end.getTime() <= cursor)
          )
            continue;
          if (
            stryMutAct_9fa48("233")
              ? window.start.getTime() <= cursor
              : stryMutAct_9fa48("232")
                ? window.start.getTime() >= cursor
                : stryMutAct_9fa48("231")
                  ? false
                  : stryMutAct_9fa48("230")
                    ? true
                    : (stryCov_9fa48("230", "231", "232", "233"), window.start.getTime() > cursor)
          )
            break;
          cursor = window.end.getTime();
        }
      }
      return new Date(cursor);
    }
  }
}

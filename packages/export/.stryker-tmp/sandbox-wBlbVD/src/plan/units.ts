// @ts-nocheck
// The units of an export: one (step, target, window) each, written whole or not at all, named by a stable key.
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
import type { Window } from "./windows";

/** One unit of an export: a step's rows of one target in one window. */
export interface ExportUnit {
  /** The step: 1 is the first step after the source step. */
  readonly stepIndex: number;
  /** `default` (the step's events) or `triggered_goal` (the goals triggered at it). */
  readonly target: Target;
  /** The unit's half-open window. */
  readonly window: Window;
}

/** An instant as a file name's part: `20221101T000000Z` (no colons, which some file systems refuse). */
export function compactInstant(date: Date): string {
  if (stryMutAct_9fa48("271")) {
  } else {
    stryCov_9fa48("271");
    return date
      .toISOString()
      .replace(
        stryMutAct_9fa48("272") ? /[^-:]/g : (stryCov_9fa48("272"), /[-:]/g),
        stryMutAct_9fa48("273") ? "Stryker was here!" : (stryCov_9fa48("273"), ""),
      )
      .replace(
        stryMutAct_9fa48("276")
          ? /\.\D{3}Z$/
          : stryMutAct_9fa48("275")
            ? /\.\dZ$/
            : stryMutAct_9fa48("274")
              ? /\.\d{3}Z/
              : (stryCov_9fa48("274", "275", "276"), /\.\d{3}Z$/),
        stryMutAct_9fa48("277") ? "" : (stryCov_9fa48("277"), "Z"),
      );
  }
}

/** The unit's key, also its file's path under the workflow's folder without the extension: `step-1/default/<start>_<end>`. */
export function unitKey(unit: ExportUnit): string {
  if (stryMutAct_9fa48("278")) {
  } else {
    stryCov_9fa48("278");
    const { start, end } = unit.window;
    return stryMutAct_9fa48("279")
      ? ``
      : (stryCov_9fa48("279"),
        `step-${unit.stepIndex}/${unit.target}/${compactInstant(start)}_${compactInstant(end)}`);
  }
}

/** Reads an instant written by {@link compactInstant} back, or undefined. */
function readCompactInstant(text: string): Date | undefined {
  if (stryMutAct_9fa48("280")) {
  } else {
    stryCov_9fa48("280");
    const match = (
      stryMutAct_9fa48("294")
        ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\D{2})Z$/
        : stryMutAct_9fa48("293")
          ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d)Z$/
          : stryMutAct_9fa48("292")
            ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\D{2})(\d{2})Z$/
            : stryMutAct_9fa48("291")
              ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d)(\d{2})Z$/
              : stryMutAct_9fa48("290")
                ? /^(\d{4})(\d{2})(\d{2})T(\D{2})(\d{2})(\d{2})Z$/
                : stryMutAct_9fa48("289")
                  ? /^(\d{4})(\d{2})(\d{2})T(\d)(\d{2})(\d{2})Z$/
                  : stryMutAct_9fa48("288")
                    ? /^(\d{4})(\d{2})(\D{2})T(\d{2})(\d{2})(\d{2})Z$/
                    : stryMutAct_9fa48("287")
                      ? /^(\d{4})(\d{2})(\d)T(\d{2})(\d{2})(\d{2})Z$/
                      : stryMutAct_9fa48("286")
                        ? /^(\d{4})(\D{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
                        : stryMutAct_9fa48("285")
                          ? /^(\d{4})(\d)(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
                          : stryMutAct_9fa48("284")
                            ? /^(\D{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
                            : stryMutAct_9fa48("283")
                              ? /^(\d)(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
                              : stryMutAct_9fa48("282")
                                ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/
                                : stryMutAct_9fa48("281")
                                  ? /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
                                  : (stryCov_9fa48(
                                      "281",
                                      "282",
                                      "283",
                                      "284",
                                      "285",
                                      "286",
                                      "287",
                                      "288",
                                      "289",
                                      "290",
                                      "291",
                                      "292",
                                      "293",
                                      "294",
                                    ),
                                    /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/)
    ).exec(text);
    if (
      stryMutAct_9fa48("297")
        ? false
        : stryMutAct_9fa48("296")
          ? true
          : stryMutAct_9fa48("295")
            ? match
            : (stryCov_9fa48("295", "296", "297"), !match)
    )
      return undefined;
    const [, year, month, day, hour, minute, second] = match;
    const date = new Date(
      stryMutAct_9fa48("298")
        ? ``
        : (stryCov_9fa48("298"), `${year}-${month}-${day}T${hour}:${minute}:${second}Z`),
    );
    // A day past the month's end (20220230) is not an instant a key was written from.
    return (
      stryMutAct_9fa48("301")
        ? Number.isNaN(date.getTime()) && compactInstant(date) !== text
        : stryMutAct_9fa48("300")
          ? false
          : stryMutAct_9fa48("299")
            ? true
            : (stryCov_9fa48("299", "300", "301"),
              Number.isNaN(date.getTime()) ||
                (stryMutAct_9fa48("303")
                  ? compactInstant(date) === text
                  : stryMutAct_9fa48("302")
                    ? false
                    : (stryCov_9fa48("302", "303"), compactInstant(date) !== text)))
    )
      ? undefined
      : date;
  }
}

/** Reads a key written by {@link unitKey} back into its unit, or undefined when it is not one. */
export function parseUnitKey(key: string): ExportUnit | undefined {
  if (stryMutAct_9fa48("304")) {
  } else {
    stryCov_9fa48("304");
    const match = (
      stryMutAct_9fa48("313")
        ? /^step-([1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\W+)$/
        : stryMutAct_9fa48("312")
          ? /^step-([1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\w)$/
          : stryMutAct_9fa48("311")
            ? /^step-([1-9]\d*)\/(default|triggered_goal)\/(\W+)_(\w+)$/
            : stryMutAct_9fa48("310")
              ? /^step-([1-9]\d*)\/(default|triggered_goal)\/(\w)_(\w+)$/
              : stryMutAct_9fa48("309")
                ? /^step-([1-9]\D*)\/(default|triggered_goal)\/(\w+)_(\w+)$/
                : stryMutAct_9fa48("308")
                  ? /^step-([1-9]\d)\/(default|triggered_goal)\/(\w+)_(\w+)$/
                  : stryMutAct_9fa48("307")
                    ? /^step-([^1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\w+)$/
                    : stryMutAct_9fa48("306")
                      ? /^step-([1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\w+)/
                      : stryMutAct_9fa48("305")
                        ? /step-([1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\w+)$/
                        : (stryCov_9fa48(
                            "305",
                            "306",
                            "307",
                            "308",
                            "309",
                            "310",
                            "311",
                            "312",
                            "313",
                          ),
                          /^step-([1-9]\d*)\/(default|triggered_goal)\/(\w+)_(\w+)$/)
    ).exec(key);
    if (
      stryMutAct_9fa48("316")
        ? false
        : stryMutAct_9fa48("315")
          ? true
          : stryMutAct_9fa48("314")
            ? match
            : (stryCov_9fa48("314", "315", "316"), !match)
    )
      return undefined;
    const start = readCompactInstant(
      stryMutAct_9fa48("317")
        ? match[3] && ""
        : (stryCov_9fa48("317"),
          match[3] ?? (stryMutAct_9fa48("318") ? "Stryker was here!" : (stryCov_9fa48("318"), ""))),
    );
    const end = readCompactInstant(
      stryMutAct_9fa48("319")
        ? match[4] && ""
        : (stryCov_9fa48("319"),
          match[4] ?? (stryMutAct_9fa48("320") ? "Stryker was here!" : (stryCov_9fa48("320"), ""))),
    );
    if (
      stryMutAct_9fa48("323")
        ? (!start || !end) && start.getTime() >= end.getTime()
        : stryMutAct_9fa48("322")
          ? false
          : stryMutAct_9fa48("321")
            ? true
            : (stryCov_9fa48("321", "322", "323"),
              (stryMutAct_9fa48("325")
                ? !start && !end
                : stryMutAct_9fa48("324")
                  ? false
                  : (stryCov_9fa48("324", "325"),
                    (stryMutAct_9fa48("326") ? start : (stryCov_9fa48("326"), !start)) ||
                      (stryMutAct_9fa48("327") ? end : (stryCov_9fa48("327"), !end)))) ||
                (stryMutAct_9fa48("330")
                  ? start.getTime() < end.getTime()
                  : stryMutAct_9fa48("329")
                    ? start.getTime() > end.getTime()
                    : stryMutAct_9fa48("328")
                      ? false
                      : (stryCov_9fa48("328", "329", "330"), start.getTime() >= end.getTime())))
    )
      return undefined;
    return stryMutAct_9fa48("331")
      ? {}
      : (stryCov_9fa48("331"),
        {
          stepIndex: Number(match[1]),
          target: match[2] as Target,
          window: stryMutAct_9fa48("332")
            ? {}
            : (stryCov_9fa48("332"),
              {
                start,
                end,
              }),
        });
  }
}

/** Every unit of `steps` × `targets` × `windows`, step by step, then target by target, then in time order. */
export function unitsOf(
  steps: readonly number[],
  targets: readonly Target[],
  windows: readonly Window[],
): ExportUnit[] {
  if (stryMutAct_9fa48("333")) {
  } else {
    stryCov_9fa48("333");
    return steps.flatMap(
      stryMutAct_9fa48("334")
        ? () => undefined
        : (stryCov_9fa48("334"),
          (stepIndex) =>
            targets.flatMap(
              stryMutAct_9fa48("335")
                ? () => undefined
                : (stryCov_9fa48("335"),
                  (target) =>
                    windows.map(
                      stryMutAct_9fa48("336")
                        ? () => undefined
                        : (stryCov_9fa48("336"),
                          (window) =>
                            stryMutAct_9fa48("337")
                              ? {}
                              : (stryCov_9fa48("337"),
                                {
                                  stepIndex,
                                  target,
                                  window,
                                })),
                    )),
            )),
    );
  }
}

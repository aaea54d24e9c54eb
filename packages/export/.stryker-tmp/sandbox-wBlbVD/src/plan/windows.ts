// @ts-nocheck
// Cutting an interval into half-open windows aligned to UTC: the units of work an export writes one by one.
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

import { ExportError } from "../export-error";

/** A half-open interval `[start, end)` in UTC. */
export interface Window {
  /** The first instant in the window. */
  readonly start: Date;
  /** The first instant after the window. */
  readonly end: Date;
}
const HOUR_MS = 3_600_000;
const DAY_MS = stryMutAct_9fa48("338") ? 24 / HOUR_MS : (stryCov_9fa48("338"), 24 * HOUR_MS);

/**
 * Reads a window length such as `1d`, `6h` or `1h` into milliseconds: whole days, or whole hours that
 * divide a day (so that every window lies inside one UTC day and starts at a whole hour).
 */
export function parseWindow(
  text: string,
  option = stryMutAct_9fa48("339") ? "" : (stryCov_9fa48("339"), "--window"),
): number {
  if (stryMutAct_9fa48("340")) {
  } else {
    stryCov_9fa48("340");
    const match = (
      stryMutAct_9fa48("346")
        ? /^([1-9]\d{0,3})([^dh])$/
        : stryMutAct_9fa48("345")
          ? /^([1-9]\D{0,3})([dh])$/
          : stryMutAct_9fa48("344")
            ? /^([1-9]\d)([dh])$/
            : stryMutAct_9fa48("343")
              ? /^([^1-9]\d{0,3})([dh])$/
              : stryMutAct_9fa48("342")
                ? /^([1-9]\d{0,3})([dh])/
                : stryMutAct_9fa48("341")
                  ? /([1-9]\d{0,3})([dh])$/
                  : (stryCov_9fa48("341", "342", "343", "344", "345", "346"),
                    /^([1-9]\d{0,3})([dh])$/)
    ).exec(text);
    if (
      stryMutAct_9fa48("349")
        ? false
        : stryMutAct_9fa48("348")
          ? true
          : stryMutAct_9fa48("347")
            ? match
            : (stryCov_9fa48("347", "348", "349"), !match)
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("350")
          ? ``
          : (stryCov_9fa48("350"),
            `must be whole days or hours such as 1d, 6h or 1h, got "${text}"`),
      );
    const count = Number(match[1]);
    if (
      stryMutAct_9fa48("353")
        ? match[2] !== "d"
        : stryMutAct_9fa48("352")
          ? false
          : stryMutAct_9fa48("351")
            ? true
            : (stryCov_9fa48("351", "352", "353"),
              match[2] === (stryMutAct_9fa48("354") ? "" : (stryCov_9fa48("354"), "d")))
    )
      return stryMutAct_9fa48("355") ? count / DAY_MS : (stryCov_9fa48("355"), count * DAY_MS);
    if (
      stryMutAct_9fa48("358")
        ? DAY_MS % (count * HOUR_MS) === 0
        : stryMutAct_9fa48("357")
          ? false
          : stryMutAct_9fa48("356")
            ? true
            : (stryCov_9fa48("356", "357", "358"),
              (stryMutAct_9fa48("359")
                ? DAY_MS * (count * HOUR_MS)
                : (stryCov_9fa48("359"),
                  DAY_MS %
                    (stryMutAct_9fa48("360")
                      ? count / HOUR_MS
                      : (stryCov_9fa48("360"), count * HOUR_MS)))) !== 0)
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("361")
          ? ``
          : (stryCov_9fa48("361"),
            `hours must divide a day (1, 2, 3, 4, 6, 8, 12 or 24), got "${text}"`),
      );
    return stryMutAct_9fa48("362") ? count / HOUR_MS : (stryCov_9fa48("362"), count * HOUR_MS);
  }
}

/** An interval whose end is `now` (minus the settle delay) when the export runs: `<start>/now`. */
export interface OpenInterval {
  /** The first instant exported. */
  readonly start: Date;
  /** Resolved when the export starts: now minus the settle delay, floored to a whole second. */
  readonly end: "now";
}

/** The interval an export is given: closed, or ending at `now`. */
export type ExportInterval = Window | OpenInterval;

/** An ISO 8601 instant with `Z` or an offset, or undefined. */
function readInstant(part: string | undefined): Date | undefined {
  if (stryMutAct_9fa48("363")) {
  } else {
    stryCov_9fa48("363");
    // An offset is required: a local time would mean another window on another machine.
    if (
      stryMutAct_9fa48("366")
        ? part === undefined && !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(part)
        : stryMutAct_9fa48("365")
          ? false
          : stryMutAct_9fa48("364")
            ? true
            : (stryCov_9fa48("364", "365", "366"),
              (stryMutAct_9fa48("368")
                ? part !== undefined
                : stryMutAct_9fa48("367")
                  ? false
                  : (stryCov_9fa48("367", "368"), part === undefined)) ||
                (stryMutAct_9fa48("369")
                  ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(part)
                  : (stryCov_9fa48("369"),
                    !(
                      stryMutAct_9fa48("385")
                        ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\D{2})$/
                        : stryMutAct_9fa48("384")
                          ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d)$/
                          : stryMutAct_9fa48("383")
                            ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\D{2}:\d{2})$/
                            : stryMutAct_9fa48("382")
                              ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d:\d{2})$/
                              : stryMutAct_9fa48("381")
                                ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[^+-]\d{2}:\d{2})$/
                                : stryMutAct_9fa48("380")
                                  ? /^\d{4}-\d{2}-\d{2}T[\D:.]+(Z|[+-]\d{2}:\d{2})$/
                                  : stryMutAct_9fa48("379")
                                    ? /^\d{4}-\d{2}-\d{2}T[^\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                    : stryMutAct_9fa48("378")
                                      ? /^\d{4}-\d{2}-\d{2}T[\d:.](Z|[+-]\d{2}:\d{2})$/
                                      : stryMutAct_9fa48("377")
                                        ? /^\d{4}-\d{2}-\D{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                        : stryMutAct_9fa48("376")
                                          ? /^\d{4}-\d{2}-\dT[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                          : stryMutAct_9fa48("375")
                                            ? /^\d{4}-\D{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                            : stryMutAct_9fa48("374")
                                              ? /^\d{4}-\d-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                              : stryMutAct_9fa48("373")
                                                ? /^\D{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                                : stryMutAct_9fa48("372")
                                                  ? /^\d-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                                  : stryMutAct_9fa48("371")
                                                    ? /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})/
                                                    : stryMutAct_9fa48("370")
                                                      ? /\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/
                                                      : (stryCov_9fa48(
                                                          "370",
                                                          "371",
                                                          "372",
                                                          "373",
                                                          "374",
                                                          "375",
                                                          "376",
                                                          "377",
                                                          "378",
                                                          "379",
                                                          "380",
                                                          "381",
                                                          "382",
                                                          "383",
                                                          "384",
                                                          "385",
                                                        ),
                                                        /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/)
                    ).test(part))))
    )
      return undefined;
    const date = new Date(part);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
}

/** Refuses an instant with a fraction of a second: unit keys, and so windows, have second resolution. */
export function checkWholeSecond(date: Date, option: string): void {
  if (stryMutAct_9fa48("386")) {
  } else {
    stryCov_9fa48("386");
    if (
      stryMutAct_9fa48("389")
        ? date.getTime() % 1000 === 0
        : stryMutAct_9fa48("388")
          ? false
          : stryMutAct_9fa48("387")
            ? true
            : (stryCov_9fa48("387", "388", "389"),
              (stryMutAct_9fa48("390")
                ? date.getTime() * 1000
                : (stryCov_9fa48("390"), date.getTime() % 1000)) !== 0)
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("391")
          ? ``
          : (stryCov_9fa48("391"), `must be whole seconds, got ${date.toISOString()}`),
      );
  }
}

/** Reads `<start>/<end>` (ISO 8601 with `Z` or an offset, whole seconds, start before end) into a window. */
export function parseInterval(
  text: string,
  option = stryMutAct_9fa48("392") ? "" : (stryCov_9fa48("392"), "--interval"),
): Window {
  if (stryMutAct_9fa48("393")) {
  } else {
    stryCov_9fa48("393");
    const interval = parseExportInterval(text, option);
    if (
      stryMutAct_9fa48("396")
        ? interval.end !== "now"
        : stryMutAct_9fa48("395")
          ? false
          : stryMutAct_9fa48("394")
            ? true
            : (stryCov_9fa48("394", "395", "396"),
              interval.end === (stryMutAct_9fa48("397") ? "" : (stryCov_9fa48("397"), "now")))
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("398")
          ? ``
          : (stryCov_9fa48("398"), `must end at an instant here, not now, got "${text}"`),
      );
    return interval;
  }
}

/** Reads `<start>/<end>` or `<start>/now` (the end then resolved when the export runs, see `settle`). */
export function parseExportInterval(
  text: string,
  option = stryMutAct_9fa48("399") ? "" : (stryCov_9fa48("399"), "--interval"),
): ExportInterval {
  if (stryMutAct_9fa48("400")) {
  } else {
    stryCov_9fa48("400");
    const parts = text.split(stryMutAct_9fa48("401") ? "" : (stryCov_9fa48("401"), "/"));
    const start = readInstant(parts[0]);
    const end = (
      stryMutAct_9fa48("404")
        ? parts[1] !== "now"
        : stryMutAct_9fa48("403")
          ? false
          : stryMutAct_9fa48("402")
            ? true
            : (stryCov_9fa48("402", "403", "404"),
              parts[1] === (stryMutAct_9fa48("405") ? "" : (stryCov_9fa48("405"), "now")))
    )
      ? stryMutAct_9fa48("406")
        ? ""
        : (stryCov_9fa48("406"), "now")
      : readInstant(parts[1]);
    if (
      stryMutAct_9fa48("409")
        ? (parts.length !== 2 || start === undefined) && end === undefined
        : stryMutAct_9fa48("408")
          ? false
          : stryMutAct_9fa48("407")
            ? true
            : (stryCov_9fa48("407", "408", "409"),
              (stryMutAct_9fa48("411")
                ? parts.length !== 2 && start === undefined
                : stryMutAct_9fa48("410")
                  ? false
                  : (stryCov_9fa48("410", "411"),
                    (stryMutAct_9fa48("413")
                      ? parts.length === 2
                      : stryMutAct_9fa48("412")
                        ? false
                        : (stryCov_9fa48("412", "413"), parts.length !== 2)) ||
                      (stryMutAct_9fa48("415")
                        ? start !== undefined
                        : stryMutAct_9fa48("414")
                          ? false
                          : (stryCov_9fa48("414", "415"), start === undefined)))) ||
                (stryMutAct_9fa48("417")
                  ? end !== undefined
                  : stryMutAct_9fa48("416")
                    ? false
                    : (stryCov_9fa48("416", "417"), end === undefined)))
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("418")
          ? ``
          : (stryCov_9fa48("418"),
            `must be <start>/<end> or <start>/now, ISO 8601 with Z or an offset, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z, got "${text}"`),
      );
    checkWholeSecond(start, option);
    if (
      stryMutAct_9fa48("421")
        ? end !== "now"
        : stryMutAct_9fa48("420")
          ? false
          : stryMutAct_9fa48("419")
            ? true
            : (stryCov_9fa48("419", "420", "421"),
              end === (stryMutAct_9fa48("422") ? "" : (stryCov_9fa48("422"), "now")))
    )
      return stryMutAct_9fa48("423")
        ? {}
        : (stryCov_9fa48("423"),
          {
            start,
            end,
          });
    checkWholeSecond(end, option);
    if (
      stryMutAct_9fa48("427")
        ? start.getTime() < end.getTime()
        : stryMutAct_9fa48("426")
          ? start.getTime() > end.getTime()
          : stryMutAct_9fa48("425")
            ? false
            : stryMutAct_9fa48("424")
              ? true
              : (stryCov_9fa48("424", "425", "426", "427"), start.getTime() >= end.getTime())
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("428")
          ? ``
          : (stryCov_9fa48("428"), `the start must be before the end, got "${text}"`),
      );
    return stryMutAct_9fa48("429")
      ? {}
      : (stryCov_9fa48("429"),
        {
          start,
          end,
        });
  }
}
const UNIT_MS = {
  s: 1000,
  m: 60_000,
  h: HOUR_MS,
  d: DAY_MS,
} as const;

/** Reads a delay such as `1h`, `30m`, `90s`, `1d` or `0` into milliseconds (the settle delay). */
export function parseDuration(
  text: string,
  option = stryMutAct_9fa48("430") ? "" : (stryCov_9fa48("430"), "--settle"),
): number {
  if (stryMutAct_9fa48("431")) {
  } else {
    stryCov_9fa48("431");
    if (
      stryMutAct_9fa48("434")
        ? text !== "0"
        : stryMutAct_9fa48("433")
          ? false
          : stryMutAct_9fa48("432")
            ? true
            : (stryCov_9fa48("432", "433", "434"),
              text === (stryMutAct_9fa48("435") ? "" : (stryCov_9fa48("435"), "0")))
    )
      return 0;
    const match = (
      stryMutAct_9fa48("441")
        ? /^([1-9]\d{0,6})([^smhd])$/
        : stryMutAct_9fa48("440")
          ? /^([1-9]\D{0,6})([smhd])$/
          : stryMutAct_9fa48("439")
            ? /^([1-9]\d)([smhd])$/
            : stryMutAct_9fa48("438")
              ? /^([^1-9]\d{0,6})([smhd])$/
              : stryMutAct_9fa48("437")
                ? /^([1-9]\d{0,6})([smhd])/
                : stryMutAct_9fa48("436")
                  ? /([1-9]\d{0,6})([smhd])$/
                  : (stryCov_9fa48("436", "437", "438", "439", "440", "441"),
                    /^([1-9]\d{0,6})([smhd])$/)
    ).exec(text);
    if (
      stryMutAct_9fa48("444")
        ? false
        : stryMutAct_9fa48("443")
          ? true
          : stryMutAct_9fa48("442")
            ? match
            : (stryCov_9fa48("442", "443", "444"), !match)
    )
      throw new ExportError(
        option,
        stryMutAct_9fa48("445")
          ? ``
          : (stryCov_9fa48("445"),
            `must be 0 or a whole number of s, m, h or d, such as 1h, got "${text}"`),
      );
    return stryMutAct_9fa48("446")
      ? Number(match[1]) / UNIT_MS[match[2] as keyof typeof UNIT_MS]
      : (stryCov_9fa48("446"), Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  }
}

/**
 * The closed window of an interval: an open one ends at `now` minus `settleMs`, floored to a whole
 * second (rows that recent may still arrive; the next run's wider window replaces the clipped one).
 */
export function resolveInterval(interval: ExportInterval, settleMs: number, now: Date): Window {
  if (stryMutAct_9fa48("447")) {
  } else {
    stryCov_9fa48("447");
    checkWholeSecond(
      interval.start,
      stryMutAct_9fa48("448") ? "" : (stryCov_9fa48("448"), "interval"),
    );
    if (
      stryMutAct_9fa48("451")
        ? interval.end === "now"
        : stryMutAct_9fa48("450")
          ? false
          : stryMutAct_9fa48("449")
            ? true
            : (stryCov_9fa48("449", "450", "451"),
              interval.end !== (stryMutAct_9fa48("452") ? "" : (stryCov_9fa48("452"), "now")))
    ) {
      if (stryMutAct_9fa48("453")) {
      } else {
        stryCov_9fa48("453");
        checkWholeSecond(
          interval.end,
          stryMutAct_9fa48("454") ? "" : (stryCov_9fa48("454"), "interval"),
        );
        if (
          stryMutAct_9fa48("458")
            ? interval.start.getTime() < interval.end.getTime()
            : stryMutAct_9fa48("457")
              ? interval.start.getTime() > interval.end.getTime()
              : stryMutAct_9fa48("456")
                ? false
                : stryMutAct_9fa48("455")
                  ? true
                  : (stryCov_9fa48("455", "456", "457", "458"),
                    interval.start.getTime() >= interval.end.getTime())
        )
          throw new ExportError(
            stryMutAct_9fa48("459") ? "" : (stryCov_9fa48("459"), "interval"),
            stryMutAct_9fa48("460")
              ? ""
              : (stryCov_9fa48("460"), "the start must be before the end"),
          );
        return interval;
      }
    }
    if (
      stryMutAct_9fa48("462")
        ? false
        : stryMutAct_9fa48("461")
          ? true
          : (stryCov_9fa48("461", "462"), Number.isNaN(now.getTime()))
    )
      throw new ExportError(
        stryMutAct_9fa48("463") ? "" : (stryCov_9fa48("463"), "now"),
        stryMutAct_9fa48("464") ? "" : (stryCov_9fa48("464"), "the clock gave an invalid date"),
      );
    const end = new Date(
      stryMutAct_9fa48("465")
        ? Math.floor((now.getTime() - settleMs) / 1000) / 1000
        : (stryCov_9fa48("465"),
          Math.floor(
            stryMutAct_9fa48("466")
              ? (now.getTime() - settleMs) * 1000
              : (stryCov_9fa48("466"),
                (stryMutAct_9fa48("467")
                  ? now.getTime() + settleMs
                  : (stryCov_9fa48("467"), now.getTime() - settleMs)) / 1000),
          ) * 1000),
    );
    if (
      stryMutAct_9fa48("471")
        ? interval.start.getTime() < end.getTime()
        : stryMutAct_9fa48("470")
          ? interval.start.getTime() > end.getTime()
          : stryMutAct_9fa48("469")
            ? false
            : stryMutAct_9fa48("468")
              ? true
              : (stryCov_9fa48("468", "469", "470", "471"),
                interval.start.getTime() >= end.getTime())
    )
      throw new ExportError(
        stryMutAct_9fa48("472") ? "" : (stryCov_9fa48("472"), "interval"),
        stryMutAct_9fa48("473")
          ? ``
          : (stryCov_9fa48("473"),
            `the start ${interval.start.toISOString()} is not before now minus the settle delay (${end.toISOString()})`),
      );
    return stryMutAct_9fa48("474")
      ? {}
      : (stryCov_9fa48("474"),
        {
          start: interval.start,
          end,
        });
  }
}

/**
 * Splits a window in two at its midpoint, rounded down to a whole second (unit keys have second
 * resolution); undefined for a window of one second or less, which cannot be split.
 */
export function splitWindow(window: Window): readonly [Window, Window] | undefined {
  if (stryMutAct_9fa48("475")) {
  } else {
    stryCov_9fa48("475");
    const start = window.start.getTime();
    const end = window.end.getTime();
    const middle = stryMutAct_9fa48("476")
      ? start - Math.floor((end - start) / 2000) * 1000
      : (stryCov_9fa48("476"),
        start +
          (stryMutAct_9fa48("477")
            ? Math.floor((end - start) / 2000) / 1000
            : (stryCov_9fa48("477"),
              Math.floor(
                stryMutAct_9fa48("478")
                  ? (end - start) * 2000
                  : (stryCov_9fa48("478"),
                    (stryMutAct_9fa48("479") ? end + start : (stryCov_9fa48("479"), end - start)) /
                      2000),
              ) * 1000)));
    if (
      stryMutAct_9fa48("482")
        ? middle <= start && middle >= end
        : stryMutAct_9fa48("481")
          ? false
          : stryMutAct_9fa48("480")
            ? true
            : (stryCov_9fa48("480", "481", "482"),
              (stryMutAct_9fa48("485")
                ? middle > start
                : stryMutAct_9fa48("484")
                  ? middle < start
                  : stryMutAct_9fa48("483")
                    ? false
                    : (stryCov_9fa48("483", "484", "485"), middle <= start)) ||
                (stryMutAct_9fa48("488")
                  ? middle < end
                  : stryMutAct_9fa48("487")
                    ? middle > end
                    : stryMutAct_9fa48("486")
                      ? false
                      : (stryCov_9fa48("486", "487", "488"), middle >= end)))
    )
      return undefined;
    const at = new Date(middle);
    return stryMutAct_9fa48("489")
      ? []
      : (stryCov_9fa48("489"),
        [
          stryMutAct_9fa48("490")
            ? {}
            : (stryCov_9fa48("490"),
              {
                start: window.start,
                end: at,
              }),
          stryMutAct_9fa48("491")
            ? {}
            : (stryCov_9fa48("491"),
              {
                start: at,
                end: window.end,
              }),
        ]);
  }
}

/**
 * Cuts `interval` into half-open windows of `windowMs` aligned to UTC (boundaries at whole multiples
 * of `windowMs` since 1970-01-01T00:00Z), the first and last clipped to the interval. Consecutive
 * windows share their boundary, so by the API's additivity their rows are exactly the interval's.
 */
export function windowsOf(interval: Window, windowMs: number): Window[] {
  if (stryMutAct_9fa48("492")) {
  } else {
    stryCov_9fa48("492");
    if (
      stryMutAct_9fa48("495")
        ? !Number.isSafeInteger(windowMs) && windowMs <= 0
        : stryMutAct_9fa48("494")
          ? false
          : stryMutAct_9fa48("493")
            ? true
            : (stryCov_9fa48("493", "494", "495"),
              (stryMutAct_9fa48("496")
                ? Number.isSafeInteger(windowMs)
                : (stryCov_9fa48("496"), !Number.isSafeInteger(windowMs))) ||
                (stryMutAct_9fa48("499")
                  ? windowMs > 0
                  : stryMutAct_9fa48("498")
                    ? windowMs < 0
                    : stryMutAct_9fa48("497")
                      ? false
                      : (stryCov_9fa48("497", "498", "499"), windowMs <= 0)))
    )
      throw new ExportError(
        stryMutAct_9fa48("500") ? "" : (stryCov_9fa48("500"), "window"),
        stryMutAct_9fa48("501")
          ? ``
          : (stryCov_9fa48("501"),
            `must be a positive whole number of milliseconds, got ${windowMs}`),
      );
    const end = interval.end.getTime();
    const windows: Window[] = stryMutAct_9fa48("502")
      ? ["Stryker was here"]
      : (stryCov_9fa48("502"), []);
    for (
      let start = interval.start.getTime();
      stryMutAct_9fa48("505")
        ? start >= end
        : stryMutAct_9fa48("504")
          ? start <= end
          : stryMutAct_9fa48("503")
            ? false
            : (stryCov_9fa48("503", "504", "505"), start < end);
    ) {
      if (stryMutAct_9fa48("506")) {
      } else {
        stryCov_9fa48("506");
        const next = stryMutAct_9fa48("507")
          ? Math.max(end, (Math.floor(start / windowMs) + 1) * windowMs)
          : (stryCov_9fa48("507"),
            Math.min(
              end,
              stryMutAct_9fa48("508")
                ? (Math.floor(start / windowMs) + 1) / windowMs
                : (stryCov_9fa48("508"),
                  (stryMutAct_9fa48("509")
                    ? Math.floor(start / windowMs) - 1
                    : (stryCov_9fa48("509"),
                      Math.floor(
                        stryMutAct_9fa48("510")
                          ? start * windowMs
                          : (stryCov_9fa48("510"), start / windowMs),
                      ) + 1)) * windowMs),
            ));
        windows.push(
          stryMutAct_9fa48("511")
            ? {}
            : (stryCov_9fa48("511"),
              {
                start: new Date(start),
                end: new Date(next),
              }),
        );
        start = next;
      }
    }
    return windows;
  }
}

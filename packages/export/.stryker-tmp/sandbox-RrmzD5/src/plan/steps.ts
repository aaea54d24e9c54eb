// @ts-nocheck
// Finding a workflow's steps (`--steps all`): step 1, 2, … asked for one row until the API answers 404 `step_not_found`.
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
  if (stryMutAct_9fa48("234")) {
  } else {
    stryCov_9fa48("234");
    const steps: number[] = stryMutAct_9fa48("235")
      ? ["Stryker was here"]
      : (stryCov_9fa48("235"), []);
    for (
      let stepIndex = 1;
      stryMutAct_9fa48("238")
        ? stepIndex > MAX_PROBED_STEPS + 1
        : stryMutAct_9fa48("237")
          ? stepIndex < MAX_PROBED_STEPS + 1
          : stryMutAct_9fa48("236")
            ? false
            : (stryCov_9fa48("236", "237", "238"),
              stepIndex <=
                (stryMutAct_9fa48("239")
                  ? MAX_PROBED_STEPS - 1
                  : (stryCov_9fa48("239"), MAX_PROBED_STEPS + 1)));
      stryMutAct_9fa48("240") ? (stepIndex -= 1) : (stryCov_9fa48("240"), (stepIndex += 1))
    ) {
      if (stryMutAct_9fa48("241")) {
      } else {
        stryCov_9fa48("241");
        try {
          if (stryMutAct_9fa48("242")) {
          } else {
            stryCov_9fa48("242");
            await probe.client.getStepSourceData(
              stryMutAct_9fa48("243")
                ? {}
                : (stryCov_9fa48("243"),
                  {
                    organizationId: probe.organizationId,
                    workflowId: probe.workflowId,
                    stepIndex,
                    target: stryMutAct_9fa48("244") ? "" : (stryCov_9fa48("244"), "default"),
                    filters: stryMutAct_9fa48("245")
                      ? ["Stryker was here"]
                      : (stryCov_9fa48("245"), []),
                    interval: probe.window,
                    limit: 1,
                  }),
              probe.signal
                ? stryMutAct_9fa48("246")
                  ? {}
                  : (stryCov_9fa48("246"),
                    {
                      signal: probe.signal,
                    })
                : {},
            );
          }
        } catch (error) {
          if (stryMutAct_9fa48("247")) {
          } else {
            stryCov_9fa48("247");
            if (
              stryMutAct_9fa48("250")
                ? (isReportingApiError(error, "api") && error.status === 404) ||
                  error.code === "step_not_found"
                : stryMutAct_9fa48("249")
                  ? false
                  : stryMutAct_9fa48("248")
                    ? true
                    : (stryCov_9fa48("248", "249", "250"),
                      (stryMutAct_9fa48("252")
                        ? isReportingApiError(error, "api") || error.status === 404
                        : stryMutAct_9fa48("251")
                          ? true
                          : (stryCov_9fa48("251", "252"),
                            isReportingApiError(
                              error,
                              stryMutAct_9fa48("253") ? "" : (stryCov_9fa48("253"), "api"),
                            ) &&
                              (stryMutAct_9fa48("255")
                                ? error.status !== 404
                                : stryMutAct_9fa48("254")
                                  ? true
                                  : (stryCov_9fa48("254", "255"), error.status === 404)))) &&
                        (stryMutAct_9fa48("257")
                          ? error.code !== "step_not_found"
                          : stryMutAct_9fa48("256")
                            ? true
                            : (stryCov_9fa48("256", "257"),
                              error.code ===
                                (stryMutAct_9fa48("258")
                                  ? ""
                                  : (stryCov_9fa48("258"), "step_not_found")))))
            ) {
              if (stryMutAct_9fa48("259")) {
              } else {
                stryCov_9fa48("259");
                if (
                  stryMutAct_9fa48("262")
                    ? steps.length !== 0
                    : stryMutAct_9fa48("261")
                      ? false
                      : stryMutAct_9fa48("260")
                        ? true
                        : (stryCov_9fa48("260", "261", "262"), steps.length === 0)
                )
                  throw new ExportError(
                    stryMutAct_9fa48("263") ? "" : (stryCov_9fa48("263"), "steps"),
                    stryMutAct_9fa48("264")
                      ? ""
                      : (stryCov_9fa48("264"),
                        "all: the workflow has no step (step 1 answered 404 step_not_found)"),
                  );
                return steps;
              }
            }
            throw new ExportError(
              stryMutAct_9fa48("265") ? "" : (stryCov_9fa48("265"), "steps"),
              stryMutAct_9fa48("266")
                ? ``
                : (stryCov_9fa48("266"),
                  `all: finding the workflow's steps failed at step ${stepIndex}: ${(error as Error).message}`),
              stryMutAct_9fa48("267")
                ? {}
                : (stryCov_9fa48("267"),
                  {
                    cause: error,
                  }),
            );
          }
        }
        steps.push(stepIndex);
      }
    }
    throw new ExportError(
      stryMutAct_9fa48("268") ? "" : (stryCov_9fa48("268"), "steps"),
      stryMutAct_9fa48("269")
        ? ``
        : (stryCov_9fa48("269"),
          `all: step ${stryMutAct_9fa48("270") ? MAX_PROBED_STEPS - 1 : (stryCov_9fa48("270"), MAX_PROBED_STEPS + 1)} still answered: a workflow has fewer steps; name them with --steps 1,2,…`),
    );
  }
}

// Errors every unit of the run, or of one step, would get (the API's refusals, or no answer several units in a row): once one ends a unit, the units it reaches are not started.
import { type ErrorCode, isReportingApiError } from "@giosg-reporting/client";
import type { ExportUnit } from "../plan/units";

/**
 * The API's error codes, by the status each comes with, that every unit of the run would get: a token
 * refused, a user without access, an organization or workflow the API does not know. Held to the
 * contract's catalogue: a code under a status the contract does not give it does not compile.
 */
const RUN_WIDE = {
  401: ["not_authenticated", "authentication_failed"],
  403: ["no_active_subscription", "no_organization_access", "no_reporting_permission"],
  404: ["organization_not_found", "workflow_not_found"],
} as const satisfies { readonly [Status in 401 | 403 | 404]: readonly ErrorCode<Status>[] };

/** The code every unit of the unit's step would get: the step is past the workflow's last. */
const STEP_WIDE = "step_not_found" satisfies ErrorCode<404>;

/**
 * The units an error reaches besides the one it ended: every unit of the run (401, 403, a 404
 * `organization_not_found` or `workflow_not_found`), those of the unit's step (404 `step_not_found`),
 * or none (undefined): any other error, such as a 503 after the client's retries or an answer cut
 * short, and a status without the API's code for it (a proxy's 403, say), which may be the request's own.
 */
export function reachOf(error: unknown): "run" | "step" | undefined {
  if (!isReportingApiError(error, "api") || error.code === undefined) return undefined;
  const { status, code } = error;
  if (status === 401 || status === 403 || status === 404) {
    if ((RUN_WIDE[status] as readonly string[]).includes(code)) return "run";
    if (status === 404 && code === STEP_WIDE) return "step";
  }
  return undefined;
}

/** Units not started because the API refused, for one unit, what each of them would ask. */
export interface ExportStop {
  /** The error that ended `unit` (a `ReportingApiError`): the API's answer, or the want of one. */
  readonly error: Error;
  /** The unit whose answer it was (it is among the summary's failures). */
  readonly unit: ExportUnit;
  /** The step whose units were stopped (404 `step_not_found`), or undefined: every step's. */
  readonly stepIndex: number | undefined;
  /** The units not started on its account: a rerun writes them. */
  readonly notStarted: number;
}

/**
 * Units that failed for want of an answer (the network, a time-out, each after the client's retries)
 * with no answer begun between them: the API is taken to be out of reach, and every unit left stops.
 */
export const UNANSWERED_IN_A_ROW = 3;

/** Whether the API gave no answer: no connection, a dropped one, or silence past the client's timeout. */
const unanswered = (error: unknown) =>
  isReportingApiError(error, "network") || isReportingApiError(error, "timeout");

/** An {@link ExportStop} while its units are counted. */
type Counting = { -readonly [Key in keyof ExportStop]: ExportStop[Key] };

/** The stops of a run: which units may still start, and how many did not. */
export class Stops {
  #run: Counting | undefined;
  readonly #steps = new Map<number, Counting>();
  readonly #all: Counting[] = [];
  /** Units failed without an answer since the last answer began. */
  #unanswered = 0;

  /**
   * Records the error that ended `unit`: when it reaches beyond the unit, or is the
   * {@link UNANSWERED_IN_A_ROW}th without an answer, the units it reaches start no more.
   */
  record(unit: ExportUnit, error: unknown): void {
    if (unanswered(error)) this.#unanswered += 1;
    const reach = this.#unanswered >= UNANSWERED_IN_A_ROW ? "run" : reachOf(error);
    if (reach === undefined || this.#run !== undefined) return;
    if (reach === "step" && this.#steps.has(unit.stepIndex)) return;
    const stop: Counting = {
      error: error as Error,
      unit,
      stepIndex: reach === "step" ? unit.stepIndex : undefined,
      notStarted: 0,
    };
    if (reach === "run") this.#run = stop;
    else this.#steps.set(unit.stepIndex, stop);
    this.#all.push(stop);
  }

  /** A unit's answer began (a 200 and its `fields`): the API answers, and the count of units without an answer starts again. */
  answered(): void {
    this.#unanswered = 0;
  }

  /** Whether `unit` is stopped (then counted as not started by the stop that reaches it). */
  stopped(unit: ExportUnit): boolean {
    const stop = this.#run ?? this.#steps.get(unit.stepIndex);
    if (stop === undefined) return false;
    stop.notStarted += 1;
    return true;
  }

  /** The stops, in the order they came. */
  list(): readonly ExportStop[] {
    return this.#all.map((stop) => ({ ...stop }));
  }
}

// What a replayed answer's recording covers: the windows of recording.json, read back to say so in each answer.
import { Windows } from "./windows";

/** How much of a replayed answer the recording covers: all, some, or none of what it asks. */
export type Coverage = "complete" | "partial" | "none";

/** The response header that says a replayed answer's {@link Coverage}. */
export const COVERAGE_HEADER = "X-Stub-Recording-Coverage";

/** The most uncovered windows remembered to warn of each once; past it, the memory starts over. */
const MAX_WARNED = 10_000;

interface Manifest {
  windows?: { workflow: string; step: number; target: string; intervals: [string, string][] }[];
  sourceData?: { organization: string; intervals: [string, string][] }[];
}

/** What one query asks of the recording: which rows (a step's, or an organization's outer goals) and when. */
export type CoveredQuery =
  | {
      readonly workflowId: string;
      readonly step: number;
      readonly goals: boolean;
      readonly from: number;
      readonly to: number;
    }
  | { readonly outerGoalsOf: string; readonly from: number; readonly to: number };

/**
 * The windows a recording holds completely (`recording.json`), per workflow, step and target and per
 * organization for `source_data`: a replay's answers say how much of each query they cover.
 */
export class RecordingCoverage {
  readonly #windows = new Map<string, Windows>();
  readonly #warned = new Set<string>();

  /** Reads a recorder's `recording.json`. */
  constructor(manifest: unknown) {
    const { windows, sourceData } = (manifest ?? {}) as Manifest;
    for (const { workflow, step, target, intervals } of windows ?? [])
      this.#add(stepKey(workflow, step, target === "triggered_goal"), intervals);
    for (const { organization, intervals } of sourceData ?? [])
      this.#add(outerKey(organization), intervals);
  }

  #add(key: string, intervals: readonly [string, string][]): void {
    let windows = this.#windows.get(key);
    if (!windows) {
      windows = new Windows();
      this.#windows.set(key, windows);
    }
    for (const [start, end] of intervals) windows.add(Date.parse(start), Date.parse(end));
  }

  /** How much of the query's interval the recording holds completely. */
  of(query: CoveredQuery): Coverage {
    const key =
      "outerGoalsOf" in query
        ? outerKey(query.outerGoalsOf)
        : stepKey(query.workflowId, query.step, query.goals);
    const windows = this.#windows.get(key);
    if (!windows) return "none";
    if (windows.covers(query.from, query.to)) return "complete";
    return windows.overlaps(query.from, query.to) ? "partial" : "none";
  }

  /** True the first time `what` is asked (so that it is warned of once), false after. */
  firstTime(what: string): boolean {
    if (this.#warned.has(what)) return false;
    if (this.#warned.size >= MAX_WARNED) this.#warned.clear();
    this.#warned.add(what);
    return true;
  }
}

const stepKey = (workflowId: string, step: number, goals: boolean) =>
  `${workflowId.toLowerCase()}|${step}|${goals ? "goals" : "events"}`;
const outerKey = (organizationId: string) => `outer|${organizationId.toLowerCase()}`;

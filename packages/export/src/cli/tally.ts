// What a run has done so far: units, rows per step and target (finished and in progress), retries, time.
import type { Target } from "@giosg-reporting/client";
import type { UnitEvent } from "../export-options";
import { type ExportUnit, unitKey } from "../plan/units";

/** Rows written for one (step, target) by this run. */
export interface StepTargetRows {
  readonly stepIndex: number;
  readonly target: Target;
  readonly rows: number;
}

/** The running count of a CLI run, fed by the library's events; the progress line and the summary read it. */
export class RunTally {
  /** Milliseconds from any origin at the run's start. */
  readonly startedAt: number;
  /** Every unit of the run, when known before it starts. */
  total: number | undefined;
  written = 0;
  skipped = 0;
  failed = 0;
  /** Rows of the units written whole. */
  rows = 0;
  retries = 0;
  /** The last retry heard of, for the progress line. */
  lastRetry: string | undefined;
  readonly #byStepTarget = new Map<string, StepTargetRows>();
  /** The units being written, with their rows so far (several with concurrency). */
  readonly #inProgress = new Map<string, { unit: ExportUnit; rows: number }>();
  readonly #clock: () => number;

  constructor(clock: () => number = () => performance.now(), total?: number) {
    this.#clock = clock;
    this.startedAt = clock();
    this.total = total;
  }

  /** Units done (written, skipped or failed). */
  get done(): number {
    return this.written + this.skipped + this.failed;
  }

  /** Rows written so far, the units in progress included. */
  get rowsSoFar(): number {
    let rows = this.rows;
    for (const { rows: partial } of this.#inProgress.values()) rows += partial;
    return rows;
  }

  /** Seconds since the run started. */
  get seconds(): number {
    return (this.#clock() - this.startedAt) / 1000;
  }

  /** The units being written, oldest first. */
  get current(): readonly ExportUnit[] {
    return [...this.#inProgress.values()].map(({ unit }) => unit);
  }

  /** Rows written, per (step, target), in the order first seen. */
  get byStepTarget(): readonly StepTargetRows[] {
    return [...this.#byStepTarget.values()];
  }

  /** A unit's rows begin to be written: the returned entry's `rows` is counted up as they pass. */
  started(unit: ExportUnit): { rows: number } {
    const entry = { unit, rows: 0 };
    this.#inProgress.set(unitKey(unit), entry);
    this.lastRetry = undefined;
    return entry;
  }

  /** A unit's writing ended (whole or not); its rows count once its event says written. */
  ended(unit: ExportUnit): void {
    this.#inProgress.delete(unitKey(unit));
  }

  /** What became of a unit, from the library's `onUnit`. */
  unit(event: UnitEvent): void {
    this.#inProgress.delete(unitKey(event.unit));
    this.lastRetry = undefined;
    // A split unit becomes two, each with its own event; an oversized one's written event follows.
    if (event.kind === "split") {
      if (this.total !== undefined) this.total += 1;
      return;
    }
    if (event.kind === "oversized") return;
    if (event.kind === "skipped") this.skipped += 1;
    else if (event.kind === "failed") this.failed += 1;
    else {
      this.written += 1;
      this.rows += event.rows;
      const { stepIndex, target } = event.unit;
      const key = `${stepIndex}/${target}`;
      const before = this.#byStepTarget.get(key)?.rows ?? 0;
      this.#byStepTarget.set(key, { stepIndex, target, rows: before + event.rows });
    }
  }

  /** A retry the client made, from its `onRetry`. */
  retry(reason: number | string, waitMs: number): void {
    this.retries += 1;
    this.lastRetry = `${reason}, retrying in ${(waitMs / 1000).toFixed(1)} s`;
  }
}

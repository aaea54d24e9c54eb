// The export's options, its plan, its events and its summary: what a caller of exportSourceData gives and gets.
import type { ReportingClient, Target } from "@giosg-reporting/client";
import type { ExportUnit } from "./plan/units";
import type { ExportInterval, Window } from "./plan/windows";
import type { ExportStop } from "./run/stops";
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
  /**
   * Answers read at once, 1 to 16 (default 2): requests in flight. A unit whose rows are all in
   * finishes (its flush, rename or commit) while the next one's answer is read.
   */
  readonly concurrency?: number;
  /** The clock an interval ending at `now` is resolved with (default the system's). */
  readonly now?: () => Date;
  /** Where the units go, such as {@link openFileSink}'s. */
  readonly sink: ExportSink;
  /** Called once the units are planned (steps found, interval resolved), before the first is written. */
  readonly onPlan?: (plan: ExportPlan) => void;
  /** Called after each unit: written, skipped, split, oversized (a note) or failed (not for a unit a stop kept from starting). */
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
  | { readonly kind: "skipped"; readonly unit: ExportUnit; readonly key: string }
  | {
      /** The answer passed `maxWindowRows` (now, or in an earlier run: `resumed`): its halves are exported instead. */
      readonly kind: "split";
      readonly unit: ExportUnit;
      readonly key: string;
      readonly halves: readonly [ExportUnit, ExportUnit];
      /** True when an earlier run split it: its halves are exported without asking for the whole window again. */
      readonly resumed?: boolean;
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
  /** Units that failed (the others were still written, unless a stop reached them). */
  readonly failures: readonly UnitFailure[];
  /**
   * Errors every unit of the run, or of one step, would get (a 401 or 403, a 404 of the organization,
   * workflow or step, or no answer for several units in a row), each met by one unit: the units they
   * reach were not started.
   */
  readonly stops: readonly ExportStop[];
}

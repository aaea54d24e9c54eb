// What a conformance run reports: each check's verdict, the requests it made and the deviations found.
import type { Deviation, ReadingId } from "@giosg-reporting/contract";

/** A request as the report shows it: never its headers, so never the token. */
export interface RequestEvidence {
  /** Always `POST`. */
  readonly method: string;
  /** The URL's path, such as `/api/reporting/workflow/v1/orgs/…/workflows/…/step/1`. */
  readonly path: string;
  /** The JSON payload sent. */
  readonly payload: unknown;
  /** The status of the answer kept (the last attempt's), when there was one. */
  readonly status?: number;
  /** How many rows a 200 answered (that were read, when it was cut). */
  readonly rows?: number;
  /**
   * Which bound the answer passed, such as `larger than 4194304 bytes (--max-answer-bytes)`: it was
   * audited up to there and the rest not read.
   */
  readonly cut?: string;
  /** How many attempts the client made (retries after 429, 502, 503, 504 or a network error included). */
  readonly attempts: number;
}

/** A deviation found by a check: the contract's audit or a relation between answers, with its evidence. */
export interface CheckDeviation extends Deviation {
  /** What it contradicts: `reading "<id>" (<title>)`, or `the documentation itself`. */
  readonly contradicts: string;
  /** The request whose answer shows it. */
  readonly request?: RequestEvidence;
}

/** A check's verdict: every answer conformed, one did not, or the check could not be made. */
export type CheckStatus = "pass" | "deviation" | "skipped";

/** One check of the run. */
export interface CheckResult {
  /** A stable id, such as `limit-prefix`. */
  readonly id: string;
  /** What it checks, in one line. */
  readonly title: string;
  /** The reading it guards, when it guards one. */
  readonly reading?: ReadingId;
  /** The verdict. */
  readonly status: CheckStatus;
  /** Why it was skipped. */
  readonly reason?: string;
  /** The requests it made, in order. */
  readonly requests: readonly RequestEvidence[];
  /** What deviated (empty unless `status` is `deviation`). */
  readonly deviations: readonly CheckDeviation[];
}

/** How many checks ended in each verdict. */
export interface ReportSummary {
  /** Checks run, discovery included. */
  readonly checks: number;
  /** Checks whose every answer conformed. */
  readonly pass: number;
  /** Checks with at least one deviation. */
  readonly deviation: number;
  /** Checks that could not be made (no rows to check), each with its reason. */
  readonly skipped: number;
  /** Requests made in all, retries counted once per attempt. */
  readonly requests: number;
  /** Whether the server conforms: no check deviated and none was skipped (a skipped check says nothing). */
  readonly conforms: boolean;
  /** Whether every check was made (none skipped), whatever its verdict. */
  readonly complete: boolean;
}

/** The report of one conformance run (what `--report` writes as JSON). */
export interface ConformanceReport {
  /** `@giosg-reporting/check`. */
  readonly tool: string;
  /** The tool's version. */
  readonly version: string;
  /** The server checked. */
  readonly baseUrl: string;
  /** The organization's id, lowercase. */
  readonly organization: string;
  /** The workflow's id, lowercase. */
  readonly workflow: string;
  /** The step's index. */
  readonly step: number;
  /** The interval searched, ISO 8601. */
  readonly interval: { readonly start: string; readonly end: string };
  /** Where the interval came from: `--interval`, the workflow's `info/` dates, or the 30 days before now. */
  readonly intervalFrom: "option" | "workflow-info" | "default";
  /** When the run started, ISO 8601. */
  readonly startedAt: string;
  /** Every check, in the order run. */
  readonly checks: readonly CheckResult[];
  /** The counts and the verdict. */
  readonly summary: ReportSummary;
}

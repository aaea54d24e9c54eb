import type { ErrorCode, FieldError } from "@giosg-reporting/contract";

/**
 * What went wrong: `api` (the API answered an error status), `invalid-request` (the options break the
 * contract; nothing was sent), `invalid-response` (the answer breaks the contract or is not JSON),
 * `too-large` (the answer, or one streamed row, is larger than `maxAnswerBytes` or `maxRowBytes`),
 * `network` (no answer), `timeout` (no answer in time), `aborted` (the caller's signal) or `fetch` (the
 * fetch function failed in a way that is not the network: it was called wrongly or an injected fetch
 * has a bug; never retried).
 */
export type ReportingErrorKind =
  | "api"
  | "invalid-request"
  | "invalid-response"
  | "too-large"
  | "network"
  | "timeout"
  | "aborted"
  | "fetch";

/** The facts of a {@link ReportingApiError}. */
export interface ReportingErrorInit {
  readonly kind: ReportingErrorKind;
  readonly message: string;
  readonly status?: number | undefined;
  readonly code?: string | undefined;
  readonly detail?: string | undefined;
  readonly fieldErrors?: readonly FieldError[] | undefined;
  readonly body?: unknown;
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
}

/** The one error the client throws: see {@link ReportingApiError.kind} for what went wrong. */
export class ReportingApiError extends Error {
  override readonly name = "ReportingApiError";
  /** What went wrong. */
  readonly kind: ReportingErrorKind;
  /** The HTTP status, when the API answered. */
  readonly status: number | undefined;
  /** The error body's `code` (e.g. `no_organization_access`), when the API sent one. */
  readonly code: ErrorCode | (string & {}) | undefined;
  /** The error body's `detail`, when the API sent one. */
  readonly detail: string | undefined;
  /** The failing inputs: of a 400 answer, or found before sending (`invalid-request`), or of a response that breaks the contract. */
  readonly fieldErrors: readonly FieldError[];
  /** The answer's body as received, when there was one. */
  readonly body: unknown;
  /** How many requests were made, retries included. */
  readonly attempts: number;

  constructor(init: ReportingErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.body = init.body;
    this.attempts = init.attempts ?? 0;
  }

  /** Whether the API answered with an error status (as opposed to no usable answer at all). */
  get isApiError(): boolean {
    return this.kind === "api";
  }
}

/** Whether `error` is a {@link ReportingApiError}, optionally of one kind. */
export function isReportingApiError(
  error: unknown,
  kind?: ReportingErrorKind,
): error is ReportingApiError {
  return error instanceof ReportingApiError && (kind === undefined || error.kind === kind);
}

// Sends the run's queries one at a time through the client, paced, and reads each answer within the run's bounds.
import { createClient, isReportingApiError, type ReportingClient } from "@giosg-reporting/client";
import {
  type AuditedQuery,
  type Deviation,
  STEP_SOURCE_DATA_PATH,
} from "@giosg-reporting/contract";
import { type AnswerBounds, type ReadAnswer, readAnswer } from "./answer-reader";
import { capturingFetch } from "./capture";
import { type Redact, redactor } from "./redact";
import type { RequestEvidence } from "./report";

/** A query as sent: path parameters and payload, either of which may break the contract on purpose. */
export interface Probe {
  readonly params: {
    readonly organization_id: string;
    readonly workflow_id: string;
    readonly step_index: number | string;
  };
  readonly body: Record<string, unknown>;
  /** Another token than the run's, for the probe of a refused token. */
  readonly token?: string;
}

/**
 * An answer: its status, content type, body (a 200's `{ fields, data }` of the rows read; else parsed
 * as JSON, or its text), what the contract's audit found in it, and the bound it passed, if any.
 */
export interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
  /** The contract's audit of the answer, made row by row as it came. */
  readonly deviations: readonly Deviation[];
  /** Which bound the answer passed, such as `larger than 4194304 bytes (--max-answer-bytes)`: the rest was not read. */
  readonly cut?: string;
}

/** A probe's outcome: the request as evidence, and the answer, or why there was none. */
export interface Exchange {
  readonly probe: Probe;
  readonly request: RequestEvidence;
  readonly answer?: Answer;
  /** Why no answer came (network, timeout), in the client's words. */
  readonly failure?: string;
}

/** How the prober reaches the server. */
export interface ProberOptions {
  /** Where the API is. */
  readonly baseUrl: string;
  /** The run's token (a probe may bring another). */
  readonly token: string;
  /** How the token is sent. */
  readonly tokenType: "Token" | "Bearer";
  /** Milliseconds from one answer to the next request. */
  readonly paceMs: number;
  /** Milliseconds of silence allowed per attempt. */
  readonly timeoutMs: number;
  /** The most bytes of one answer read (`--max-answer-bytes`). */
  readonly maxAnswerBytes: number;
  /** The most rows of one answer read (`--max-answer-rows`). */
  readonly maxAnswerRows: number;
  /** The fetch under the capture (default the global one). */
  readonly fetch?:
    | ((input: Request | string | URL, init?: RequestInit) => Promise<Response>)
    | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends probes in order, `paceMs` apart, each through a client that retries and honours Retry-After. */
export class Prober {
  readonly #options: ProberOptions;
  readonly #clients = new Map<string, ReportingClient>();
  readonly #prefix: string;
  readonly #bounds: AnswerBounds;
  /** The answers read for the call under way: how many, and the last (an earlier attempt's rows are let go). */
  #captured: { count: number; last: ReadAnswer | undefined } = { count: 0, last: undefined };
  /** The query being sent, whose answers are audited (none for `info/`), and the redaction of its tokens. */
  #reading: { query: AuditedQuery | undefined; redact: Redact };
  #lastEnd: number | undefined;
  /** Attempts made so far, retries included. */
  attempts = 0;

  constructor(options: ProberOptions) {
    this.#options = options;
    this.#prefix = new URL(options.baseUrl).pathname.replace(/\/+$/, "");
    this.#bounds = { maxBytes: options.maxAnswerBytes, maxRows: options.maxAnswerRows };
    this.#reading = { query: undefined, redact: redactor([options.token]) };
  }

  #client(token: string): ReportingClient {
    let client = this.#clients.get(token);
    if (!client) {
      client = createClient({
        token,
        tokenType: this.#options.tokenType,
        baseUrl: this.#options.baseUrl,
        timeoutMs: this.#options.timeoutMs,
        validateResponse: false,
        headers: { "user-agent": "giosg-reporting-check" },
        fetch: capturingFetch(this.#options.fetch ?? globalThis.fetch, async (response, path) => {
          const { query, redact } = this.#reading;
          const answer = await readAnswer(response, path, query, this.#bounds, redact);
          this.#captured = { count: this.#captured.count + 1, last: answer };
          return answer.text;
        }),
      });
      this.#clients.set(token, client);
    }
    return client;
  }

  /** The workflow's `info/` as the server answers it; undefined when it answers no 200 (never throws). */
  async workflowInfo(organizationId: string, workflowId: string): Promise<unknown> {
    this.#captured = { count: 0, last: undefined };
    this.#reading = { query: undefined, redact: redactor([this.#options.token]) };
    try {
      const answer = await this.#client(this.#options.token).raw.getWorkflowInfo({
        params: { organization_id: organizationId, workflow_id: workflowId },
      });
      return answer.status === 200 ? answer.body : undefined;
    } catch {
      return undefined;
    } finally {
      this.attempts += Math.max(this.#captured.count, 1);
      this.#lastEnd = Date.now();
    }
  }

  /** Sends one probe and returns what came back (never throws for an answer, whatever its status). */
  async send(probe: Probe): Promise<Exchange> {
    if (this.#lastEnd !== undefined) {
      const wait = this.#lastEnd + this.#options.paceMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
    this.#captured = { count: 0, last: undefined };
    // The tokens are redacted from each row before anything (the audit, the evidence) can cut it short.
    const redact = redactor([this.#options.token, probe.token]);
    this.#reading = { query: probe as AuditedQuery, redact };
    const { params } = probe;
    const path =
      this.#prefix +
      STEP_SOURCE_DATA_PATH.replace(":organization_id", encodeURIComponent(params.organization_id))
        .replace(":workflow_id", encodeURIComponent(params.workflow_id))
        .replace(":step_index", encodeURIComponent(String(params.step_index)));
    let failure: string | undefined;
    let attempts = 0;
    try {
      // raw sends the payload as given: probes may break the contract on purpose.
      // Path parameters as text: ts-rest leaves a falsy one (step_index 0) out of the path.
      await this.#client(probe.token ?? this.#options.token).raw.getStepSourceData({
        params: {
          organization_id: String(params.organization_id),
          workflow_id: String(params.workflow_id),
          step_index: String(params.step_index),
        } as never,
        body: probe.body as never,
      });
    } catch (error) {
      attempts = isReportingApiError(error) ? error.attempts : 0;
      // An answer the client refuses (an undeclared status, a 200 that is not JSON) was still captured.
      const answered =
        isReportingApiError(error) && ["api", "invalid-response", "too-large"].includes(error.kind);
      if (!answered) failure = error instanceof Error ? error.message : String(error);
    } finally {
      this.#lastEnd = Date.now();
    }
    const captured = this.#captured;
    const made = Math.max(captured.count, attempts, 1);
    this.attempts += made;
    const last = failure === undefined ? captured.last : undefined;
    const request: RequestEvidence = {
      method: "POST",
      path: captured.last?.path ?? path,
      payload: probe.body,
      ...(last ? { status: last.status } : {}),
      ...(last?.body !== undefined && last.rows !== undefined ? { rows: last.rows } : {}),
      ...(last?.cut === undefined ? {} : { cut: last.cut }),
      attempts: made,
    };
    if (!last) return { probe, request, failure: redact(failure ?? "no answer") };
    const { status, contentType, body, deviations, cut } = last;
    return {
      probe,
      request,
      answer: { status, contentType, body, deviations, ...(cut === undefined ? {} : { cut }) },
    };
  }
}

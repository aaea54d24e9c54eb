import { RETRYABLE_ERROR_STATUSES } from "@giosg-reporting/contract";
import { ReportingApiError } from "./errors";
import type { ResolvedOptions } from "./options";

/** Statuses worth another attempt, as the contract's error catalogue marks them: throttled, or a gateway that could not reach the API. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set(RETRYABLE_ERROR_STATUSES);

/** An answer whose headers have arrived, and what it took. */
export interface Sent {
  readonly response: Response;
  /** Requests made, retries included. */
  readonly attempts: number;
  /** Aborts when the caller's signal does or the attempt's time runs out: reading the body too. */
  readonly signal: AbortSignal;
  /** Classifies an error thrown while reading the body (timeout, abort or network). */
  readonly failure: (error: unknown) => ReportingApiError;
  /** Gives the body another `timeoutMs` from now (streams call it at each chunk: an idle timeout). */
  readonly extendTimeout: () => void;
  /** Stops the attempt's timer once the body is read. */
  readonly done: () => void;
}

/** A timer that aborts its signal after `ms` unless extended or stopped; none for 0. */
function attemptTimer(ms: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    if (ms <= 0) return;
    clearTimeout(timer);
    timer = setTimeout(
      () => controller.abort(new DOMException(`No answer within ${ms} ms`, "TimeoutError")),
      ms,
    );
  };
  start();
  return {
    signal: ms > 0 ? controller.signal : undefined,
    extend: start,
    stop: () => clearTimeout(timer),
  };
}

/** What the transport needs of the client's options. */
export type TransportOptions = Pick<ResolvedOptions, "timeoutMs" | "retry"> & {
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Uniform numbers in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
};

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), if any. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function classify(
  error: unknown,
  caller: AbortSignal | undefined,
  timeout: AbortSignal | undefined,
  attempts: number,
  timeoutMs: number,
): ReportingApiError {
  if (error instanceof ReportingApiError) return error;
  if (caller?.aborted) {
    return new ReportingApiError({
      kind: "aborted",
      message: "The request was aborted by the caller",
      attempts,
      cause: caller.reason,
    });
  }
  if (timeout?.aborted) {
    return new ReportingApiError({
      kind: "timeout",
      message: `No answer within ${timeoutMs} ms`,
      attempts,
      cause: error,
    });
  }
  return new ReportingApiError({
    kind: "network",
    message: `The request failed before an answer arrived: ${causes(error)}`,
    attempts,
    cause: error,
  });
}

/** An error's message with those of its causes (`fetch failed: unknown scheme`), where the reason usually is. */
function causes(error: unknown): string {
  const messages: string[] = [];
  for (let at = error, depth = 0; at !== undefined && depth < 5; depth += 1) {
    const message = at instanceof Error ? at.message : String(at);
    if (message !== "" && !messages.includes(message)) messages.push(message);
    at = at instanceof Error ? at.cause : undefined;
  }
  return messages.join(": ");
}

/** The last attempt's error, saying how many attempts were made and how long they took in all. */
function afterAttempts(error: ReportingApiError, startedAt: number): ReportingApiError {
  if (error.attempts <= 1) return error;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  return new ReportingApiError({
    kind: error.kind,
    message: `${error.message} (the last of ${error.attempts} attempts; ${seconds} s in all)`,
    status: error.status,
    code: error.code,
    detail: error.detail,
    fieldErrors: error.fieldErrors,
    body: error.body,
    attempts: error.attempts,
    cause: error.cause,
  });
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (for fetches that ignore signals). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The wait before retry number `attempt` (1 for the first): `baseDelayMs` doubled at each retry,
 * capped at `maxDelayMs`, then jittered to between half and all of it.
 */
export function backoffMs(
  retry: Exclude<TransportOptions["retry"], false>,
  attempt: number,
  random: () => number = Math.random,
): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
}

/** Failures worth another attempt: no answer, or no answer in time. */
const retryableKind = (error: ReportingApiError) =>
  error.kind === "network" || error.kind === "timeout";

/**
 * Sends a request and hands the answer to `consume`, retrying as the options say: after network
 * errors and timeouts (while sending or while `consume` reads the body), and after 429, 502, 503 and
 * 504 answers, with exponential backoff and jitter (a `Retry-After` header is honoured), never after
 * any other status, within the retry count and the total time budget. Throws a `network`, `timeout`
 * or `aborted` error when no answer could be had.
 */
export async function send<T>(
  url: string,
  init: RequestInit,
  caller: AbortSignal | undefined,
  options: TransportOptions,
  consume: (sent: Sent) => Promise<T>,
): Promise<T> {
  const retry = options.retry;
  const random = options.random ?? Math.random;
  const started = Date.now();
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const timer = attemptTimer(options.timeoutMs);
    const timeout = timer.signal;
    const signals = [caller, timeout].filter(
      (signal): signal is AbortSignal => signal !== undefined,
    );
    const signal = signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
    const attempt = attempts;
    const failure = (error: unknown) =>
      classify(error, caller, timeout, attempt, options.timeoutMs);
    let response: Response | undefined;
    let error: ReportingApiError | undefined;
    try {
      const fetched = options.fetch(url, { ...init, signal });
      response = await (signals.length > 0 ? abortable(fetched, signal) : fetched);
    } catch (thrown) {
      timer.stop();
      error = failure(thrown);
      if (error.kind === "aborted") throw error;
    }
    const answer = (received: Response): Sent => ({
      response: received,
      attempts: attempt,
      signal,
      failure,
      extendTimeout: timer.extend,
      done: timer.stop,
    });
    if (response && !RETRYABLE_STATUSES.has(response.status)) {
      try {
        return await consume(answer(response));
      } catch (thrown) {
        timer.stop();
        if (!(thrown instanceof ReportingApiError) || !retryableKind(thrown)) throw thrown;
        error = thrown;
        response = undefined;
      }
    }

    const backoff = retry ? backoffMs(retry, attempts, random) : 0;
    const asked = response ? retryAfterMs(response.headers.get("retry-after")) : undefined;
    const delay = asked ?? backoff;
    const canRetry =
      retry !== false &&
      attempts <= retry.retries &&
      Date.now() - started + delay <= retry.maxElapsedMs;
    if (!canRetry) {
      if (response) return consume(answer(response));
      throw afterAttempts(error ?? failure(undefined), started);
    }
    timer.stop();
    await response?.body?.cancel().catch(() => {});
    try {
      await sleep(delay, caller);
    } catch (aborted) {
      throw classify(aborted, caller, undefined, attempts, options.timeoutMs);
    }
  }
}

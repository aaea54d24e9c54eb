// Sends a request with retries, and reads its answer's body within the call's time.
import { RETRYABLE_ERROR_STATUSES } from "@giosg-reporting/contract";
import { ReportingApiError } from "../errors";
import type { ResolvedOptions, RetryEvent } from "../options";
import { browserRefusal } from "./browser-refusal";
import { AttemptTimer, abortable, type Call, sleep } from "./call";
import { nextAttempt } from "./retry";

export { backoffMs, retryAfterMs } from "./retry";

/** Statuses worth another attempt, as the contract's error catalogue marks them: throttled, or a gateway that could not reach the API. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set(RETRYABLE_ERROR_STATUSES);

/** A request to send: where, and what. */
export interface OutgoingRequest {
  readonly url: string;
  readonly init: RequestInit;
}

/** An answer whose headers have arrived, and what it took. */
export interface Sent {
  readonly response: Response;
  /** Requests made, retries included. */
  readonly attempts: number;
  /** Why no retry followed, when the API asked for a wait beyond the budget (for the error's message). */
  readonly note: string | undefined;
  /** The body's next bytes, undefined at its end; throws the typed `timeout`, `aborted` or `network` error. */
  readonly read: () => Promise<Uint8Array | undefined>;
  /** The typed error for `error` thrown while reading (`aborted`, `timeout` or `network`, as the clocks say). */
  readonly failure: (error: unknown) => ReportingApiError;
  /** Stops reading the body: cancels it (without waiting for the cancel to settle) and stops the attempt's timer. */
  readonly cancel: () => Promise<void>;
}

/** What the transport needs of the client's options. */
export type TransportOptions = Pick<ResolvedOptions, "timeoutMs" | "retry"> & {
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Told of each retry before its wait. */
  readonly onRetry?: (retry: RetryEvent) => void;
  /** Uniform numbers in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
};

/** One attempt: its timer, its signal (the call's and the timer's), and its errors typed. */
function attemptOf(call: Call, options: TransportOptions, attempts: number) {
  const timer = new AttemptTimer(options.timeoutMs);
  const signals = [call.signal, timer.signal].filter((signal) => signal !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const failure = (error: unknown) => call.failure(error, attempts, timer.fired, options.timeoutMs);

  /** The answer handed to a consumer: its body read chunk by chunk within the time left. */
  const sent = (response: Response, note: string | undefined): Sent => {
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let finished = response.body === null;
    return {
      response,
      attempts,
      note,
      failure,
      async read() {
        if (finished) return undefined;
        reader ??= (response.body as ReadableStream<Uint8Array>).getReader();
        // For a stream, the timer measures the API's silence only: it runs while a read waits.
        if (call.idle) timer.start();
        try {
          const chunk = await abortable(reader.read(), signal);
          if (!chunk.done) return chunk.value;
          finished = true;
          timer.stop();
          return undefined;
        } catch (error) {
          finished = true;
          timer.stop();
          void reader.cancel().catch(() => {});
          throw failure(error);
        } finally {
          if (call.idle) timer.stop();
        }
      },
      async cancel() {
        timer.stop();
        if (finished) return;
        finished = true;
        // Not awaited: a cancel may never settle (msw 2's mocked bodies), and nothing waits on it.
        void (reader ?? response.body)?.cancel().catch(() => {});
      },
    };
  };
  return { timer, signal, failure, sent };
}

/**
 * The `api` error for an answer that redirects (a 3xx, or a browser's opaque redirect, whose status is
 * 0 and whose `Location` cannot be read), or undefined for any other answer. The client follows no
 * redirect: a 302 to another host would turn the POST into a GET whose answer is someone else's.
 */
function redirectError(
  response: Response,
  url: string,
  attempts: number,
): ReportingApiError | undefined {
  if (response.type === "opaqueredirect")
    return new ReportingApiError({
      kind: "api",
      message:
        "The API redirected the request (the browser does not say where to); the client follows no redirect: check baseUrl",
      attempts,
    });
  if (response.status < 300 || response.status > 399) return undefined;
  const location = response.headers.get("location");
  let where = "without a Location";
  if (location !== null)
    try {
      where = `to ${new URL(location, url).href}`;
    } catch {
      where = `to ${JSON.stringify(location)}`;
    }
  return new ReportingApiError({
    kind: "api",
    message: `The API redirected the request (${response.status}) ${where}; the client follows no redirect: check baseUrl`,
    status: response.status,
    attempts,
  });
}

/** Failures worth another attempt: no answer, or no answer in time. */
const retryableKind = (error: ReportingApiError) =>
  error.kind === "network" || error.kind === "timeout";

/** `error` with `note` added to its message. */
function withNote(error: ReportingApiError, note: string): ReportingApiError {
  return new ReportingApiError({
    kind: error.kind,
    message: `${error.message}${note}`,
    status: error.status,
    code: error.code,
    detail: error.detail,
    fieldErrors: error.fieldErrors,
    body: error.body,
    attempts: error.attempts,
    cause: error.cause,
  });
}

/** The last attempt's error, saying how many attempts were made and how long they took in all. */
function afterAttempts(error: ReportingApiError, startedAt: number): ReportingApiError {
  if (error.attempts <= 1) return error;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  return withNote(error, ` (the last of ${error.attempts} attempts; ${seconds} s in all)`);
}

/**
 * Sends a request and hands the answer to `consume`, retrying as the options say: after network
 * errors and timeouts (while sending, or while `consume` reads a 200 answer's body), and after 429,
 * 502, 503 and 504 answers, with exponential backoff and jitter or the wait `Retry-After` asks when
 * it fits the budget; never after any other status, whatever its body does. A retryable answer that
 * is not retried is handed to `consume` too, with a note when the API asked for too long a wait.
 * Throws a `network`, `timeout` or `aborted` error when no answer could be had, and an `api` error,
 * never retried, when the answer redirects (no redirect is followed).
 */
export async function send<T>(
  request: OutgoingRequest,
  call: Call,
  options: TransportOptions,
  consume: (sent: Sent) => Promise<T>,
): Promise<T> {
  const random = options.random ?? Math.random;
  // Called alone, not as a method of the options: a browser's fetch throws "Illegal invocation" on another `this`.
  const { fetch } = options;
  /** A whole answer's timer stops once it is consumed; a stream's runs only while a read waits. */
  const consumed = async (sent: Sent) => {
    const value = await consume(sent);
    if (!call.idle) await sent.cancel();
    return value;
  };
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const attempt = attemptOf(call, options, attempts);
    let response: Response | undefined;
    let error: ReportingApiError | undefined;
    attempt.timer.start();
    try {
      response = await abortable(
        // Never followed: a redirect is answered as an error (see redirectError).
        fetch(request.url, { ...request.init, redirect: "manual", signal: attempt.signal ?? null }),
        attempt.signal,
      );
      if (call.idle) attempt.timer.stop();
    } catch (thrown) {
      attempt.timer.stop();
      error = attempt.failure(thrown);
      if (!retryableKind(error)) throw error;
      if (call.over) throw afterAttempts(error, call.started);
      // A browser's CORS refusal looks like a network failure; asking again would be refused again.
      if (error.kind === "network") {
        const refusal = await browserRefusal(
          request.url,
          attempts,
          thrown,
          fetch,
          call.signal,
          options.timeoutMs,
        );
        if (refusal instanceof ReportingApiError) throw afterAttempts(refusal, call.started);
        if (refusal !== undefined) error = withNote(error, refusal);
      }
    }
    const redirected = response && redirectError(response, request.url, attempts);
    if (redirected) {
      attempt.timer.stop();
      void response?.body?.cancel().catch(() => {});
      throw afterAttempts(redirected, call.started);
    }
    if (response && !RETRYABLE_STATUSES.has(response.status)) {
      const sent = attempt.sent(response, undefined);
      try {
        return await consumed(sent);
      } catch (thrown) {
        await sent.cancel();
        const retryable = thrown instanceof ReportingApiError && retryableKind(thrown);
        // Only a 200 answer cut off or stalled is asked again: other statuses are final as they come.
        if (response.status !== 200 || !retryable) throw thrown;
        if (call.over) throw afterAttempts(thrown, call.started);
        error = thrown;
        response = undefined;
      }
    }

    const next = nextAttempt(
      options.retry,
      {
        attempts,
        elapsedMs: Date.now() - call.started,
        leftMs: call.leftMs(),
        deadlineMs: call.deadlineMs,
        retryAfter: response?.headers.get("retry-after") ?? null,
      },
      random,
    );
    if (!("waitMs" in next)) {
      if (response) return consumed(attempt.sent(response, next.note));
      throw afterAttempts(error ?? attempt.failure(undefined), call.started);
    }
    attempt.timer.stop();
    void response?.body?.cancel().catch(() => {});
    options.onRetry?.({
      attempt: attempts,
      reason: response ? response.status : error?.kind === "timeout" ? "timeout" : "network",
      waitMs: next.waitMs,
    });
    try {
      await sleep(next.waitMs, call.signal);
    } catch (aborted) {
      throw afterAttempts(call.failure(aborted, attempts, false, options.timeoutMs), call.started);
    }
  }
}

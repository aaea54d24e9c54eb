// One call's clocks: the caller's signal and the deadline over all its attempts, and each attempt's timer.
import { ReportingApiError } from "../errors";

/**
 * The time a call has: the caller's signal and `deadlineMs` over the whole call (retries and, for a
 * stream, the whole iteration). `idle` says that `timeoutMs` counts only the API's silence (streams)
 * rather than a whole attempt.
 */
export class Call {
  /** When the call started (ms since the epoch). */
  readonly started = Date.now();
  /** Fires when the caller aborts or the deadline passes. */
  readonly signal: AbortSignal | undefined;
  readonly #deadline = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly caller: AbortSignal | undefined,
    readonly deadlineMs: number,
    readonly idle: boolean,
  ) {
    if (deadlineMs > 0) {
      this.#timer = setTimeout(() => this.#deadline.abort(), deadlineMs);
      this.signal = caller
        ? AbortSignal.any([caller, this.#deadline.signal])
        : this.#deadline.signal;
    } else {
      this.signal = caller;
    }
  }

  /** Milliseconds left before the deadline (Infinity without one). */
  leftMs(): number {
    return this.deadlineMs > 0
      ? this.started + this.deadlineMs - Date.now()
      : Number.POSITIVE_INFINITY;
  }

  /** Whether the call is over: aborted by the caller or past its deadline (nothing more is worth trying). */
  get over(): boolean {
    return this.signal?.aborted === true;
  }

  /** Stops the deadline's timer once the call has ended. */
  end(): void {
    clearTimeout(this.#timer);
  }

  /**
   * The typed error for something thrown while waiting on the API: the caller's abort, the deadline,
   * the attempt's own timer (`timedOut`), a network failure, or else (a programming error such as a
   * browser's "Illegal invocation") a `fetch` error, never retried.
   */
  failure(
    error: unknown,
    attempts: number,
    timedOut: boolean,
    timeoutMs: number,
  ): ReportingApiError {
    if (error instanceof ReportingApiError) return error;
    if (this.caller?.aborted)
      return new ReportingApiError({
        kind: "aborted",
        message: "The request was aborted by the caller",
        attempts,
        cause: this.caller.reason,
      });
    if (this.#deadline.signal.aborted)
      return new ReportingApiError({
        kind: "timeout",
        message: `The call did not finish within deadlineMs (${this.deadlineMs} ms)`,
        attempts,
        cause: error,
      });
    if (timedOut)
      return new ReportingApiError({
        kind: "timeout",
        message: this.idle
          ? `The API sent nothing for ${timeoutMs} ms (timeoutMs, an idle timeout)`
          : `No answer within ${timeoutMs} ms`,
        attempts,
        cause: error,
      });
    if (!isNetworkFailure(error))
      return new ReportingApiError({
        kind: "fetch",
        message: `The fetch function failed, not the network (it was called wrongly, or an injected fetch has a bug): ${causes(error)}`,
        attempts,
        cause: error,
      });
    return new ReportingApiError({
      kind: "network",
      message: `The request failed before an answer arrived: ${causes(error)}`,
      attempts,
      cause: error,
    });
  }
}

/** The errors JavaScript throws for code that is wrong, rather than for a network that failed (by name: another realm's too). */
const PROGRAMMING_ERRORS: ReadonlySet<string> = new Set([
  "TypeError",
  "ReferenceError",
  "SyntaxError",
  "RangeError",
]);

/**
 * The messages of the TypeErrors fetch throws when the network fails: undici's (`fetch failed`, and
 * `terminated` for a body cut off), Chromium's, Firefox's and Safari's, and React Native's.
 */
const NETWORK_TYPE_ERROR =
  /^(fetch failed|terminated|failed to fetch|networkerror when attempting to fetch resource\.?|load failed|network request failed|network error|the network connection was lost\.?)$/i;

/** Whether `error` or one of its causes carries a system error's `code` (`ECONNRESET`, `UND_ERR_SOCKET`; not Node's own `ERR_*`). */
function hasSystemCode(error: unknown): boolean {
  for (let at = error, depth = 0; typeof at === "object" && at !== null && depth < 5; depth += 1) {
    const { code, cause } = at as { code?: unknown; cause?: unknown };
    if (typeof code === "string" && /^((?!ERR_)E[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/.test(code))
      return true;
    at = cause;
  }
  return false;
}

/**
 * Whether `error`, thrown by fetch or by reading an answer's body, is the network failing: a
 * TypeError, ReferenceError, SyntaxError or RangeError is a programming error (`fetch` called
 * wrongly, a bug in an injected fetch) unless it is one of fetch's network TypeErrors or carries a
 * system error's code; anything else (node-fetch's FetchError, a DOMException) counts as the network.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return true;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (typeof name !== "string" || !PROGRAMMING_ERRORS.has(name)) return true;
  const networkMessage =
    name === "TypeError" && typeof message === "string" && NETWORK_TYPE_ERROR.test(message.trim());
  return networkMessage || hasSystemCode(error);
}

/** An error's message with those of its causes (`fetch failed: unknown scheme`), where the reason usually is. */
export function causes(error: unknown): string {
  const messages: string[] = [];
  for (let at = error, depth = 0; at !== undefined && depth < 5; depth += 1) {
    const message = at instanceof Error ? at.message : String(at);
    if (message !== "" && !messages.includes(message)) messages.push(message);
    at = at instanceof Error ? at.cause : undefined;
  }
  return messages.join(": ");
}

/** An attempt's timer of `ms` (none for 0): started and stopped as the call's mode says. */
export class AttemptTimer {
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly ms: number) {}

  /** Aborts when the timer runs out (undefined without a timer). */
  get signal(): AbortSignal | undefined {
    return this.ms > 0 ? this.#controller.signal : undefined;
  }

  /** Whether the timer ran out. */
  get fired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** (Re)starts the timer: `ms` from now. */
  start(): void {
    if (this.ms <= 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#controller.abort(), this.ms);
  }

  /** Stops the timer. */
  stop(): void {
    clearTimeout(this.#timer);
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (for fetches and reads that ignore signals). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(signal.reason);
    };
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

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

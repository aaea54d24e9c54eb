// When to try again and how long to wait first: backoff with jitter, or what Retry-After asks within the budget.
import type { ResolvedRetry } from "../options";

/** Milliseconds a `Retry-After` header asks for (seconds, or an HTTP date); none for a negative or unreadable one. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  // An HTTP date names its day and month; without letters, Date.parse would read "-5" as a year.
  if (!/[a-z]/i.test(header)) return undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` (1 for the first): `baseDelayMs` doubled at each retry,
 * capped at `maxDelayMs`, then jittered to between half and all of it.
 */
export function backoffMs(
  retry: Exclude<ResolvedRetry, false>,
  attempt: number,
  random: () => number = Math.random,
): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
}

/** What follows a failed attempt: a wait, then another attempt; or the end, with why when the API asked for more than the budget. */
export type NextAttempt = { readonly waitMs: number } | { readonly note: string | undefined };

/** Where a call stands when an attempt has failed. */
export interface AttemptState {
  /** Attempts made so far. */
  readonly attempts: number;
  /** Milliseconds since the first attempt started. */
  readonly elapsedMs: number;
  /** Milliseconds left before the call's deadline (Infinity without one). */
  readonly leftMs: number;
  /** The call's `deadlineMs` (0 for none), for the message. */
  readonly deadlineMs: number;
  /** The answer's `Retry-After` header, when there was an answer. */
  readonly retryAfter: string | null;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Whether to try again, and after what wait: `Retry-After` when it is readable and fits the budget
 * (`maxDelayMs`, what `maxElapsedMs` and the deadline leave: beyond it, the end, saying what was
 * asked), else the backoff while it fits `maxElapsedMs` and the deadline; never past `retries`.
 */
export function nextAttempt(
  retry: ResolvedRetry,
  state: AttemptState,
  random: () => number = Math.random,
): NextAttempt {
  if (retry === false || state.attempts > retry.retries) return { note: undefined };
  const asked = retryAfterMs(state.retryAfter);
  if (asked !== undefined) {
    const beyond =
      asked > retry.maxDelayMs
        ? `maxDelayMs ${retry.maxDelayMs}`
        : state.elapsedMs + asked > retry.maxElapsedMs
          ? `what maxElapsedMs ${retry.maxElapsedMs} leaves`
          : asked > state.leftMs
            ? `what deadlineMs ${state.deadlineMs} leaves`
            : undefined;
    if (beyond === undefined) return { waitMs: asked };
    return { note: `asked to retry after ${seconds(asked)}, beyond ${beyond}` };
  }
  const waitMs = backoffMs(retry, state.attempts, random);
  if (state.elapsedMs + waitMs > retry.maxElapsedMs || waitMs > state.leftMs)
    return { note: undefined };
  return { waitMs };
}

// Where a retry's budget ends: each bound is inclusive, and only a real HTTP date or number is a Retry-After.
import { describe, expect, it } from "vitest";
import { nextAttempt, retryAfterMs } from "../src/transport/retry";

const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

describe("retryAfterMs refuses what is no Retry-After", () => {
  it.each<[string, string]>([
    ["spaces alone (Number would read 0)", "   "],
    ["a date without a day or month name (not an HTTP date)", "2030-01-01"],
    ["a slashed date", "1/2/2030"],
  ])("%s", (_, header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });

  it("reads a number or an HTTP date with spaces around", () => {
    expect(retryAfterMs(" 2 ", now)).toBe(2_000);
    expect(retryAfterMs(" Wed, 21 Oct 2015 07:28:03 GMT ", now)).toBe(3_000);
  });
});

describe("nextAttempt's bounds are inclusive", () => {
  const retry = { retries: 3, baseDelayMs: 100, maxDelayMs: 5_000, maxElapsedMs: 30_000 };
  const at = { attempts: 1, elapsedMs: 0, leftMs: Number.POSITIVE_INFINITY, deadlineMs: 0 };
  /** The next attempt after a failure in `state`; jitter 0.5 makes the first backoff 75 ms. */
  const next = (state: Partial<typeof at>, retryAfter: string | null = null) =>
    nextAttempt(retry, { ...at, ...state, retryAfter }, () => 0.5);

  it("retries after the last attempt allowed, not after one more", () => {
    expect(next({ attempts: 3 })).toEqual({ waitMs: 300 });
    expect(next({ attempts: 4 })).toEqual({ note: undefined });
  });

  it("waits a Retry-After of exactly maxDelayMs, or exactly what maxElapsedMs or the deadline leaves", () => {
    expect(next({}, "5")).toEqual({ waitMs: 5_000 });
    expect(next({ elapsedMs: 27_000 }, "3")).toEqual({ waitMs: 3_000 });
    expect(next({ elapsedMs: 27_001 }, "3")).toEqual({
      note: "asked to retry after 3 s, beyond what maxElapsedMs 30000 leaves",
    });
    expect(next({ leftMs: 2_000, deadlineMs: 9_000 }, "2")).toEqual({ waitMs: 2_000 });
    expect(next({ leftMs: 1_999, deadlineMs: 9_000 }, "2")).toEqual({
      note: "asked to retry after 2 s, beyond what deadlineMs 9000 leaves",
    });
  });

  it("says a Retry-After to a tenth of a second", () => {
    expect(next({}, "6.25")).toEqual({
      note: "asked to retry after 6.3 s, beyond maxDelayMs 5000",
    });
  });

  it("waits a backoff that ends exactly when maxElapsedMs or the deadline does", () => {
    expect(next({ elapsedMs: 29_925 })).toEqual({ waitMs: 75 });
    expect(next({ elapsedMs: 29_926 })).toEqual({ note: undefined });
    expect(next({ leftMs: 75 })).toEqual({ waitMs: 75 });
    expect(next({ leftMs: 74 })).toEqual({ note: undefined });
  });
});

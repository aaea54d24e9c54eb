import { describe, expect, it, vi } from "vitest";
import { retryAfterMs } from "../src/index";
import { Call } from "../src/transport/call";
import { nextAttempt } from "../src/transport/retry";
import { backoffMs, send } from "../src/transport/transport";

/** A request to nowhere in particular, and a call without a deadline. */
const anywhere = { url: "http://x", init: {} };
const aCall = () => new Call(undefined, 0, false);

describe("retryAfterMs", () => {
  it.each<[string | null, number | undefined]>([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    ["Wed, 21 Oct 2015 07:28:10 GMT", 10_000],
    ["Wed, 21 Oct 2015 07:27:00 GMT", 0],
    ["soon", undefined],
    ["-5", undefined],
    ["-0.5", undefined],
    ["abc", undefined],
    ["", undefined],
    [null, undefined],
  ])("reads %j as %s ms", (header, ms) => {
    expect(retryAfterMs(header, Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(ms);
  });
});

describe("backoff", () => {
  const retry = { retries: 5, baseDelayMs: 40, maxDelayMs: 100, maxElapsedMs: 10_000 };

  it.each<[number, number, number]>([
    [1, 1, 40],
    [2, 1, 80],
    [3, 1, 100],
    [4, 1, 100],
    [1, 0, 20],
    [2, 0, 40],
    [3, 0.5, 75],
  ])("waits, before retry %i with jitter %s, %i ms", (attempt, jitter, ms) => {
    expect(backoffMs(retry, attempt, () => jitter)).toBeCloseTo(ms, 6);
  });

  it("is spread between half and all of the doubled delay", () => {
    const waits = Array.from({ length: 1000 }, () => backoffMs(retry, 2));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...waits)).toBeLessThanOrEqual(80);
    expect(new Set(waits.map(Math.round)).size).toBeGreaterThan(20);
  });

  // Fake timers: the test reads which attempts have been made at each point of a simulated clock, so a
  // busy machine cannot make a wait look shorter or longer than it is.
  it("is waited between attempts: no retry before its backoff has passed, the retry right after", async () => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const fetch = async () => {
        attempts += 1;
        return new Response("{}", { status: 503 });
      };
      // Jitter 0.5: backoffs of 30, 60 and 75 ms (40, 80 and 100 ms, three quarters of each).
      const status = send(
        anywhere,
        aCall(),
        { fetch, timeoutMs: 0, retry: { ...retry, retries: 3 }, random: () => 0.5 },
        async ({ response }) => response.status,
      );
      const seen: number[] = [];
      for (const ms of [29, 1, 59, 1, 74, 1]) {
        await vi.advanceTimersByTimeAsync(ms);
        seen.push(attempts);
      }
      expect(seen).toEqual([1, 2, 2, 3, 3, 4]);
      expect(await status).toBe(503);
    } finally {
      vi.useRealTimers();
    }
  });

  it("waits as long as Retry-After asks instead of the backoff", async () => {
    vi.useFakeTimers();
    try {
      const answers = [
        new Response("{}", { status: 429, headers: { "retry-after": "2" } }),
        new Response("{}", { status: 200 }),
      ];
      let attempts = 0;
      const fetch = async () => answers[attempts++] as Response;
      const status = send(
        anywhere,
        aCall(),
        { fetch, timeoutMs: 0, retry: { ...retry, maxDelayMs: 2_000 }, random: () => 0.5 },
        async ({ response }) => response.status,
      );
      await vi.advanceTimersByTimeAsync(1_999);
      expect(attempts).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(attempts).toBe(2);
      expect(await status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives up when the next wait would end past the time budget", async () => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const fetch = async () => {
        attempts += 1;
        return new Response("{}", { status: 503 });
      };
      // Backoffs of 30 and 60 ms fit a 100 ms budget (30, then 90); the next, 75 ms, would end at 165.
      const status = send(
        anywhere,
        aCall(),
        { fetch, timeoutMs: 0, retry: { ...retry, maxElapsedMs: 100 }, random: () => 0.5 },
        async ({ response }) => response.status,
      );
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await status).toBe(503);
      expect(attempts).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the next attempt", () => {
  const retry = { retries: 3, baseDelayMs: 100, maxDelayMs: 5_000, maxElapsedMs: 30_000 };
  const at = { attempts: 1, elapsedMs: 0, leftMs: Number.POSITIVE_INFINITY, deadlineMs: 0 };

  it.each<[string, string | null, object, object]>([
    ["no Retry-After: the backoff", null, {}, { waitMs: 75 }],
    ["Retry-After within the budget: as asked", "2", {}, { waitMs: 2_000 }],
    ["a negative Retry-After: the backoff", "-5", {}, { waitMs: 75 }],
    ["an unreadable Retry-After: the backoff", "abc", {}, { waitMs: 75 }],
    [
      "Retry-After past maxDelayMs: the end, saying so",
      "40",
      {},
      { note: "asked to retry after 40 s, beyond maxDelayMs 5000" },
    ],
    [
      "Retry-After past what maxElapsedMs leaves",
      "3",
      { elapsedMs: 28_000 },
      { note: "asked to retry after 3 s, beyond what maxElapsedMs 30000 leaves" },
    ],
    [
      "Retry-After past what the deadline leaves",
      "2",
      { leftMs: 1_500, deadlineMs: 2_000 },
      { note: "asked to retry after 2 s, beyond what deadlineMs 2000 leaves" },
    ],
    [
      "a backoff past the deadline: the end",
      null,
      { leftMs: 10, deadlineMs: 2_000 },
      { note: undefined },
    ],
    ["past the retry count: the end", "1", { attempts: 4 }, { note: undefined }],
  ])("%s", (_, retryAfter, state, next) => {
    expect(nextAttempt(retry, { ...at, ...state, retryAfter }, () => 0.5)).toEqual(next);
  });

  it("never follows retries that are off", () => {
    expect(nextAttempt(false, { ...at, retryAfter: null })).toEqual({ note: undefined });
  });
});

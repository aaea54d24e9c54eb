import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../src/index";
import { backoffMs, send } from "../src/transport";

describe("retryAfterMs", () => {
  it.each<[string | null, number | undefined]>([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    ["Wed, 21 Oct 2015 07:28:10 GMT", 10_000],
    ["Wed, 21 Oct 2015 07:27:00 GMT", 0],
    ["soon", undefined],
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

  it("is really waited between attempts", async () => {
    const times: number[] = [];
    const fetch = async () => {
      times.push(performance.now());
      return new Response("{}", { status: 503 });
    };
    const status = await send(
      "http://x",
      {},
      undefined,
      { fetch, timeoutMs: 0, retry: { ...retry, retries: 3 }, random: () => 0.999 },
      async ({ response }) => response.status,
    );
    expect(status).toBe(503);
    expect(times).toHaveLength(4);
    [40, 80, 100].forEach((ms, index) => {
      expect((times[index + 1] ?? 0) - (times[index] ?? 0)).toBeGreaterThanOrEqual(ms * 0.95);
    });
  });
});

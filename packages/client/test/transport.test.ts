import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../src/index";
import { send } from "../src/transport";

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
  it("doubles from the base delay, with jitter between half and all of it, capped by maxDelayMs", async () => {
    const delays: number[] = [];
    let last = performance.now();
    const fetch = async () => {
      const now = performance.now();
      delays.push(now - last);
      last = now;
      return new Response("{}", { status: 503 });
    };
    const retry = { retries: 4, baseDelayMs: 40, maxDelayMs: 100, maxElapsedMs: 10_000 };
    const answer = await send(
      "http://x",
      {},
      undefined,
      { fetch, timeoutMs: 0, retry, random: () => 0.999 },
      async ({ response }) => response.status,
    );
    expect(answer).toBe(503);
    const waits = delays.slice(1);
    expect(waits).toHaveLength(4);
    const expected = [40, 80, 100, 100];
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual((expected[index] ?? 0) * 0.95);
      expect(wait).toBeLessThan((expected[index] ?? 0) + 60);
    });
  });

  it("waits at least half the backoff with the smallest jitter", async () => {
    let calls = 0;
    const started = performance.now();
    const fetch = async () => {
      calls += 1;
      return new Response("{}", { status: calls < 2 ? 502 : 200 });
    };
    const retry = { retries: 1, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 10_000 };
    await send(
      "http://x",
      {},
      undefined,
      { fetch, timeoutMs: 0, retry, random: () => 0 },
      async () => undefined,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(48);
    expect(performance.now() - started).toBeLessThan(95);
  });
});

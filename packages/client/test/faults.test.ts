// Faults through the stub's scenario control, over a real socket: in every case the client succeeds
// within its retry budget or throws its typed error within its timeout, with no unhandled rejection
// and no promise left hanging (each call is raced against a generous bound). Every verdict follows from
// the order of events, not from how fast the machine is: an attempt meant to succeed has seconds, and
// one meant to time out waits on the stub for longer than the client's timer, which starts first.
import { startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions, createClient, type RetryEvent } from "../src/index";
import { alarm, DATASET, documented } from "./helpers";
import { ending } from "./helpers/hostile";

const stub = await startStub({ dataset: DATASET, admin: true });
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const settings = {
  timeoutMs: 5_000,
  retry: { retries: 3, baseDelayMs: 20, maxDelayMs: 100, maxElapsedMs: 30_000 },
} as const;
/** The timeout of the tests about timeouts: the stub's waits there are longer. */
const SHORT_TIMEOUT = { timeoutMs: 300 } as const;
/** Longer than any call below takes, even on a busy machine: only a hang reaches it. */
const BOUND_MS = 20_000;
const client = (options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", baseUrl: stub.url, ...settings, ...options });

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterEach(async () => {
  stub.scenario.reset();
  await new Promise((resolve) => setTimeout(resolve, 20)); // let any stray rejection surface
  expect(unhandled).toEqual([]);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await stub.close();
});

const fetchOnce =
  (options: Partial<ClientOptions> = {}) =>
  () =>
    client(options).getStepSourceData(documented);
const { limit: _, ...unlimited } = documented;
const streamAll =
  (options: Partial<ClientOptions> = {}) =>
  async () => {
    let rows = 0;
    for await (const row of client(options).iterateStepSourceData({
      ...unlimited,
      filters: [],
      interval: DATASET,
    }))
      rows += row.timestamp ? 1 : 0;
    expect(rows).toBeGreaterThan(100);
  };

describe("faults", () => {
  it("a latency spike: the first attempt times out, a retry succeeds", async () => {
    stub.scenario.setLatency(2_000);
    let attempts = 0;
    // The spike ends when the second attempt starts (an event, not a timer racing the attempts).
    const fetch: ClientOptions["fetch"] = (input, init) => {
      attempts += 1;
      if (attempts === 2) stub.scenario.setLatency(0);
      return globalThis.fetch(input, init);
    };
    expect(await ending(fetchOnce({ fetch, timeoutMs: 1_000 }), BOUND_MS)).toMatchObject({
      ok: true,
    });
    expect(attempts).toBeGreaterThanOrEqual(2);
  });

  it("lasting latency: a typed timeout within the retry budget", async () => {
    stub.scenario.setLatency(1_000);
    const result = await ending(fetchOnce(SHORT_TIMEOUT), BOUND_MS);
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("a 5xx burst within the retry count: success", async () => {
    stub.scenario.fail(503, 3);
    expect(await ending(fetchOnce(), BOUND_MS)).toMatchObject({ ok: true });
  });

  it("a 5xx burst beyond it: the typed api error with the last status", async () => {
    stub.scenario.fail(502, 10);
    expect(await ending(fetchOnce(), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "api",
      status: 502,
    });
  });

  it("429 with Retry-After: waits as asked, then succeeds", async () => {
    stub.scenario.fail(429, 1, 1);
    const second = alarm(1_000);
    const retry = { ...settings.retry, maxDelayMs: 1_000 }; // admits the second the stub asks for
    expect(await ending(fetchOnce({ retry }), BOUND_MS)).toMatchObject({ ok: true });
    expect(second.rang()).toBe(true);
  });

  it("onRetry hears each retry: the attempt that failed, why (a status, network, timeout) and the wait", async () => {
    const heard: RetryEvent[] = [];
    const onRetry = (retry: RetryEvent) => heard.push(retry);
    stub.scenario.fail(503, 2);
    expect(await ending(fetchOnce({ onRetry }), BOUND_MS)).toMatchObject({ ok: true });
    expect(heard.map(({ attempt, reason }) => [attempt, reason])).toEqual([
      [1, 503],
      [2, 503],
    ]);
    // The backoff: 20 ms then 40 ms, each jittered to between half and all of it.
    expect(heard[0]?.waitMs).toBeGreaterThanOrEqual(10);
    expect(heard[0]?.waitMs).toBeLessThanOrEqual(20);
    expect(heard[1]?.waitMs).toBeGreaterThanOrEqual(20);
    expect(heard[1]?.waitMs).toBeLessThanOrEqual(40);

    heard.length = 0;
    stub.scenario.fail(429, 1, 1);
    const retry = { ...settings.retry, maxDelayMs: 1_000 };
    expect(await ending(fetchOnce({ onRetry, retry }), BOUND_MS)).toMatchObject({ ok: true });
    expect(heard).toEqual([{ attempt: 1, reason: 429, waitMs: 1_000 }]);

    heard.length = 0;
    stub.scenario.drop(1);
    expect(await ending(fetchOnce({ onRetry }), BOUND_MS)).toMatchObject({ ok: true });
    expect(heard.map(({ attempt, reason }) => [attempt, reason])).toEqual([[1, "network"]]);

    heard.length = 0;
    stub.scenario.setLatency(1_000);
    expect(await ending(fetchOnce({ ...SHORT_TIMEOUT, onRetry }), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "timeout",
    });
    expect(heard.map(({ attempt, reason }) => [attempt, reason])).toEqual([
      [1, "timeout"],
      [2, "timeout"],
      [3, "timeout"],
    ]);
  });

  it("onRetry is not an option without a function: a typed invalid-request", () => {
    expect(() => client({ onRetry: 1 as never })).toThrow(/onRetry/);
  });

  it("connections dropped before the body: retried to success", async () => {
    stub.scenario.drop(2);
    expect(await ending(fetchOnce(), BOUND_MS)).toMatchObject({ ok: true });
  });

  it("a connection dropped during the body: retried to success, or a typed network error without retries", async () => {
    stub.scenario.faultBody({ kind: "drop-during" }, 1);
    expect(await ending(fetchOnce(), BOUND_MS)).toMatchObject({ ok: true });
    stub.scenario.faultBody({ kind: "drop-during" }, 1);
    expect(await ending(fetchOnce({ retry: false }), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "network",
    });
  });

  it("a slow body: an attempt that outlasts its timeout is retried; one slow for good is a typed timeout", async () => {
    // The answer is three 1 KiB pieces, each followed by the pause: 1.8 s against 1 s, 600 ms against 300.
    stub.scenario.faultBody({ kind: "slow", chunkDelayMs: 600 }, 1);
    expect(await ending(fetchOnce({ timeoutMs: 1_000 }), BOUND_MS)).toMatchObject({ ok: true });
    stub.scenario.faultBody({ kind: "slow", chunkDelayMs: 200 }, 10);
    expect(await ending(fetchOnce(SHORT_TIMEOUT), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "timeout",
    });
  });

  it("malformed JSON: a typed invalid-response, not retried", async () => {
    stub.scenario.faultBody({ kind: "truncate" }, 1);
    expect(await ending(fetchOnce(), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "invalid-response",
      status: 200,
    });
  });

  it("a stream that slows down but keeps coming: complete (the timeout is an idle timeout)", async () => {
    // About 210 pieces 20 ms apart: over 4 s in all, far past the 2 s timeout, never 2 s idle.
    stub.scenario.faultBody({ kind: "slow", chunkDelayMs: 20 }, 1);
    expect(await ending(streamAll({ timeoutMs: 2_000 }), 30_000)).toMatchObject({ ok: true });
  });

  it("a stream that stalls: a typed timeout", async () => {
    stub.scenario.faultBody({ kind: "slow", chunkDelayMs: 600 }, 1);
    expect(await ending(streamAll(SHORT_TIMEOUT), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "timeout",
    });
  });

  it("a stream dropped halfway: a typed network error", async () => {
    stub.scenario.faultBody({ kind: "drop-during" }, 1);
    expect(await ending(streamAll(), BOUND_MS)).toMatchObject({ ok: false, kind: "network" });
  });

  it("a stream cut short: a typed invalid-response", async () => {
    stub.scenario.faultBody({ kind: "truncate" }, 1);
    expect(await ending(streamAll(), BOUND_MS)).toMatchObject({
      ok: false,
      kind: "invalid-response",
    });
  });
});

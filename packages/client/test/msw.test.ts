// The client through the stub's MSW handlers (msw/node's setupServer): retries, early ends, aborts, cancelled downloads and timeouts all settle, and a client made before listen() is answered by MSW.

import {
  basicResponseExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createStubHandlers } from "@giosg-reporting/stub/msw";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ClientOptions,
  createClient,
  isReportingApiError,
  type StepSourceDataQuery,
} from "../src/index";
import { documented, failureOf } from "./helpers";
import { collectGarbage } from "./helpers/hostile";

// A client made at module level, before the server listens: it must still be answered by MSW.
const early = createClient({ token: "demo", retry: false, timeoutMs: 5_000 });

const { handlers, stub } = createStubHandlers();
const server = setupServer(...handlers);
const API = "https://api.giosg.com/api/reporting/workflow/v1";

/** What MSW saw: requests it matched no handler for, answers from the network, and answers it made. */
const unhandledRequests: string[] = [];
const bypassed: string[] = [];
let mocked: string[] = [];
const unhandledRejections: unknown[] = [];
const onUnhandledRejection = (reason: unknown) => unhandledRejections.push(reason);
/** Handlers that stall, released after each test. */
let releases: (() => void)[] = [];

beforeAll(() => {
  process.on("unhandledRejection", onUnhandledRejection);
  server.events.on("request:unhandled", ({ request }) => unhandledRequests.push(request.url));
  server.events.on("response:bypass", ({ request }) => bypassed.push(request.url));
  server.events.on("response:mocked", ({ request }) => mocked.push(request.url));
  server.listen({ onUnhandledRequest: "error" });
});
afterEach(async () => {
  // Handlers first: a release that throws must not leave this test's handlers to the next test.
  server.resetHandlers();
  const stalled = releases;
  releases = [];
  for (const release of stalled) release();
  stub.scenario.reset();
  stub.clearRequests();
  mocked = [];
  await new Promise((resolve) => setImmediate(resolve)); // let any stray rejection surface
  expect(unhandledRejections).toEqual([]);
  expect(unhandledRequests).toEqual([]);
  expect(bypassed).toEqual([]);
});
afterAll(() => {
  server.close();
  process.off("unhandledRejection", onUnhandledRejection);
});

/** A hang guard: `promise`'s outcome, or a failure if it has not settled within 10 s. */
async function settles<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within 10 s`)), 10_000);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

const fast = { baseDelayMs: 1, maxDelayMs: 5_000 };
const clientOf = (options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", timeoutMs: 5_000, retry: fast, ...options });

/** A day of step 1 with no filter and no limit: hundreds of rows, more than one chunk of the answer. */
const day = {
  organizationId: EXAMPLE_ORGANIZATION_ID,
  workflowId: EXAMPLE_WORKFLOW_ID,
  stepIndex: 1,
  filters: [],
  interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
  basic: true,
} satisfies StepSourceDataQuery;

/** The rows of NDJSON handed out in pieces: each line parsed. */
const rowsOfLines = (lines: readonly string[]) =>
  lines
    .join("")
    .split("\n")
    .slice(0, -1)
    .map((line) => JSON.parse(line) as unknown);

/** The statuses the stub answered, oldest first. */
const statuses = () => stub.requests.map((request) => request.status);

describe("the client through the stub's MSW handlers", () => {
  it.each([
    ["unscoped", () => stub.scenario.fail(503, 1)],
    ["scoped to its token", () => stub.scenario.forToken("demo").fail(503, 1)],
  ])("retries after a 503 (%s) and gets the rows", async (_, fail) => {
    fail();
    const answer = await settles(clientOf().getStepSourceData(documented), "the call");
    expect(answer.data).toHaveLength(2);
    expect(statuses()).toEqual([503, 200]);
  });

  it("waits out a 429's Retry-After, then gets the rows", async () => {
    stub.scenario.fail(429, 1, 1);
    const answer = await settles(clientOf().getStepSourceData(documented), "the call");
    expect(answer.data).toHaveLength(2);
    expect(statuses()).toEqual([429, 200]);
  });

  it("ends a 503 that is not retried with the api error", async () => {
    stub.scenario.fail(503, 1);
    const error = await settles(
      failureOf(() => clientOf({ retry: false }).getStepSourceData(documented)),
      "the call",
    );
    expect(error).toMatchObject({ kind: "api", status: 503, attempts: 1 });
  });

  it("stops a stream left after 5 rows (break)", async () => {
    const rows: unknown[] = [];
    await settles(
      (async () => {
        for await (const row of clientOf().iterateStepSourceData(day)) {
          rows.push(row);
          if (rows.length === 5) break;
        }
      })(),
      "the loop",
    );
    expect(rows).toHaveLength(5);
  });

  it("streams batches whose NDJSON is the rows, through the handlers", async () => {
    const { data: rows } = await settles(clientOf().getStepSourceData(day), "the whole answer");
    const answer = await settles(clientOf().streamStepSourceDataBatches(day), "the stream's start");
    const lines: string[] = [];
    const batched: unknown[] = [];
    await settles(
      (async () => {
        for await (const batch of answer.batches) {
          batched.push(...batch.rows);
          lines.push(new TextDecoder().decode(batch.ndjson));
        }
      })(),
      "the batches",
    );
    expect(batched).toEqual(rows);
    expect(rowsOfLines(lines)).toEqual(rows);
  });

  it.each([
    ["iterateStepSourceData", false],
    ["streamStepSourceData's rows", true],
  ])("ends %s with the aborted error at the first row after an abort", async (_, streamed) => {
    const controller = new AbortController();
    const client = clientOf();
    const rows = streamed
      ? (
          await settles(
            client.streamStepSourceData(day, { signal: controller.signal }),
            "the stream's start",
          )
        ).rows
      : client.iterateStepSourceData(day, { signal: controller.signal });
    let seen = 0;
    let afterAbort = 0;
    const error = await settles(
      failureOf(async () => {
        for await (const _row of rows) {
          if (controller.signal.aborted) afterAbort += 1;
          seen += 1;
          if (seen === 5) controller.abort();
        }
      }),
      "the loop",
    );
    expect(isReportingApiError(error, "aborted")).toBe(true);
    expect(seen).toBe(5);
    expect(afterAbort).toBe(0);
  });

  it.each([
    ["before reading", 0],
    ["after its first chunk", 1],
  ])("cancels a download's body %s", async (_, chunks) => {
    const download = await settles(
      clientOf().downloadStepSourceData({ ...day, format: "csv" }),
      "the download's start",
    );
    const reader = download.body.getReader();
    for (let read = 0; read < chunks; read += 1)
      expect((await settles(reader.read(), "a read")).done).toBe(false);
    await settles(reader.cancel(), "the cancel");
    expect((await settles(reader.read(), "a read after the cancel")).done).toBe(true);
  });

  it("streams batches without rows through the handlers: the same NDJSON, counts and times", async () => {
    const { data: rows } = await settles(clientOf().getStepSourceData(day), "the whole answer");
    const answer = await settles(
      clientOf().streamStepSourceDataBatches(day, { rows: false }),
      "the stream's start",
    );
    const lines: string[] = [];
    const times: number[] = [];
    let count = 0;
    await settles(
      (async () => {
        for await (const batch of answer.batches) {
          expect(batch.rows).toHaveLength(0);
          count += batch.count;
          times.push(...(batch.times ?? []));
          lines.push(new TextDecoder().decode(batch.ndjson));
        }
      })(),
      "the batches",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(count).toBe(rows.length);
    // Each row's time is its first datetime field's (`Date & Time` in basic rows).
    const field = answer.fields.find(({ type }) => type === "datetime")?.name ?? "";
    expect(times.every(Number.isFinite)).toBe(true);
    expect(times).toEqual(
      rows.map((row) => Date.parse((row as unknown as Record<string, string>)[field] ?? "")),
    );
    expect(rowsOfLines(lines)).toEqual(rows);
  });
  it("leaves a download's iteration early (break)", async () => {
    const download = await settles(
      clientOf().downloadStepSourceData({ ...day, format: "csv" }),
      "the download's start",
    );
    let chunks = 0;
    await settles(
      (async () => {
        for await (const _chunk of download) {
          chunks += 1;
          break;
        }
      })(),
      "the loop",
    );
    expect(chunks).toBe(1);
  });

  /** A handler that never answers until the test ends. */
  const silent = () =>
    new Promise<Response>((resolve) => releases.push(() => resolve(HttpResponse.error())));
  /**
   * A handler that sends the answer's start (its `fields`), then nothing until the test ends. Its body
   * may be cancelled first: the client cancels its copy on a timeout, and Node's fetch cancels the
   * copy MSW makes for its log once that is garbage collected (when both are, the body is).
   */
  const stalling = () => {
    let cancelled = false;
    return new HttpResponse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(
            new TextEncoder().encode(
              `{"fields":${JSON.stringify(basicResponseExample.fields)},"data":[`,
            ),
          );
          releases.push(() => {
            if (!cancelled) controller.close();
          });
        },
        cancel() {
          cancelled = true;
        },
      }),
      { status: 200, headers: { "content-type": "application/json" } },
    );
  };

  it.each([
    ["before its headers", silent],
    ["in the middle of its body", stalling],
  ])("times out (timeoutMs) on a handler that stalls %s", async (_, resolver) => {
    server.use(http.post(`${API}/*`, resolver));
    const error = await settles(
      failureOf(() => clientOf({ timeoutMs: 200, retry: false }).getStepSourceData(documented)),
      "the call",
    );
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
  });

  it("times out (timeoutMs) on a stream whose handler stalls after its fields", async () => {
    server.use(http.post(`${API}/*`, stalling));
    // The silence allowed must outlast the answer's start on a loaded machine: it is the body's
    // silence that this test times out on, not the handler's first bytes.
    const { rows } = await settles(
      clientOf({ timeoutMs: 1_000, retry: false }).streamStepSourceData(day),
      "the stream's start",
    );
    const error = await settles(
      failureOf(async () => {
        for await (const _row of rows);
      }),
      "the loop",
    );
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
    // A full collection now: it cancels the body's other copy (MSW's, for its log), as one may at
    // any time on a loaded machine; the handler's release at the test's end must still hold.
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it("answers a client made before server.listen() (module level), never the network", async () => {
    const answer = await settles(early.getStepSourceData(documented), "the call");
    expect(answer.data).toHaveLength(2);
    expect(mocked).toEqual([expect.stringMatching(/^https:\/\/api\.giosg\.com\/api\/reporting\//)]);
    expect(bypassed).toEqual([]);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({ token: "demo", status: 200, rows: 2 });
  });
});

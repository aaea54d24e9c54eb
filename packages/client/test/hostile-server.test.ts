// Against a hostile server on a real socket, every call ends in the client's typed error (or succeeds)
// in bounded time and memory, with the right attempts and no unhandled rejection. Each call is raced
// against a generous bound that only a hang reaches; no verdict depends on how fast the machine is.
// Over 300 lines on purpose: one table of hostile servers run through one harness, every case sharing
// one set of server hooks and the one unhandled-rejection check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions, createClient, type StepSourceDataQuery } from "../src/index";
import { alarm, documented } from "./helpers";
import {
  type Answer,
  answerOf,
  drip,
  ending,
  FIELDS_JSON,
  type Hostile,
  heapGrowthOf,
  hostile,
  JSON_HEADERS,
  MiB,
  OPENING,
  pour,
  ROW_JSON,
} from "./helpers/hostile";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let servers: Hostile[] = [];

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  await new Promise((resolve) => setTimeout(resolve, 20)); // let any stray rejection surface
  expect(unhandled).toEqual([]);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

/** A server of this case, closed after it. */
async function serve(answer: Answer): Promise<Hostile> {
  const server = await hostile(answer);
  servers.push(server);
  return server;
}

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const clientOf = (server: Hostile, options: Partial<ClientOptions> = {}) =>
  createClient({ token: "demo", baseUrl: server.url, timeoutMs: 3_000, ...options });
const { limit: _, ...unlimited } = documented;
const query = unlimited satisfies StepSourceDataQuery;

/** Iterates every row, taking `perRowMs` over each; returns how many came. */
async function iterate(
  server: Hostile,
  options: Partial<ClientOptions> = {},
  perRowMs = 0,
): Promise<number> {
  let rows = 0;
  for await (const _row of clientOf(server, options).iterateStepSourceData(query)) {
    rows += 1;
    if (perRowMs > 0) await new Promise((resolve) => setTimeout(resolve, perRowMs));
  }
  return rows;
}

const whole = (server: Hostile, options: Partial<ClientOptions> = {}) =>
  clientOf(server, options).getStepSourceData(documented);

/**
 * For the cases a size bound ends: a time-out no loaded machine reaches first (a whole answer's
 * `timeoutMs` covers reading it all), below {@link ending}'s bound. Its retries are told, for the
 * assertion's message: a retry there means something other than the size ended an attempt.
 */
function sizeBound(options: Partial<ClientOptions> = {}) {
  const retries: string[] = [];
  return {
    options: {
      timeoutMs: 25_000,
      onRetry: ({ attempt, reason }) => retries.push(`attempt ${attempt}: ${reason}`),
      ...options,
    } satisfies Partial<ClientOptions>,
    retries,
  };
}

describe("answers without end", () => {
  it("one endless string in a stream: too-large at maxRowBytes, with the heap flat", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(`${OPENING}{"timestamp":"`);
      void pour(response, count, () => "a".repeat(64 * 1024), 256 * MiB);
    });
    const { options, retries } = sizeBound();
    let result: Awaited<ReturnType<typeof ending>> | undefined;
    const growth = await heapGrowthOf(async () => {
      result = await ending(() => iterate(server, options));
    });
    expect(result, retries.join("; ")).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("maxRowBytes") });
    expect(growth).toBeLessThan(64 * MiB);
    expect(server.written()).toBeLessThan(256 * MiB);
  });

  it("one endless string in a whole answer: too-large at maxAnswerBytes, suggesting a stream", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(`${OPENING}{"timestamp":"`);
      void pour(response, count, () => "a".repeat(64 * 1024), 256 * MiB);
    });
    const { options, retries } = sizeBound({ maxAnswerBytes: 4 * MiB });
    const result = await ending(() => whole(server, options));
    expect(result, retries.join("; ")).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("maxAnswerBytes") });
    expect(result).toMatchObject({ message: expect.stringContaining("iterateStepSourceData") });
  });

  it("endless valid rows to getStepSourceData: too-large, with the heap bounded", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING + ROW_JSON);
      const rows = `,${ROW_JSON}`.repeat(64);
      void pour(response, count, () => rows, 256 * MiB);
    });
    const { options, retries } = sizeBound({ maxAnswerBytes: 16 * MiB });
    let result: Awaited<ReturnType<typeof ending>> | undefined;
    const growth = await heapGrowthOf(async () => {
      result = await ending(() => whole(server, options));
    });
    expect(result, retries.join("; ")).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(growth).toBeLessThan(64 * MiB);
    expect(server.written()).toBeLessThan(256 * MiB);
  });

  it("the raw client is held to maxAnswerBytes too", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING + ROW_JSON);
      void pour(response, count, () => `,${ROW_JSON}`.repeat(64), 256 * MiB);
    });
    const { options, retries } = sizeBound({ maxAnswerBytes: 2 * MiB });
    const raw = clientOf(server, options).raw;
    const result = await ending(() =>
      raw.getStepSourceData({
        params: {
          organization_id: query.organizationId,
          workflow_id: query.workflowId,
          step_index: 1,
        },
        body: { filters: [], interval: query.interval },
      }),
    );
    expect(result, retries.join("; ")).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
  });

  it("a declared content-length past maxAnswerBytes: refused before the body is read", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, { ...JSON_HEADERS, "content-length": String(300 * MiB) });
      drip(response, count, " ", 100, 100);
    });
    const result = await ending(() => whole(server));
    expect(result).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("content-length") });
  });

  it("a stream dripping a byte at a time: the deadline ends it, saying so", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING);
      drip(response, count, " ", 100, 300);
    });
    const result = await ending(() => iterate(server, { timeoutMs: 1_000, deadlineMs: 1_500 }));
    expect(result).toMatchObject({ ok: false, kind: "timeout", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("deadlineMs") });
  });

  it("a whole answer dripping a byte at a time: the deadline ends it across retries", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING);
      drip(response, count, " ", 100, 300);
    });
    const result = await ending(() =>
      whole(server, { timeoutMs: 1_000, deadlineMs: 1_500, retry: fast }),
    );
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    expect(result).toMatchObject({ message: expect.stringContaining("deadlineMs") });
  });
});

describe("timeouts measure the server's silence", () => {
  it("a slow caller against a healthy server does not time out", async () => {
    // The caller takes 2.4 s over 60 rows, past the 1 s timeout; the server is silent 50 ms at most
    // (a margin a loaded machine's pauses do not eat, as they could a 200 ms one).
    const server = await serve((_, response) => {
      response.writeHead(200, JSON_HEADERS);
      const rows = Array.from({ length: 60 }, () => ROW_JSON);
      response.write(`${OPENING}${rows.slice(0, 30).join(",")}`);
      setTimeout(() => response.end(`,${rows.slice(30).join(",")}]}`), 50);
    });
    const result = await ending(async () => {
      expect(await iterate(server, { timeoutMs: 1_000 }, 40)).toBe(60);
    });
    expect(result).toEqual({ ok: true });
  });

  it("a stream that stalls: an idle timeout, saying so", async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.write(OPENING + ROW_JSON);
    });
    const result = await ending(() => iterate(server, { timeoutMs: 300 }));
    expect(result).toMatchObject({ ok: false, kind: "timeout", attempts: 1 });
    expect(result).toMatchObject({ message: expect.stringContaining("timeoutMs") });
  });
});

describe("statuses that are not retried stay so, whatever their body does", () => {
  const stalled400: Answer = (_, response) => {
    response.writeHead(400, JSON_HEADERS);
    response.write('{"code":"invalid_request","detail":"No');
  };

  it("a 400 whose body stalls: timeout after 1 attempt (whole answer)", async () => {
    const server = await serve(stalled400);
    const result = await ending(() => whole(server, { timeoutMs: 300, retry: fast }));
    expect(result).toMatchObject({ ok: false, kind: "timeout", attempts: 1 });
    expect(server.requests()).toBe(1);
  });

  it("a 400 whose body stalls: timeout after 1 attempt (stream)", async () => {
    const server = await serve(stalled400);
    const result = await ending(() => iterate(server, { timeoutMs: 300, retry: fast }));
    expect(result).toMatchObject({ ok: false, kind: "timeout", attempts: 1 });
    expect(server.requests()).toBe(1);
  });
});

describe("Retry-After", () => {
  const throttled =
    (retryAfter: string, onRequest: () => void = () => {}): Answer =>
    (_, response) => {
      onRequest();
      response.writeHead(429, { ...JSON_HEADERS, "retry-after": retryAfter });
      response.end('{"code":"throttled","detail":"Slow down."}');
    };

  it.each(["-5", "abc"])("%j falls back to the backoff", async (retryAfter) => {
    // Backoffs of at least 100 ms (half of 200): by the second request, a 100 ms alarm has rung.
    const first = alarm(100);
    let rangBySecond: boolean | undefined;
    let requests = 0;
    const server = await serve(
      throttled(retryAfter, () => {
        requests += 1;
        if (requests === 2) rangBySecond = first.rang();
      }),
    );
    const result = await ending(() =>
      whole(server, { retry: { retries: 2, baseDelayMs: 200, maxDelayMs: 400 } }),
    );
    expect(result).toMatchObject({ ok: false, kind: "api", status: 429, attempts: 3 });
    expect(rangBySecond).toBe(true);
  });

  it.each<[string, Partial<ClientOptions>, string]>([
    ["40", { retry: { maxDelayMs: 5_000 } }, "asked to retry after 40 s, beyond maxDelayMs 5000"],
    ["999999", {}, "asked to retry after 999999 s, beyond maxDelayMs 5000"],
    ["3", { retry: { maxDelayMs: 5_000, maxElapsedMs: 2_000 } }, "beyond what maxElapsedMs 2000"],
    ["2", { deadlineMs: 1_000 }, "beyond what deadlineMs 1000"],
  ])(
    "%j beyond the budget ends at once, saying what was asked",
    async (retryAfter, options, says) => {
      const server = await serve(throttled(retryAfter));
      for (const call of [() => whole(server, options), () => iterate(server, options)]) {
        const result = await ending(call);
        expect(result).toMatchObject({ ok: false, kind: "api", status: 429, attempts: 1 });
        expect(result).toMatchObject({ message: expect.stringContaining(says) });
      }
      expect(server.requests()).toBe(2);
    },
  );
});

describe("the answer's shape", () => {
  it.each([
    ["data: {}", `{"fields":${FIELDS_JSON},"data":{}}`],
    ["data: { a: row }", `{"fields":${FIELDS_JSON},"data":{"a":${ROW_JSON}}}`],
    ["no data", `{"fields":${FIELDS_JSON}}`],
    ["data: null", `{"fields":${FIELDS_JSON},"data":null}`],
  ])("%s: invalid-response in a stream and in a whole answer", async (_, body) => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(body);
    });
    for (const call of [() => whole(server), () => iterate(server)]) {
      expect(await ending(call)).toMatchObject({
        ok: false,
        kind: "invalid-response",
        attempts: 1,
      });
    }
  });

  it("a valid answer streams and fetches whole alike", async () => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(answerOf(3));
    });
    expect((await whole(server)).data).toHaveLength(3);
    expect(await iterate(server)).toBe(3);
  });

  it("a row that breaks the contract, after a retry: the row's error says 2 attempts", async () => {
    let requests = 0;
    const server = await serve((__, response) => {
      requests += 1;
      if (requests === 1) {
        response.writeHead(503, JSON_HEADERS);
        response.end("{}");
        return;
      }
      response.writeHead(200, JSON_HEADERS);
      response.end(`${OPENING}${ROW_JSON},{"timestamp":"yesterday"}]}`);
    });
    const result = await ending(() => iterate(server, { retry: fast }));
    expect(result).toMatchObject({ ok: false, kind: "invalid-response", attempts: 2 });
  });

  it.each([
    ["cut in a row", (rows: string) => rows.slice(0, -40)],
    ["cut between rows", (rows: string) => rows.slice(0, -2)],
  ])("an answer %s: invalid-response, 1 attempt", async (_, cut) => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      response.end(cut(answerOf(5)));
    });
    for (const call of [() => whole(server), () => iterate(server)]) {
      expect(await ending(call)).toMatchObject({
        ok: false,
        kind: "invalid-response",
        attempts: 1,
      });
    }
  });

  it("a row past maxRowBytes among valid ones: too-large", async () => {
    const server = await serve((__, response) => {
      response.writeHead(200, JSON_HEADERS);
      const big = JSON.stringify({ ...JSON.parse(ROW_JSON), source: "x".repeat(10_000) });
      response.end(`${OPENING}${ROW_JSON},${big},${ROW_JSON}]}`);
    });
    const result = await ending(() => iterate(server, { maxRowBytes: 4_096 }));
    expect(result).toMatchObject({ ok: false, kind: "too-large", attempts: 1 });
  });
});

// What a fetch that throws means: the network (typed `network`, retried) or a programming error (typed `fetch`, never retried); and fetch is called as a browser requires, without a foreign `this`.
import { createStub } from "@giosg-reporting/stub";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClientOptions, createClient } from "../src/index";
import { documented, failureOf } from "./helpers";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A fetch to inject. */
type Fetch = NonNullable<ClientOptions["fetch"]>;

/** A fetch that rejects with `error` every time, counting its calls. */
function rejecting(error: unknown) {
  let calls = 0;
  const fetch: Fetch = async () => {
    calls += 1;
    throw error;
  };
  return { fetch, calls: () => calls };
}

/** Three retries, each after a millisecond or so. */
const retry = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };
const failureWith = (fetch: Fetch) =>
  failureOf(() => createClient({ token: "demo", fetch, retry }).getStepSourceData(documented));

/** node-fetch's error for a failed request: an Error (not a TypeError) with a system code. */
class FetchError extends Error {
  override readonly name = "FetchError";
  readonly type = "system";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const withCode = <E extends Error>(error: E, code: string) => Object.assign(error, { code });

describe("a fetch that throws", () => {
  it('is a "fetch" error after 1 attempt when it is a programming error (a browser\'s "Illegal invocation")', async () => {
    const thrown = new TypeError("Illegal invocation");
    const { fetch, calls } = rejecting(thrown);
    const error = await failureWith(fetch);
    expect(error).toMatchObject({ kind: "fetch", attempts: 1 });
    expect(error.cause).toBe(thrown);
    expect(error.message).toContain("Illegal invocation");
    expect(calls()).toBe(1);
  });

  it.each<[string, Error]>([
    ["a TypeError of another message", new TypeError("Cannot read properties of undefined")],
    [
      "a TypeError caused by Node's own ERR_ code",
      new TypeError("Failed to parse URL from ::", {
        cause: withCode(new TypeError("Invalid URL"), "ERR_INVALID_URL"),
      }),
    ],
    [
      "a TypeError whose Node code holds an E further in (ERR_UNESCAPED_CHARACTERS)",
      withCode(
        new TypeError("Request path contains unescaped characters"),
        "ERR_UNESCAPED_CHARACTERS",
      ),
    ],
    [
      "a TypeError whose cause is itself (a cycle the causes' walk must end)",
      (() => {
        const error = new TypeError("Illegal invocation");
        Object.assign(error, { cause: error });
        return error;
      })(),
    ],
    [
      "a TypeError whose cause is null",
      new TypeError("Cannot convert undefined to a Headers", { cause: null }),
    ],
    ["a ReferenceError", new ReferenceError("Headers is not defined")],
    ["a SyntaxError", new SyntaxError("Unexpected token < in JSON")],
    ["a RangeError", new RangeError("Maximum call stack size exceeded")],
  ])('is a "fetch" error, never retried, for %s', async (_, thrown) => {
    const { fetch, calls } = rejecting(thrown);
    const error = await failureWith(fetch);
    expect(error).toMatchObject({ kind: "fetch", attempts: 1 });
    expect(error.cause).toBe(thrown);
    expect(error.message).toContain(thrown.message);
    expect(calls()).toBe(1);
  });

  it.each<[string, unknown]>([
    [
      "undici's TypeError: fetch failed",
      new TypeError("fetch failed", {
        cause: withCode(new Error("connect ECONNREFUSED 127.0.0.1:1"), "ECONNREFUSED"),
      }),
    ],
    ["Chromium's TypeError: Failed to fetch", new TypeError("Failed to fetch")],
    [
      "Firefox's TypeError: NetworkError when attempting to fetch resource.",
      new TypeError("NetworkError when attempting to fetch resource."),
    ],
    ["Safari's TypeError: Load failed", new TypeError("Load failed")],
    ["React Native's TypeError: Network request failed", new TypeError("Network request failed")],
    [
      "an error with a system code (ECONNRESET)",
      withCode(new Error("read ECONNRESET"), "ECONNRESET"),
    ],
    [
      "a TypeError with undici's code (UND_ERR_SOCKET)",
      withCode(new TypeError("other side closed"), "UND_ERR_SOCKET"),
    ],
    [
      "node-fetch's FetchError",
      new FetchError(
        "request to https://api.giosg.com failed, reason: socket hang up",
        "ECONNRESET",
      ),
    ],
    ["an Error thrown by an injected fetch", new Error("no route to the API")],
    ["a thrown string", "offline"],
    ["a thrown null", null],
  ])("is a network error, retried, for %s", async (_, thrown) => {
    const { fetch, calls } = rejecting(thrown);
    const error = await failureWith(fetch);
    expect(error).toMatchObject({ kind: "network", attempts: 4 });
    expect(error.cause).toBe(thrown);
    expect(error.message).toMatch(
      /^The request failed before an answer arrived: .+ \(the last of 4 attempts/,
    );
    expect(calls()).toBe(4);
  });
});

describe("the fetch the client calls", () => {
  const stub = createStub();
  /** Like a browser's fetch: "Illegal invocation" unless called on nothing or on the global object. */
  const browserLike = vi.fn(function (
    this: unknown,
    input: Request | string | URL,
    init?: RequestInit,
  ): Promise<Response> {
    if (this !== undefined && this !== globalThis)
      return Promise.reject(new TypeError("Illegal invocation"));
    return stub.fetch(input, init);
  });
  afterEach(() => {
    browserLike.mockClear();
  });

  it("is an injected fetch called without a `this`", async () => {
    const client = createClient({ token: "demo", baseUrl: "http://stub.test", fetch: browserLike });
    const answer = await client.getStepSourceData(documented);
    expect(answer.data).toHaveLength(2);
    expect(browserLike).toHaveBeenCalledTimes(1);
  });

  it("is the global fetch at the time of the call, not when the client was made, called on the global object", async () => {
    const client = createClient({ token: "demo", baseUrl: "http://stub.test", retry: false });
    vi.stubGlobal("fetch", browserLike);
    const answer = await client.getStepSourceData(documented);
    expect(answer.data).toHaveLength(2);
    expect(browserLike).toHaveBeenCalledTimes(1);
  });
});

// The fetch the client calls: looked up at each call, and called as a browser requires, without a foreign `this`.
import { createStub } from "@giosg-reporting/stub";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../src/index";
import { documented } from "./helpers";

afterEach(() => {
  vi.unstubAllGlobals();
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

// Errors a partner meets first: a base URL that is not an http(s) URL, a network cause hidden in a chain, retries that all failed.
import { describe, expect, it } from "vitest";
import { createClient, isReportingApiError, printable, type ReportingApiError } from "../src/index";
import { answering, documented, failureOf } from "./helpers";

describe("the base URL", () => {
  it.each([
    "localhost:4010",
    "127.0.0.1:4010",
    "api.giosg.com",
    "ftp://api.giosg.com",
    "/api",
    "http://",
    "",
  ])("%j is rejected at once as invalid-request, naming baseUrl, with nothing sent", (baseUrl) => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response("{}");
    };
    let thrown: unknown;
    try {
      createClient({ token: "demo", baseUrl, fetch });
    } catch (error) {
      thrown = error;
    }
    expect(isReportingApiError(thrown, "invalid-request")).toBe(true);
    const error = thrown as ReportingApiError;
    expect(error.fieldErrors).toEqual([
      { path: "baseUrl", message: expect.stringContaining("absolute http:// or https:// URL") },
    ]);
    expect(error.message).toContain(`got "${baseUrl}"`);
    expect(calls).toBe(0);
  });

  it.each(["http://127.0.0.1:4010", "https://api.giosg.com/", "HTTP://LOCALHOST:4010/base"])(
    "%j is accepted",
    (baseUrl) => {
      expect(() => createClient({ token: "demo", baseUrl })).not.toThrow();
    },
  );
});

describe("a request that found no answer", () => {
  it("names the cause that fetch hides in its chain", async () => {
    const fetch = async () => {
      throw new TypeError("fetch failed", { cause: new Error("unknown scheme") });
    };
    const client = createClient({
      token: "demo",
      baseUrl: "http://stub.test",
      fetch,
      retry: false,
    });
    const error = await failureOf(() => client.getStepSourceData(documented));
    expect(error.kind).toBe("network");
    expect(error.message).toBe(
      "The request failed before an answer arrived: fetch failed: unknown scheme",
    );
  });

  it("after several attempts, says how many and how long in all", async () => {
    let calls = 0;
    const never = () => {
      calls += 1;
      return new Promise<Response>(() => {}); // ignores its signal: only the timeout ends it
    };
    const client = createClient({
      token: "demo",
      baseUrl: "http://stub.test",
      fetch: never,
      timeoutMs: 20,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await failureOf(() => client.getStepSourceData(documented));
    expect(error.kind).toBe("timeout");
    expect(error.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(error.message).toMatch(
      /^No answer within 20 ms \(the last of 3 attempts; \d+\.\d s in all\)$/,
    );
  });

  it("after one attempt, says only what happened", async () => {
    const client = createClient({
      token: "demo",
      baseUrl: "http://stub.test",
      fetch: () => new Promise<Response>(() => {}),
      timeoutMs: 20,
      retry: false,
    });
    const error = await failureOf(() => client.getStepSourceData(documented));
    expect(error.message).toBe("No answer within 20 ms");
  });
});

describe("a server's words in the message", () => {
  it("an error body's detail and code go into the message escaped, one line; the error keeps them as sent", async () => {
    const detail = "Invalid token.\n120 units: 120 written\u001b[31mRED\u001b[0m\r\u2028";
    const code = "authentication_failed\u001b[2J";
    const { fetch } = answering(401, JSON.stringify({ detail, code }));
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "api", status: 401, detail, code });
    expect(error.message).toBe(
      "The API answered 401 authentication_failed\\u001b[2J: Invalid token.\\n120 units: 120 written\\u001b[31mRED\\u001b[0m\\r\\u2028",
    );
  });

  it("a body that is not JSON (a proxy's HTML page) is one line in the message, cut at 200 characters", async () => {
    const page = `<html>\r\n<body>\r\n<h1>502 Bad Gateway</h1>\r\n</body>\r\n</html>${"x".repeat(300)}`;
    const { fetch } = answering(502, page, { "content-type": "text/html" });
    const error = await failureOf(() =>
      createClient({ token: "demo", fetch, retry: false }).getStepSourceData(documented),
    );
    expect(error.message.split("\n")).toHaveLength(1);
    expect(error.message).toContain("<html>\\r\\n<body>\\r\\n<h1>502 Bad Gateway</h1>");
    expect(error.detail).toBe(page.slice(0, 200));
  });
});

describe("printable", () => {
  it("escapes line breaks and tabs as JSON does, other controls and line-reordering marks as \\u codes, and leaves the rest", () => {
    expect(printable("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(printable("\u0000\u0007\u001b[0m\u007f\u0085\u009b")).toBe(
      "\\u0000\\u0007\\u001b[0m\\u007f\\u0085\\u009b",
    );
    expect(printable("x\u2028y\u2029z\u202eq\u2066r\u2069")).toBe(
      "x\\u2028y\\u2029z\\u202eq\\u2066r\\u2069",
    );
    const plain = "The API answered 401 authentication_failed: Invalid token. — ünïcödé ✓ 日本";
    expect(printable(plain)).toBe(plain);
  });
});

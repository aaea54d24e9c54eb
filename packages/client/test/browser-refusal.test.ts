// In a browser page, a cross-origin request refused for CORS is told apart from a network failure: not retried, CORS named.
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClientOptions, createClient } from "../src/index";
import { documented, failureOf } from "./helpers";

afterEach(() => {
  vi.unstubAllGlobals();
});

type Fetch = NonNullable<ClientOptions["fetch"]>;

/**
 * A browser's fetch as a page sees it: a CORS request to the API fails as "Failed to fetch"; a
 * `no-cors` one resolves when the server is `reachable` (the browser hides its answer), else fails too.
 */
function browserFetch(reachable: boolean) {
  const modes: (string | undefined)[] = [];
  const probes: RequestInit[] = [];
  const fetch: Fetch = async (_input, init) => {
    modes.push(init?.mode);
    if (init?.mode === "no-cors") probes.push(init);
    if (init?.mode === "no-cors" && reachable) return new Response(null);
    throw new TypeError("Failed to fetch");
  };
  return { fetch, modes, probes };
}

const retry = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };
const failureIn = (origin: string, fetch: Fetch, baseUrl = "http://127.0.0.1:4010") => {
  vi.stubGlobal("location", { origin });
  return failureOf(() =>
    createClient({ token: "demo", baseUrl, fetch, retry }).getStepSourceData(documented),
  );
};

describe("a request a browser refuses", () => {
  it("is not retried when the API answers but not to this page's origin, and says CORS", async () => {
    const { fetch, modes } = browserFetch(true);
    const error = await failureIn("http://localhost:5173", fetch);
    expect(error).toMatchObject({ kind: "network", attempts: 1 });
    expect(error.message).toContain("CORS");
    expect(error.message).toContain("http://localhost:5173");
    expect(error.message).toContain("--cors http://localhost:5173");
    expect(modes).toEqual([undefined, "no-cors"]);
  });

  it("is probed with a GET that sends no credentials (a no-cors request carries no token)", async () => {
    const { fetch, probes } = browserFetch(true);
    await failureIn("http://localhost:5173", fetch);
    expect(probes).toEqual([
      expect.objectContaining({ method: "GET", mode: "no-cors", credentials: "omit" }),
    ]);
    expect(probes[0]?.headers).toBeUndefined();
  });

  it.each([
    ["an opaque origin (a file: or sandboxed page)", "null"],
    ["no origin at all", undefined],
  ])("is not probed from %s", async (_name, origin) => {
    const { fetch, modes } = browserFetch(true);
    const error = await failureIn(origin as string, fetch);
    expect(error).toMatchObject({ kind: "network", attempts: 4 });
    expect(modes).not.toContain("no-cors");
  });

  it("is retried as a network failure when the API cannot be reached at all", async () => {
    const { fetch, modes } = browserFetch(false);
    const error = await failureIn("http://localhost:5173", fetch);
    expect(error).toMatchObject({ kind: "network", attempts: 4 });
    // The probe cannot tell: the message says where to look, without claiming CORS.
    expect(error.message).toContain(
      "from this page, http://localhost:5173, to http://127.0.0.1:4010: if the browser's console names CORS",
    );
    expect(error.message).toMatch(/the last of 4 attempts/);
    expect(modes.filter((mode) => mode === undefined)).toHaveLength(4);
  });

  it("is a network failure, retried without probing, on the page's own origin", async () => {
    const { fetch, modes } = browserFetch(true);
    const error = await failureIn("http://127.0.0.1:4010", fetch);
    expect(error).toMatchObject({ kind: "network", attempts: 4 });
    expect(error.message).not.toContain("CORS");
    expect(modes).not.toContain("no-cors");
  });

  it("is retried as a network failure when the probe never answers (bounded by timeoutMs)", async () => {
    vi.stubGlobal("location", { origin: "http://localhost:5173" });
    let probes = 0;
    const fetch: Fetch = (_input, init) => {
      if (init?.mode !== "no-cors") return Promise.reject(new TypeError("Failed to fetch"));
      probes += 1;
      return new Promise<Response>(() => {}); // ignores its signal, never settles
    };
    const error = await failureOf(() =>
      createClient({
        token: "demo",
        baseUrl: "http://127.0.0.1:4010",
        fetch,
        retry,
        timeoutMs: 20,
      }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "network", attempts: 4 });
    expect(probes).toBe(4);
  });

  it("is never probed outside a browser (no location)", async () => {
    const { fetch, modes } = browserFetch(true);
    const error = await failureOf(() =>
      createClient({
        token: "demo",
        baseUrl: "http://127.0.0.1:4010",
        fetch,
        retry,
      }).getStepSourceData(documented),
    );
    expect(error).toMatchObject({ kind: "network", attempts: 4 });
    expect(modes).not.toContain("no-cors");
  });
});

// A 429 with Retry-After on the first request is waited out by the client, and the run still passes.
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, expect, it } from "vitest";
import { exitCodeOf, runConformanceCheck } from "../src";
import { runOptions } from "./helpers/target";
import { startUpstream } from "./helpers/upstream";

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

it("honours a 429's Retry-After on the first request: the server sees it sent twice, the run passes", async () => {
  const upstream = await startUpstream(stub.url, (answer, _request, index) =>
    index === 0
      ? {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "1" },
          body: {
            detail: "Request was throttled. Expected available in 1 second.",
            code: "throttled",
          },
        }
      : answer,
  );
  try {
    const report = await runConformanceCheck(runOptions(upstream.url));
    expect(report.checks.filter((check) => check.status !== "pass")).toEqual([]);
    expect(exitCodeOf(report)).toBe(0);
    // The first two requests the server saw are the same discovery query: the throttled one, then its retry.
    const [first, second] = upstream.seen;
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(first?.body ?? "{}")).toMatchObject({ limit: 200 });
    expect(report.checks[0]?.requests[0]).toMatchObject({ status: 200, attempts: 2 });
    expect(upstream.seen).toHaveLength(report.summary.requests);
  } finally {
    await upstream.close();
  }
});

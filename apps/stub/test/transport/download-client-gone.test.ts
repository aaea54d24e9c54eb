// A client that goes away mid-download: the stub stops writing the file, stays up and answers the next request.
import { STEP_DOWNLOAD_PATH } from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStub, startStub } from "../../src/index";
import { apiHeaders } from "../helpers/harness";
import { eventually } from "../helpers/waiting";

const dataset = {
  sessionsPerDay: 3000,
  start: "2023-03-01T00:00:00Z",
  end: "2023-03-15T00:00:00Z",
};

describe("a download whose client goes away", () => {
  let stub: RunningStub;
  beforeAll(async () => {
    stub = await startStub({ dataset });
  });
  afterAll(() => stub.close());

  it.each(["csv", "xlsx"] as const)("stops its %s file; the stub answers on", async (format) => {
    const web = stub.source.catalog.workflows.find(({ type }) => type === "web-navigation");
    if (!web) throw new Error("no web navigation workflow");
    const path = STEP_DOWNLOAD_PATH.replace(":organization_id", web.organizationId)
      .replace(":workflow_id", web.id)
      .replace(":step_index", "1");
    const abort = new AbortController();
    const response = await fetch(`${stub.url}${path}`, {
      method: "POST",
      headers: apiHeaders(),
      body: JSON.stringify({
        filters: [],
        interval: { start: dataset.start, end: dataset.end },
        format,
      }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    abort.abort();
    await reader.cancel().catch(() => {});
    await eventually(async () => {
      const health = await fetch(`${stub.url}/healthz`);
      expect(health.status).toBe(200);
    });
    // Its rows never all went out: the journal never learns how many.
    expect(stub.requests.at(-1)?.rows).toBeNull();
  });
});

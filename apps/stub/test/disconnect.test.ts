// A client that goes away halfway through a streamed answer: the stub stops producing rows (the
// source's generator is closed) and keeps serving.
import type { AdvancedRow } from "@giosg-reporting/contract";
import { createDataset, generateEvents, type Workflow } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { type EventSource, startStub } from "../src/index";
import { apiHeaders, stepPath } from "./harness";

describe("a client that disconnects mid-stream", () => {
  it("stops the work behind the answer and leaves the stub serving", async () => {
    const dataset = createDataset({ start: "2022-11-01T00:00:00Z", end: "2022-11-03T00:00:00Z" });
    const template = generateEvents(dataset)[0] as AdvancedRow;
    const workflow = dataset.workflows.find(({ id }) => id === template.label) as Workflow;
    let produced = 0;
    let closed = 0;
    const endless: EventSource = {
      catalog: dataset,
      retainsRows: false,
      *events(_workflow, _from, _to, step) {
        try {
          for (let i = 0; ; i += 1) {
            produced += 1;
            yield {
              ...template,
              dim5: String(step ?? 1),
              timestamp: new Date(Date.parse(template.timestamp) + i).toISOString(),
            };
          }
        } finally {
          closed += 1;
        }
      },
    };
    const stub = await startStub({ source: endless });
    try {
      const controller = new AbortController();
      const response = await fetch(
        `${stub.url}${stepPath(workflow.organizationId, workflow.id, 1)}`,
        {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({
            filters: [],
            interval: { start: "2022-11-01T00:00:00Z", end: "2022-11-03T00:00:00Z" },
          }),
          signal: controller.signal,
        },
      );
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      while (received < 512 * 1024) received += (await reader.read()).value?.length ?? 0;
      controller.abort();
      await reader.cancel().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      const afterAbort = produced;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(closed).toBe(1);
      expect(produced).toBe(afterAbort);
      expect(produced).toBeLessThan(50_000);
      expect((await fetch(`${stub.url}/healthz`)).status).toBe(200);
    } finally {
      await stub.close();
    }
  });
});

// A client that goes away halfway through a streamed answer: the stub stops producing rows (the
// source's generator is closed) and keeps serving.
import type { AdvancedRow } from "@giosg-reporting/contract";
import { createDataset, generateEvents, type Workflow } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { type EventSource, startStub } from "../src/index";
import { apiHeaders, stepPath } from "./harness";
import { eventually } from "./waiting";

describe("a client that disconnects mid-stream", () => {
  it("stops the work behind the answer and leaves the stub serving", async () => {
    const dataset = createDataset({ start: "2022-11-01T00:00:00Z", end: "2022-11-03T00:00:00Z" });
    const template = generateEvents(dataset)[0] as AdvancedRow;
    const workflow = dataset.workflows.find(({ id }) => id === template.label) as Workflow;
    let produced = 0;
    let closed = 0;
    const endless: EventSource = {
      catalog: dataset,
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
      // The stub learns of the disconnect through its socket, some time later: wait for the generator
      // to be closed, then check that it produced nothing more while the stub served another request.
      await eventually(() => expect(closed).toBe(1));
      const afterClose = produced;
      expect((await fetch(`${stub.url}/healthz`)).status).toBe(200);
      expect(produced).toBe(afterClose);
      expect(produced).toBeLessThan(50_000);
    } finally {
      await stub.close();
    }
  });
});

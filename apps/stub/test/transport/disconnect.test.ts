// A client that goes away halfway through a streamed answer: the stub stops producing rows (the
// source's generator is closed) and keeps serving.
import { describe, expect, it } from "vitest";
import { startStub } from "../../src/index";
import { endlessSource } from "../helpers/endless-source";
import { apiHeaders } from "../helpers/harness";
import { eventually } from "../helpers/waiting";

describe("a client that disconnects mid-stream", () => {
  it("stops the work behind the answer and leaves the stub serving", async () => {
    const { source, path, payload, produced, closed } = endlessSource();
    const stub = await startStub({ source });
    try {
      const controller = new AbortController();
      const response = await fetch(`${stub.url}${path}`, {
        method: "POST",
        headers: apiHeaders(),
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      while (received < 512 * 1024) received += (await reader.read()).value?.length ?? 0;
      controller.abort();
      await reader.cancel().catch(() => {});
      // The stub learns of the disconnect through its socket, some time later: wait for the generator
      // to be closed, then check that it produced nothing more while the stub served another request.
      await eventually(() => expect(closed()).toBe(1));
      const afterClose = produced();
      expect((await fetch(`${stub.url}/healthz`)).status).toBe(200);
      expect(produced()).toBe(afterClose);
      expect(produced()).toBeLessThan(50_000);
    } finally {
      await stub.close();
    }
  });
});

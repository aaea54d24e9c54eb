// The client through MSW from the installed tarballs: a client made before server.listen() is answered by the stub's handlers, and a retry, an early break and a cancelled download all settle.
import assert from "node:assert/strict";
import { createClient } from "@giosg-reporting/client";
import { EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID } from "@giosg-reporting/contract";
import { createStubHandlers } from "@giosg-reporting/stub/msw";
import { setupServer } from "msw/node";

// Made at module level, before the server listens, as an app's shared client is.
const client = createClient({ token: "demo", timeoutMs: 5_000, retry: { baseDelayMs: 1 } });

const { handlers, stub } = createStubHandlers();
const server = setupServer(...handlers);
const bypassed = [];
server.events.on("response:bypass", ({ request }) => bypassed.push(request.url));
server.listen({ onUnhandledRequest: "error" });

/** Runs `run`, failing if it has not settled within 10 s (a hang guard, not a measure). */
async function settles(what, run) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within 10 s`)), 10_000);
  });
  try {
    return await Promise.race([run(), guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** The statuses the stub answered since the last case, oldest first. */
const statuses = () => stub.requests.map((request) => request.status);

const day = {
  organizationId: EXAMPLE_ORGANIZATION_ID,
  workflowId: EXAMPLE_WORKFLOW_ID,
  stepIndex: 1,
  filters: [],
  interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
  basic: true,
};

const passed = [];
try {
  await settles("a call of the client made before listen()", async () => {
    const answer = await client.getStepSourceData({ ...day, limit: 2 });
    assert.equal(answer.data.length, 2);
    assert.deepEqual(statuses(), [200]);
  });
  passed.push("made before listen()");

  stub.clearRequests();
  stub.scenario.fail(503, 1);
  await settles("a call retried after a 503", async () => {
    const answer = await client.getStepSourceData({ ...day, limit: 2 });
    assert.equal(answer.data.length, 2);
    assert.deepEqual(statuses(), [503, 200]);
  });
  passed.push("503 retried");

  await settles("a stream left after 5 rows", async () => {
    let rows = 0;
    for await (const _row of client.iterateStepSourceData(day)) {
      rows += 1;
      if (rows === 5) break;
    }
    assert.equal(rows, 5);
  });
  passed.push("early break");

  await settles("a download whose body is cancelled", async () => {
    const download = await client.downloadStepSourceData({ ...day, format: "csv" });
    await download.body.cancel();
  });
  passed.push("download cancelled");

  assert.deepEqual(bypassed, [], "no request may reach the network");
  console.log(`msw client: ok (${passed.join(", ")}; no request reached the network)`);
} catch (error) {
  // A call left hanging may hold the event loop open: end here, saying which case failed.
  console.error(`msw client: failed after ${passed.length} cases (${passed.join(", ")})`);
  console.error(error);
  process.exit(1);
} finally {
  server.close();
}

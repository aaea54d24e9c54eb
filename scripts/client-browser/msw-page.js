// The client-browser page with MSW: the stub's handlers built in the page and served by msw's worker, and the client with its defaults (https://api.giosg.com, the page's fetch).
import { createClient } from "@giosg-reporting/client";
import { createStubHandlers } from "@giosg-reporting/stub/msw";
import { setupWorker } from "msw/browser";
import { basicQuery, calls, everyRowQuery, examplePath, outcome } from "./shared.js";

const client = createClient({ token: "demo" });
let stub;
let worker;

/** Milliseconds from `createStubHandlers(options)` to its stub's first answer (in process, no worker), and its events. */
async function firstAnswer(options) {
  const began = performance.now();
  const built = createStubHandlers(options);
  const answer = await built.stub.fetch(`https://api.giosg.com${examplePath}`, {
    method: "POST",
    headers: { authorization: "Token demo", "content-type": "application/json" },
    body: JSON.stringify({
      filters: basicQuery.filters,
      interval: basicQuery.interval,
      limit: basicQuery.limit,
      basic: true,
    }),
  });
  await answer.text();
  return { built, ms: Math.round(performance.now() - began), events: built.stub.source.size };
}

/** The request `worker` sees start next, as a promise (msw's life-cycle event: no timer). */
function nextRequest() {
  return new Promise((resolve) => {
    const seen = () => {
      worker.events.removeListener("request:start", seen);
      resolve();
    };
    worker.events.on("request:start", seen);
  });
}

const { rows, stream, batches, info, sourceData, csv } = calls(client);

window.giosg = {
  /** Builds the default dataset and a month of it, then starts the worker on the default one. */
  async setup() {
    const full = await firstAnswer({ tokens: [{ token: "demo" }] });
    const month = await firstAnswer({
      tokens: [{ token: "demo" }],
      dataset: { start: "2022-11-01T00:00:00Z", end: "2022-12-01T00:00:00Z" },
    });
    stub = full.built.stub;
    worker = setupWorker(...full.built.handlers);
    const began = performance.now();
    await worker.start({ quiet: true, onUnhandledRequest: "bypass" });
    const workerMs = Math.round(performance.now() - began);
    stub.clearRequests();
    return {
      full: { ms: full.ms, events: full.events },
      month: { ms: month.ms, events: month.events },
      workerMs,
    };
  },
  rows: () => outcome(rows),
  stream: () => outcome(stream),
  batches: () => outcome(batches),
  info: () => outcome(info),
  sourceData: () => outcome(sourceData),
  csv: () => outcome(csv),
  wrongToken: () => outcome(() => createClient({ token: "wrong" }).getStepSourceData(basicQuery)),
  /** The journal since `setup`, an entry per request: method, step, format, token, status, rows. */
  journal: () =>
    stub.requests.map((entry) => ({
      method: entry.method,
      step: entry.params?.step_index ?? null,
      format: entry.body?.format ?? null,
      token: entry.token,
      status: entry.status,
      rows: entry.rows,
    })),
  /** A call aborted while the worker holds its answer (the stub's latency), once the worker has it. */
  async abortWaiting() {
    stub.clearRequests();
    stub.scenario.setLatency(600_000);
    const controller = new AbortController();
    const arrived = nextRequest();
    const call = outcome(() => client.getStepSourceData(basicQuery, { signal: controller.signal }));
    // A call that fails before the worker sees it (no fetch at all) is reported as it ended.
    await Promise.race([arrived, call]);
    controller.abort();
    const result = await call;
    stub.scenario.setLatency(0);
    return result;
  },
  /** A stream aborted after its first row. */
  async abortStreaming() {
    const controller = new AbortController();
    let seen = 0;
    const result = await outcome(async () => {
      for await (const _row of client.iterateStepSourceData(everyRowQuery, {
        signal: controller.signal,
      })) {
        seen += 1;
        if (seen === 1) controller.abort();
      }
    });
    return { ...result, seen };
  },
  /** The next request answered 503: the client retries, and the journal shows both. */
  async retried503() {
    stub.clearRequests();
    stub.scenario.fail(503, 1);
    const result = await outcome(rows);
    return { ...result, statuses: stub.requests.map((entry) => entry.status) };
  },
};

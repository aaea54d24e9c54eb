// The benchmark's floor, in a process of its own: the built client iterating streamStepSourceData, over
// the whole interval in one request (`whole`) or window by window as the export asks (`windows`).
// `concurrency` windows are read at a time (as the export's --concurrency would). Prints one JSON
// line: { rows, seconds, requests }.
import { createClient } from "@giosg-reporting/client";

const [baseUrl, organizationId, workflowId, step, target, start, end, mode, windowHours, inFlight] =
  process.argv.slice(2);
if (mode !== "whole" && mode !== "windows")
  throw new Error(
    "usage: client-floor.mjs <url> <org> <workflow> <step> <target> <start> <end> whole|windows [<window hours> [<concurrency>]]",
  );

const client = createClient({ token: "demo", baseUrl });
const from = Date.parse(start);
const to = Date.parse(end);
const stepMs = mode === "whole" ? to - from : Number(windowHours ?? 24) * 3_600_000;

// Windows aligned to UTC as the export cuts them (its windowsOf), the first and last clipped.
const windows = [];
for (let at = from; at < to; ) {
  const next = mode === "whole" ? to : Math.min(to, (Math.floor(at / stepMs) + 1) * stepMs);
  windows.push({ start: new Date(at), end: new Date(next) });
  at = next;
}

const started = performance.now();
let rows = 0;
let taken = 0;
/** Reads windows one after another until none is left. */
async function reader() {
  while (taken < windows.length) {
    const interval = windows[taken];
    taken += 1;
    const answer = await client.streamStepSourceDataBatches({
      organizationId,
      workflowId,
      stepIndex: Number(step),
      target,
      filters: [],
      interval,
    });
    for await (const b of answer.batches) rows += b.rows.length;
  }
}
await Promise.all(Array.from({ length: Math.max(1, Number(inFlight ?? 1)) }, reader));
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ rows, seconds, requests: windows.length })}\n`);

import { createClient } from "@giosg-reporting/client";
import { exportSourceData, openFileSink } from "../dist/index.js";
const [baseUrl, mode] = process.argv.slice(2);
const client = createClient({ token: "demo", baseUrl });
let sink;
if (mode === "file") sink = await openFileSink({ dir: "/tmp/x/out", workflowId: "3c298d6c-74ca-40b1-8432-5f2cb29fd630" });
else sink = {
  isFinished: () => false, finishedUnits: () => [], close: async () => {},
  async writeUnit(unit, answer) { let n = 0; for await (const b of answer.batches) n += b.rows.length; return n; },
};
const t = performance.now();
const s = await exportSourceData({ client, organizationId: "e40bcb66-8c63-4aa7-8d81-68d8e8cef907", workflowId: "3c298d6c-74ca-40b1-8432-5f2cb29fd630",
  interval: { start: new Date("2022-11-01T00:00:00Z"), end: new Date("2023-05-01T00:00:00Z") }, steps: [1], targets: ["default"], sink });
console.log(mode, s.rows, ((performance.now() - t) / 1000).toFixed(2), "s");

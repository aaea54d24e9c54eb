// Iterates one query's rows with the BUILT client (dist), alone in this process, and prints what it took
// as JSON: `node bench/built-client.mjs <baseUrl> '<query JSON>' [client options JSON]`.
import { createClient } from "../dist/index.js";

const [baseUrl = "", query = "{}", options = "{}"] = process.argv.slice(2);
const client = createClient({ token: "demo", baseUrl, timeoutMs: 60_000, ...JSON.parse(options) });
const cpu = process.cpuUsage();
const started = performance.now();
let rows = 0;
for await (const row of client.iterateStepSourceData(JSON.parse(query))) {
  rows += row.timestamp.length > 0 ? 1 : 0;
}
const seconds = (performance.now() - started) / 1000;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ rows, seconds, cpuSeconds: (user + system) / 1e6, rssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);

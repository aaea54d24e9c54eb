// A server for the benchmarks, in its own process: `stub` (the default dataset), `floor` (a minimal Hono
// server answering a precomputed Buffer) or `large` (a dataset generated per query). Prints its URL.
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { fixtureSource, startStub } from "../src/index";

const kind = process.argv[2];
const announce = (url: string) =>
  process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);

if (kind === "floor") {
  const body = readFileSync(process.argv[3] as string);
  const app = new Hono();
  app.post("*", () => new Response(body, { headers: { "content-type": "application/json" } }));
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    announce(`http://127.0.0.1:${info.port}`),
  );
} else if (kind === "stub") {
  startStub({ admin: process.argv.includes("--admin") }).then((stub) => announce(stub.url));
} else if (kind === "large") {
  const sessionsPerDay = Number(process.argv[3]);
  startStub({ source: fixtureSource({ sessionsPerDay }, false) }).then((stub) =>
    announce(stub.url),
  );
} else {
  throw new Error(`unknown server kind ${kind}`);
}

// A server that redirects every request to itself: the check follows no redirect, so each probe is
// one request, and the run ends with a bounded count of them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConformanceCheck } from "../src";
import { runOptions } from "./helpers/target";

let requests = 0;
let url: string;
const server = createServer((request, response) => {
  requests += 1;
  request.resume();
  response.writeHead(302, { location: request.url ?? "/", "content-type": "application/json" });
  response.end("{}");
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("a redirect loop", () => {
  it("costs one request per probe, each answer taken as the 302 it is", async () => {
    const report = await runConformanceCheck(runOptions(url));
    const probes = report.checks.flatMap((check) => check.requests);
    expect(probes.length).toBeGreaterThan(0);
    for (const probe of probes) expect(probe).toMatchObject({ status: 302, attempts: 1 });
    expect(requests).toBe(probes.length);
    expect(report.summary.requests).toBe(requests);
    expect(report.summary.conforms).toBe(false);
  });
});

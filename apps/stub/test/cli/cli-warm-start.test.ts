// The built bin is healthy before its dataset's tables are built (in a worker, after it listens), and
// what it answers meanwhile is what it answers once they are held (the banner says so).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID } from "@giosg-reporting/contract";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli-process";
import { apiHeaders, stepPath } from "../helpers/harness";

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

/** A port free right now on 127.0.0.1: the URL must be known before the banner says it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The first `GET /healthz` 200, polled (a 20 s guard against a hang). */
async function healthy(url: string, child: ChildProcess): Promise<void> {
  const guard = Date.now() + 20_000;
  while (Date.now() < guard) {
    if (child.exitCode !== null) throw new Error(`the bin exited with ${child.exitCode}`);
    const status = await fetch(`${url}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("not healthy within 20 s");
}

/** The example workflow's step 1 on a day and over the whole range, basic and advanced: bodies. */
async function answers(url: string): Promise<string[]> {
  const bodies = [
    { filters: [], interval: { start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" } },
    {
      filters: [{ property: "device_type", values: ["mobile"] }],
      interval: { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" },
      limit: 20,
      basic: true,
    },
  ];
  const path = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
  return Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: apiHeaders(),
        body: JSON.stringify(body),
      });
      return `${response.status} ${await response.text()}`;
    }),
  );
}

describe("giosg-reporting-stub's start (the built bin)", () => {
  it("answers /healthz and queries before its tables are held (no banner yet), as it answers once they are", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [cli, "--port", String(port), "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.push(child);
    let output = "";
    const banner = new Promise<void>((resolve) => {
      child.stdout?.on("data", (chunk) => {
        output += chunk;
        if (output.includes("listening on") && output.includes("curl")) resolve();
      });
    });
    const url = `http://127.0.0.1:${port}`;
    await healthy(url, child);
    // The worker starts once the stub listens and takes far longer than one health probe: nothing
    // printed yet. (Whether the queries below still come before the banner depends on the machine's
    // load, so only their bodies are compared.)
    expect(output).toBe("");
    const warming = await answers(url);
    await banner;
    expect(output).toContain("123,037 events");
    const held = await answers(url);
    expect(held.map((answer) => answer.slice(0, 4))).toEqual(["200 ", "200 "]);
    expect(held[0]?.length).toBeGreaterThan(1000);
    expect(warming).toEqual(held);
  });
});

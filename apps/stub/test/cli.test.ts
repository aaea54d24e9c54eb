import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { apiHeaders, checkAnswer, stepPath } from "./harness";
import { eventually } from "./waiting";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

/** Starts the built bin on a free port and resolves with its URL and what it printed. */
function startCli(...args: string[]): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes("curl"))
        resolve({ url: match[1] as string, output: () => output });
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

async function failure(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, [cli, ...args]);
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error("expected the command to fail");
}

const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);

describe("giosg-reporting-stub (the built bin)", () => {
  it("starts on the embedded dataset, prints its URL, tokens, docs and a curl, and answers the example", async () => {
    const { url, output } = await startCli();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const text of [
      "demo",
      "demo-no-subscription",
      "demo-no-access",
      "demo-no-reporting",
      `${url}/docs`,
      "curl -s -X POST",
    ]) {
      expect(output()).toContain(text);
    }
    const response = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders(),
      body: JSON.stringify(basicRequestExample.body),
    });
    const answer = await checkAnswer(response);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(2);
    // The child logs the request after answering it, through a pipe: the line may come later.
    await eventually(() =>
      expect(output()).toMatch(/POST \/api\/reporting\/workflow\/v1\/orgs\/\S+ 200 [\d.]+ ms/),
    );
  });

  it("serves --data with --workflows, and --tokens from a file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "stub-cli-"));
    const dataset = createDataset({ start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" });
    const events = join(folder, "events.ndjson");
    const workflows = join(folder, "workflows.json");
    const tokens = join(folder, "tokens.json");
    writeFileSync(
      events,
      generateEvents(dataset)
        .map((row) => `${JSON.stringify(row)}\n`)
        .join(""),
    );
    writeFileSync(
      workflows,
      JSON.stringify({ organizations: dataset.organizations, workflows: dataset.workflows }),
    );
    writeFileSync(
      tokens,
      JSON.stringify({
        tokens: [{ token: "partner-ci", organizations: [EXAMPLE_ORGANIZATION_ID] }],
      }),
    );
    const { url } = await startCli(
      "--data",
      events,
      "--workflows",
      workflows,
      "--tokens",
      tokens,
      "--quiet",
    );
    const ok = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders("partner-ci"),
      body: JSON.stringify(basicRequestExample.body),
    });
    const answer = await checkAnswer(ok);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(2);
    const demo = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders("demo"),
      body: "{}",
    });
    expect((await checkAnswer(demo)).status).toBe(401);
  });

  it("turns on the admin routes and latency", async () => {
    const { url } = await startCli("--admin", "--latency", "20", "--quiet");
    expect(await (await fetch(`${url}/__stub/scenario`)).json()).toEqual({
      latencyMs: 20,
      failure: null,
      drops: 0,
      bodyFault: null,
    });
  });

  it.each([
    [["--port", "70000"], "--port: must be a whole number from 0 to 65535"],
    [["--latency", "soon"], "--latency: must be a whole number"],
    [["--data", "events.ndjson"], "--data and --workflows go together"],
    [["--tokens", "/nonexistent/tokens.json"], "/nonexistent/tokens.json: ENOENT"],
    [["--colour"], "Unknown option '--colour'"],
  ])("rejects %j with exit code 2 and a clear message", async (args, message) => {
    const { code, stderr } = await failure(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("prints --help", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "--help"]);
    for (const flag of ["--port", "--host", "--seed", "--data", "--tokens", "--latency", "--admin"])
      expect(stdout).toContain(flag);
  });
});

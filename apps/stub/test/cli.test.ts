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
import { createDataset, DEFAULT_SEED, generateEvents } from "@giosg-reporting/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_ROUTES } from "../src/http/admin/scenario";
import { apiHeaders, checkAnswer, stepPath } from "./harness";
import { answered, openRaw, parseAnswer, rawRequest } from "./raw-socket";
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

/** An admin route's line in the help and the banner: method, path, effect. */
const routeLine = ({ method, path, effect }: (typeof ADMIN_ROUTES)[number]) =>
  new RegExp(`${method} +${path} +${effect.replace(/[?()]/g, "\\$&")}\n`);

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
      "Every organization and workflow id served: add --list to this command.",
      `data:    fixtures dataset, seed ${DEFAULT_SEED}, 240 sessions a day, from 2022-11-01 to 2023-05-01 (excluded)`,
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

  it("--list prints the embedded dataset's organizations and workflows, and the time covered, then exits", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "--list", "--seed", "7"]);
    const dataset = createDataset({ seed: 7 });
    expect(stdout).toContain(`data:    fixtures dataset, seed 7, 240 sessions a day`);
    expect(stdout).toContain(`covers:  ${dataset.start.replace(".000Z", "Z")} to `);
    for (const organization of dataset.organizations)
      expect(stdout).toContain(`organization ${organization.id}  ${organization.name}\n`);
    for (const workflow of dataset.workflows) {
      const line = stdout.split("\n").find((text) => text.includes(workflow.id)) ?? "";
      expect(line).toMatch(
        new RegExp(
          `^  workflow ${workflow.id} +${workflow.type} +steps 1-${workflow.steps.length - 1} +${workflow.name}$`,
        ),
      );
    }
  });

  it("--list with --data prints the files' workflows, each with the days its events span", async () => {
    const folder = mkdtempSync(join(tmpdir(), "stub-cli-list-"));
    const dataset = createDataset({ start: "2022-11-03T00:00:00Z", end: "2022-11-05T00:00:00Z" });
    const events = join(folder, "events.ndjson");
    const workflows = join(folder, "workflows.json");
    // A recording holds only what was asked: here the example workflow's events alone.
    const rows = generateEvents(dataset).filter(({ label }) => label === EXAMPLE_WORKFLOW_ID);
    writeFileSync(events, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
    writeFileSync(
      workflows,
      JSON.stringify({ organizations: dataset.organizations, workflows: dataset.workflows }),
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      "--list",
      "--data",
      events,
      "--workflows",
      workflows,
    ]);
    const times = rows.map(({ timestamp }) => Date.parse(timestamp));
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect(stdout).toContain(
      `covers:  first event ${iso(Math.min(...times))}, last ${iso(Math.max(...times))}\n`,
    );
    const line = (id: string) => stdout.split("\n").find((text) => text.includes(id)) ?? "";
    expect(line(EXAMPLE_WORKFLOW_ID)).toMatch(/ 2022-11-0[34] \.\. 2022-11-0[34] +\S/);
    const other = dataset.workflows.find(({ id }) => id !== EXAMPLE_WORKFLOW_ID);
    expect(line(other?.id ?? "")).toContain(" no events ");
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

  it("lists the CORS origins in force, and names a refused page's origin once (on stderr when --quiet)", async () => {
    const allowed = "http://127.0.0.1:5173,https://app.example";
    const [logging, quiet, any, off] = await Promise.all([
      startCli("--cors", allowed),
      startCli("--cors", allowed, "--quiet"),
      startCli("--cors", "*", "--quiet"),
      startCli("--quiet"),
    ]);
    for (const { output } of [logging, quiet])
      expect(output()).toContain(
        "  cors:    http://127.0.0.1:5173, https://app.example (pages there may call the API, never /__stub/)\n",
      );
    expect(any.output()).toContain("  cors:    * (any origin) (pages there may call the API");
    expect(off.output()).not.toContain("cors:");
    const refused = (origin: string) =>
      `CORS: refused origin ${origin} (allowed: http://127.0.0.1:5173, https://app.example)`;
    const preflight = async (url: string, origin: string) => {
      const answer = await fetch(`${url}${example}`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
      expect(answer.headers.get("access-control-allow-origin")).toBe(null);
    };
    for (const { url } of [logging, quiet]) {
      await preflight(url, "http://localhost:5173");
      await preflight(url, "http://localhost:5173");
      await preflight(url, "https://evil.example");
    }
    // The child writes its lines through a pipe: they may come after the answers. The last origin's
    // line comes after any repeat of the first's.
    await eventually(() =>
      expect(logging.output()).toContain(`${refused("https://evil.example")}\n`),
    );
    await eventually(() =>
      expect(quiet.output()).toContain(
        `giosg-reporting-stub: ${refused("https://evil.example")}\n`,
      ),
    );
    for (const { output } of [logging, quiet])
      expect(output().split(refused("http://localhost:5173"))).toHaveLength(2);
    expect(logging.output()).not.toContain("giosg-reporting-stub: CORS");
    expect(quiet.output()).toContain(`giosg-reporting-stub: ${refused("http://localhost:5173")}\n`);
  });

  it("prints the seed and volume in force, negative seeds included, and every admin route", async () => {
    const [separate, inline] = await Promise.all([
      startCli("--seed", "-1", "--sessions-per-day", "60", "--admin", "--quiet"),
      startCli("--seed=-1", "--sessions-per-day=60", "--quiet"),
    ]);
    for (const { output } of [separate, inline])
      expect(output()).toContain("data:    fixtures dataset, seed -1, 60 sessions a day");
    for (const route of ADMIN_ROUTES) expect(separate.output()).toMatch(routeLine(route));
    expect(separate.output()).toContain(`admin:   ${separate.url}/__stub/`);
    expect(inline.output()).not.toContain("admin:");
    const answers = await Promise.all(
      [separate, inline].map(async ({ url }) => {
        const response = await fetch(`${url}${example}`, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({ ...basicRequestExample.body, limit: 5 }),
        });
        return (await checkAnswer(response)).text;
      }),
    );
    expect(answers[1]).toBe(answers[0]);
  });

  it("holds the connection bounds it is given: one connection over --max-connections gets 503", async () => {
    const { url } = await startCli("--max-connections", "1", "--keep-alive-timeout", "60000");
    const port = Number(new URL(url).port);
    const held = await openRaw(port);
    held.socket.write(rawRequest("GET", "/healthz"));
    await eventually(() => expect(answered(held.received())).toBe(true));
    const refused = await openRaw(port);
    refused.socket.write(rawRequest("GET", "/healthz"));
    await eventually(() => expect(refused.closed()).toBe(true));
    expect(parseAnswer(refused.received()).status).toBe(503);
    held.socket.destroy();
  });

  it.each([
    [["--port", "70000"], '--port: must be a whole number from 0 to 65535, got "70000"'],
    [["--port", "-1"], '--port: must be a whole number from 0 to 65535, got "-1"'],
    [["--latency", "soon"], '--latency: must be a whole number from 0 to 600000, got "soon"'],
    [["--seed", "--quiet"], "--seed: needs a value, got the flag --quiet"],
    [["--seed"], "--seed: needs a value, as in --seed <value>"],
    [["--seed", "1.5"], '--seed: must be a whole number, got "1.5"'],
    [["--sessions-per-day", "0"], "--sessions-per-day: must be a number greater than 0"],
    [["--data", "events.ndjson"], "--data: needs --workflows <file>"],
    [["--workflows", "workflows.json"], "--workflows: goes with --data <file>"],
    [
      ["--data", "e.ndjson", "--workflows", "w.json", "--seed", "3"],
      "--seed: shapes the embedded dataset",
    ],
    [
      ["--list", "--record", "r", "--upstream", "https://api.giosg.com"],
      "--list: does not apply to --record",
    ],
    [["--max-bytes", "1000"], "--max-bytes: applies to --record only"],
    [["--upstream-timeout", "300"], "--upstream-timeout: applies to --record only"],
    [
      ["--record", "r", "--upstream", "https://api.giosg.com", "--max-bytes", "1e9"],
      '--max-bytes: must be a whole number of 0 or more, got "1e9"',
    ],
    [
      ["--record", "r", "--upstream", "https://api.giosg.com", "--upstream-timeout", "-5"],
      '--upstream-timeout: must be a whole number from 0 to 3600000, got "-5"',
    ],
    [["--colour"], "--colour: unknown option"],
    [["--admin=yes"], '--admin: takes no value, got "yes"'],
    [["4010"], "4010: unexpected argument"],
    [
      ["--write-timeout", "-1"],
      '--write-timeout: must be a whole number from 0 to 3600000, got "-1"',
    ],
    [
      ["--headers-timeout", "40000"],
      '--headers-timeout: must be at most --request-timeout (30000), got "40000"',
    ],
    [["--max-connections", "many"], "--max-connections: must be a whole number from 0 to"],
    [
      ["--lingering-bytes", "-1"],
      '--lingering-bytes: must be a whole number from 0 to 1073741824, got "-1"',
    ],
    [
      ["--cors", "https://a.example/"],
      `--cors: "https://a.example/" never matches a browser's Origin (scheme://host[:port], no path, no trailing slash): use "https://a.example"`,
    ],
    [["--cors", "https://a.example/app"], '--cors: "https://a.example/app" never matches'],
    [["--cors", "a.example"], '--cors: "a.example" never matches'],
    [["--cors", "http://localhost:3000,*"], "--cors: * stands alone"],
    [["--cors", ","], "--cors: names no origin"],
  ])("rejects %j with exit code 2, the flag and what it accepts", async (args, message) => {
    const { code, stderr } = await failure(...args);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`giosg-reporting-stub: ${message}`);
    expect(lines[1]).toBe("Run giosg-reporting-stub --help for the options.");
  });

  it("refuses a tokens file that repeats a token at start, naming the line and entry, never a secret", async () => {
    const tokens = join(mkdtempSync(join(tmpdir(), "stub-cli-")), "tokens.json");
    const entries = [
      { token: "s3cr3t-value", name: "ci", secret: true, organizations: [] },
      { token: "s3cr3t-value", name: "ci-2", secret: true },
    ];
    writeFileSync(tokens, JSON.stringify({ tokens: entries }, null, 2));
    const { code, stderr } = await failure("--tokens", tokens);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `giosg-reporting-stub: ${tokens}:9: tokens[1] "ci-2": token: repeats the token of tokens[0]; each token may appear once\n`,
    );
    expect(stderr).not.toContain("s3cr3t");
  });

  it("shows a secret token by its name only, and a shown token in the curl", async () => {
    const tokens = join(mkdtempSync(join(tmpdir(), "stub-cli-")), "tokens.json");
    const entries = [
      { token: "s3cr3t-value", name: "ci-worker", secret: true, description: "CI" },
      { token: "partner-demo" },
    ];
    writeFileSync(tokens, JSON.stringify({ tokens: entries }));
    const { url, output } = await startCli("--tokens", tokens);
    expect(output()).toMatch(/\n {4}\[secret ci-worker\] +CI\n {4}partner-demo\n/);
    expect(output()).toContain("Authorization: Token partner-demo'");
    const response = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders("s3cr3t-value"),
      body: JSON.stringify(basicRequestExample.body),
    });
    expect((await checkAnswer(response)).status).toBe(200);
    await eventually(() => expect(output()).toMatch(/POST \S+ 200/));
    expect(output()).not.toContain("s3cr3t");
  });

  it("reports a file it cannot read with exit code 1 and no usage hint", async () => {
    const { code, stderr } = await failure("--tokens", "/nonexistent/tokens.json");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^giosg-reporting-stub: \/nonexistent\/tokens\.json: ENOENT/);
    expect(stderr).not.toContain("--help");
  });

  it("reports a port in use with exit code 1 and says how to pick a free one", async () => {
    const { url } = await startCli("--quiet");
    const port = new URL(url).port;
    const { code, stderr } = await failure("--port", port);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `giosg-reporting-stub: --port: ${port} is already in use; try another, or --port 0 for a free one\n`,
    );
  });

  it("prints --help with every option and every admin route", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "--help"]);
    for (const flag of [
      "--port",
      "--host",
      "--seed",
      "--data",
      "--tokens",
      "--latency",
      "--admin",
      "--headers-timeout",
      "--request-timeout",
      "--keep-alive-timeout",
      "--write-timeout",
      "--max-connections",
      "--lingering-time",
      "--lingering-bytes",
    ])
      expect(stdout).toContain(flag);
    for (const route of ADMIN_ROUTES) expect(stdout).toMatch(routeLine(route));
  });
});

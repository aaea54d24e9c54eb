// The built bin's bounds and refusals: connection bounds, bad flags, bad tokens files, unreadable files, a port in use, and --help.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_ROUTES } from "../../src/http/admin/scenario";
import { cli, failure, routeLine, startCli, stopClis } from "../helpers/cli-process";
import { apiHeaders, checkAnswer, stepPath } from "../helpers/harness";
import { answered, openRaw, parseAnswer, rawRequest } from "../helpers/raw-socket";
import { eventually } from "../helpers/waiting";

afterEach(stopClis);

const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);

describe("giosg-reporting-stub (the built bin)", () => {
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

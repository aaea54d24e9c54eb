// Usage errors exit 2 with a message naming the flag at fault; nothing is sent.
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli";
import { INTERVAL, ORGANIZATION, WORKFLOW } from "./helpers/target";

const BASE = ["--base-url", "http://127.0.0.1:9", "--token", "demo"];

describe("usage errors", () => {
  it.each([
    ["a missing --organization", [...BASE, "--workflow", WORKFLOW], /--organization: is required/],
    [
      "a malformed --interval",
      [
        ...BASE,
        "--organization",
        ORGANIZATION,
        "--workflow",
        WORKFLOW,
        "--interval",
        "2022-11-01/yesterday",
      ],
      /--interval: start "2022-11-01" is not an ISO 8601 date-time/,
    ],
    [
      "an --interval that ends before it starts",
      [
        ...BASE,
        "--organization",
        ORGANIZATION,
        "--workflow",
        WORKFLOW,
        "--interval",
        "2022-12-01T00:00:00Z/2022-11-01T00:00:00Z",
      ],
      /--interval: start must be before end/,
    ],
    [
      "a --workflow that is not a UUID",
      [...BASE, "--organization", ORGANIZATION, "--workflow", "d3f3"],
      /--workflow: must be a UUID/,
    ],
    [
      "--step 0",
      [...BASE, "--organization", ORGANIZATION, "--workflow", WORKFLOW, "--step", "0"],
      /--step: must be a whole number of at least 1/,
    ],
    [
      "an unknown option",
      [...BASE, "--organisation", ORGANIZATION],
      /--organisation: unknown option/,
    ],
    [
      "a stray value (not repeated: it may be a token)",
      [...BASE, "--organization", ORGANIZATION, "stray-secret-value"],
      /argument 7: unexpected/,
    ],
    [
      "a -- before the flags (pnpm passes it on)",
      ["--", ...BASE, "--organization", ORGANIZATION],
      /--: ends the options, so the arguments after it are not read: leave out the --/,
    ],
  ])("%s exits 2 naming the flag", async (_name, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Run giosg-reporting-check --help for the options\./);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain("stray-secret-value");
  });

  it("a missing token (no --token, no GIOSG_TOKEN) exits 2 naming --token", async () => {
    const run = await runCli([
      "--base-url",
      "http://127.0.0.1:9",
      "--organization",
      ORGANIZATION,
      "--workflow",
      WORKFLOW,
      "--interval",
      INTERVAL,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--token: is required \(or set GIOSG_TOKEN/);
  });

  it("a server out of reach exits 2, saying no answer came", async () => {
    const run = await runCli([
      ...BASE,
      "--organization",
      ORGANIZATION,
      "--workflow",
      WORKFLOW,
      "--interval",
      INTERVAL,
      "--pace-ms",
      "0",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the run could not be made: no answer from the server/);
  });

  it("--help prints the options and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--token <token> .*GIOSG_TOKEN/);
  });
});

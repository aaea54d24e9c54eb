// The token never appears in stdout, stderr, the JSON report or the JUnit file, even when the server echoes it back.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED, redactor, runConformanceCheck } from "../src";
import { runCli } from "./helpers/cli";
import { INTERVAL, ORGANIZATION, runOptions, WORKFLOW } from "./helpers/target";
import { startUpstream, type Upstream } from "./helpers/upstream";

const SECRET = "check-secret-7f3a91c4e2b84d06";

let stub: RunningStub;
let echoing: Upstream;
beforeAll(async () => {
  stub = await startStub({ tokens: [{ token: SECRET }] });
  // A server that writes the Authorization header it got into its answers, where the evidence of a
  // deviation quotes it: as the rows' value (a string, not a number) and as error bodies without code.
  echoing = await startUpstream(stub.url, (answer, request) => {
    const said = request.headers.authorization ?? "";
    const body = answer.body as { data?: Record<string, unknown>[] };
    if (answer.status === 200) for (const row of body.data ?? []) row.value = said;
    else answer.body = { detail: `${said} ${encodeURIComponent(said)}` };
    return answer;
  });
});
afterAll(async () => {
  await echoing.close();
  await stub.close();
});

async function runWith(baseUrl: string, env: Record<string, string>, extra: string[] = []) {
  const folder = await mkdtemp(join(tmpdir(), "giosg-check-"));
  const report = join(folder, "report.json");
  const junit = join(folder, "junit.xml");
  const run = await runCli(
    [
      "--base-url",
      baseUrl,
      "--organization",
      ORGANIZATION,
      "--workflow",
      WORKFLOW,
      "--interval",
      INTERVAL,
      "--pace-ms",
      "0",
      "--report",
      report,
      "--junit",
      junit,
      ...extra,
    ],
    env,
  );
  const read = (file: string) => readFile(file, "utf8").catch(() => "");
  return { ...run, report: await read(report), junit: await read(junit) };
}

describe("the token", () => {
  it("is redacted from every output of a failing run against a server that echoes it", async () => {
    const run = await runWith(echoing.url, { GIOSG_TOKEN: SECRET });
    expect(run.code).toBe(1);
    for (const output of [run.stdout, run.stderr, run.report, run.junit])
      expect(output).not.toContain(SECRET);
    // The echo was there, and was replaced.
    expect(run.report).toContain(REDACTED);
    expect(run.junit).toContain(REDACTED);
    expect(run.stdout).toContain(REDACTED);
  });

  it("given with --token, is redacted from the message of a run whose token is refused (exit 2)", async () => {
    const refused = `${SECRET}-refused`;
    const run = await runWith(stub.url, {}, ["--token", refused]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the run could not be made: the server refused the token \(401/);
    expect(run.stdout + run.stderr).not.toContain(refused);
    expect(run.report).toBe("");
  });

  it("is redacted from the report runConformanceCheck resolves, and from its rejections", async () => {
    const report = await runConformanceCheck(runOptions(echoing.url, SECRET));
    expect(report.summary.conforms).toBe(false);
    expect(JSON.stringify(report)).not.toContain(SECRET);
    expect(JSON.stringify(report)).toContain(REDACTED);
    const refused = `${SECRET}-refused`;
    const rejection = await runConformanceCheck(runOptions(stub.url, refused)).catch(
      (error: Error) => error,
    );
    expect(rejection).toMatchObject({ name: "CheckRunError", kind: "refused" });
    expect(
      JSON.stringify({ ...(rejection as Error), message: (rejection as Error).message }),
    ).not.toContain(refused);
  });

  it("is replaced as written, URL-encoded and JSON-escaped", () => {
    const redact = redactor(['a/b"c']);
    expect(redact('x a/b"c y a%2Fb%22c z a/b\\"c')).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED}`,
    );
  });
});

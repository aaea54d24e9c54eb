// The token never appears in stdout, stderr, the JSON report or the JUnit file, even when the server echoes it back.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditAnswer } from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED, redactor, runConformanceCheck } from "../src";
import { runCli } from "./helpers/cli";
import { INTERVAL, ORGANIZATION, runOptions, WORKFLOW } from "./helpers/target";
import { startUpstream, type Upstream } from "./helpers/upstream";

const SECRET = "check-secret-7f3a91c4e2b84d06";
// 38 characters, as the issue's: a token long enough to straddle the audit's cut at 117 characters.
const LONG = "long-secret-0123456789abcdef0123456789a";

/** Every 8-character piece of `token`: none may be written anywhere. */
const piecesOf = (token: string) =>
  Array.from({ length: token.length - 7 }, (_, i) => token.slice(i, i + 8));
function expectNoPieceOf(token: string, output: string) {
  for (const piece of piecesOf(token)) expect(output).not.toContain(piece);
}

let stub: RunningStub;
let echoing: Upstream;
let shifting: Upstream;
// Offsets of the echoed Authorization header in the shifting upstream's answers, the next one per answer.
const shift = { rows: 0, errors: 0 };
/** The offsets tried: the token starts anywhere from well before the cut at 117 to just after it. */
const OFFSETS = 60;
const padOf = (n: number) => "x".repeat(60 + n);
beforeAll(async () => {
  stub = await startStub({ tokens: [{ token: SECRET }, { token: LONG }] });
  // A server that writes the Authorization header it got into its answers, where the evidence of a
  // deviation quotes it: as the rows' value (a string, not a number) and as error bodies without code.
  echoing = await startUpstream(stub.url, (answer, request) => {
    const said = request.headers.authorization ?? "";
    const body = answer.body as { data?: Record<string, unknown>[] };
    if (answer.status === 200) for (const row of body.data ?? []) row.value = said;
    else answer.body = { detail: `${said} ${encodeURIComponent(said)}` };
    return answer;
  });
  // The same echo behind padding one character longer at each answer, so that over the runs the token
  // starts at every offset around the audit's cut, in a row value and in an error body.
  shifting = await startUpstream(stub.url, (answer, request) => {
    const said = request.headers.authorization ?? "";
    const body = answer.body as { data?: Record<string, unknown>[] };
    if (answer.status === 200) {
      const pad = padOf(shift.rows++ % OFFSETS);
      for (const row of body.data ?? []) row.value = `${pad}${said}`;
    } else answer.body = { detail: `${padOf(shift.errors++ % OFFSETS)}${said}` };
    return answer;
  });
});
afterAll(async () => {
  await shifting.close();
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

  it("leaves no 8 characters of itself in any output when the audit's cut falls anywhere in it", async () => {
    shift.rows = 0;
    shift.errors = 0;
    // Runs one after another until every offset came as a row value (about 20 answers a run).
    for (let i = 0; i < 6 && shift.rows < OFFSETS; i++) {
      const run = await runWith(shifting.url, { GIOSG_TOKEN: LONG });
      expect(run.code).toBe(1);
      for (const output of [run.stdout, run.stderr, run.report, run.junit])
        expectNoPieceOf(LONG, output);
      expect(run.report).toContain(REDACTED);
    }
    expect(shift.rows).toBeGreaterThanOrEqual(OFFSETS);
  }, 120_000);

  it("is redacted from the audit's deviations whatever offset it starts at, before and after the cut", () => {
    const redact = redactor([LONG]);
    const query = {
      params: { organization_id: ORGANIZATION, workflow_id: WORKFLOW, step_index: 1 },
      body: { interval: { start: "2024-01-01T00:00:00Z", end: "2024-01-02T00:00:00Z" } },
    };
    for (let at = 0; at < 140; at++) {
      const said = `${"x".repeat(at)}Token ${LONG}`;
      // The token redacted first (as the check does with every answer), then the cut: nothing is left.
      const rows = {
        status: 200,
        contentType: "application/json",
        body: { fields: ["value"], data: [{ value: redact(said) }] },
      };
      const error = {
        status: 404,
        contentType: "application/json",
        body: { detail: redact(said) },
      };
      for (const answer of [rows, error])
        expectNoPieceOf(LONG, JSON.stringify(auditAnswer(query, answer)));
      // A prefix a cut left behind, redacted afterwards: nothing of 8 characters is left either.
      const late = JSON.stringify(auditAnswer(query, { ...error, body: { detail: said } }));
      if (said.length > 120) expect(late).toContain("…");
      expectNoPieceOf(LONG, redact(late));
    }
  });

  it("is redacted as a prefix of 8 characters or more left before a cut mark, not shorter", () => {
    const redact = redactor([LONG]);
    for (let k = 1; k < LONG.length; k++) {
      const text = `"Token ${LONG.slice(0, k)}…" and ${LONG.slice(0, k)} uncut`;
      const cut = k >= 8 ? REDACTED : LONG.slice(0, k);
      expect(redact(text)).toBe(`"Token ${cut}…" and ${LONG.slice(0, k)} uncut`);
    }
  });

  it("is replaced as written, URL-encoded and JSON-escaped", () => {
    const redact = redactor(['a/b"c']);
    expect(redact('x a/b"c y a%2Fb%22c z a/b\\"c')).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED}`,
    );
  });
});

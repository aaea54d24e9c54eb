// Against servers whose answers are 60 MB or endless: the run reads each answer only up to its bound, stays
// small, ends, and says which bound it reached.
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterEach, describe, expect, it } from "vitest";
import { exitCodeOf, runConformanceCheck } from "../src";
import { killRunning, runCliMeasured } from "./helpers/cli";
import { type HostileServer, startHostile } from "./helpers/hostile";
import { INTERVAL, ORGANIZATION, runOptions, WORKFLOW } from "./helpers/target";

const MB = 1024 * 1024;
/** The run's peak RSS may not pass this (before the bound, 60 MB answers took it past 800 MB). */
const PEAK_BOUND = 250 * MB;
/** The default bound, as the report names it (brackets escaped for a RegExp). */
const BYTES_CUT = "larger than 4194304 bytes \\(--max-answer-bytes\\)";

let server: HostileServer | undefined;
let stub: RunningStub | undefined;
afterEach(async () => {
  killRunning();
  await server?.close();
  await stub?.close();
  server = undefined;
  stub = undefined;
});

const args = (url: string) => [
  "--base-url",
  url,
  "--organization",
  ORGANIZATION,
  "--workflow",
  WORKFLOW,
  "--interval",
  INTERVAL,
  "--pace-ms",
  "0",
];

describe("answers larger than the bound", () => {
  it.each([
    ["60 MB answers", 60],
    ["endless answers", Number.POSITIVE_INFINITY],
  ])(
    "%s: the CLI stays under 250 MB, ends, and names --max-answer-bytes",
    async (_name, megabytes) => {
      server = await startHostile(megabytes);
      const run = await runCliMeasured(args(server.url), { GIOSG_TOKEN: "demo" });
      expect(run.stderr).toBe("");
      // The rows read showed deviations (more rows than the limit asked for).
      expect(run.code).toBe(1);
      expect(run.peakRss).toBeDefined();
      expect(run.peakRss).toBeLessThan(PEAK_BOUND);
      // Each answer is cut at the bound, and the checks that need discovery's rows say why they were not made.
      expect(run.stdout).toMatch(new RegExp(`→ 200, \\d+ rows, cut: ${BYTES_CUT}`));
      expect(run.stdout).toMatch(
        new RegExp(
          `skipped +documented-basic .*\\(skipped: discovery's answer is ${BYTES_CUT}: it was checked up to there \\(\\d+ rows\\) and the rest not read\\)`,
        ),
      );
      expect(server.requests()).toBeGreaterThan(1);
    },
    150_000,
  );

  it("--max-answer-rows cuts an endless answer at that many rows, in the report's evidence", async () => {
    server = await startHostile(Number.POSITIVE_INFINITY);
    const report = await runConformanceCheck({ ...runOptions(server.url), maxAnswerRows: 50 });
    const [discovery] = report.checks;
    expect(discovery?.requests[0]).toMatchObject({
      status: 200,
      rows: 50,
      cut: "more than 50 rows (--max-answer-rows)",
    });
    expect(report.checks[1]).toMatchObject({
      status: "skipped",
      reason:
        "discovery's answer is more than 50 rows (--max-answer-rows): it was checked up to there (50 rows) and the rest not read",
    });
  }, 60_000);

  it("an answer of a conforming server past a small bound is no deviation: the check is skipped, naming the bound", async () => {
    stub = await startStub();
    const report = await runConformanceCheck({ ...runOptions(stub.url), maxAnswerBytes: 4096 });
    expect(report.checks.filter((check) => check.status === "deviation")).toEqual([]);
    const [discovery] = report.checks;
    expect(discovery).toMatchObject({
      status: "skipped",
      reason: expect.stringMatching(
        /^an answer is larger than 4096 bytes \(--max-answer-bytes\): it was checked up to there \(\d+ rows\)/,
      ),
    });
    expect(report.checks.find((check) => check.id === "error-401")?.status).toBe("pass");
    expect(exitCodeOf(report)).toBe(3);
  });

  it.each([
    ["--max-answer-bytes", "100", /--max-answer-bytes: must be a whole number of at least 1024/],
    ["--max-answer-bytes", "1000000000", /--max-answer-bytes: must be at most 536870888/],
    ["--max-answer-rows", "0", /--max-answer-rows: must be a whole number of at least 1/],
  ])("%s %s is a usage error naming the flag", async (flag, value, message) => {
    const run = await runCliMeasured(
      [...args("http://127.0.0.1:9"), flag, value],
      { GIOSG_TOKEN: "demo" },
      30_000,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

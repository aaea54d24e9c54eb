// Against deviating upstreams (a stub behind a transforming proxy): the right check deviates, naming its reading and evidence.
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckResult, exitCodeOf, formatSummary, runConformanceCheck } from "../src";
import { runOptions } from "./helpers/target";
import { startUpstream, type UpstreamAnswer } from "./helpers/upstream";

type Body = {
  fields?: { name: string }[] | undefined;
  data?: Record<string, unknown>[] | undefined;
};

/** Applies `change` to the body of every advanced 200 answer (its first field named `timestamp`). */
const advanced =
  (change: (body: Body) => void) =>
  (answer: UpstreamAnswer): UpstreamAnswer => {
    const body = answer.body as Body;
    if (answer.status === 200 && body.fields?.[0]?.name === "timestamp") change(body);
    return answer;
  };

const renameKey = (row: Record<string, unknown>, from: string, to: string) =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key === from ? to : key, value]));

interface Mode {
  readonly transform: (answer: UpstreamAnswer) => UpstreamAnswer;
  /** The check that deviates, and what its deviation names. */
  readonly check: string;
  readonly deviation: { check: string; reading?: string };
  /** Evidence the deviation carries. */
  readonly evidence: RegExp;
  /** Checks this mode does not touch: they still pass. */
  readonly untouched: readonly string[];
}

const ERROR_CHECKS = [
  "error-401",
  "error-400-step-index",
  "error-404-workflow",
  "error-406-filter",
];

const MODES: Record<string, Mode> = {
  'timestamp renamed "Date & Time" in fields and rows': {
    transform: advanced((body) => {
      for (const field of body.fields ?? [])
        if (field.name === "timestamp") field.name = "Date & Time";
      body.data = body.data?.map((row) => renameKey(row, "timestamp", "Date & Time"));
    }),
    check: "discovery",
    deviation: { check: "fields.names", reading: "advanced-rows" },
    evidence: /Date & Time/,
    untouched: ERROR_CHECKS,
  },
  "a column dropped from fields and rows": {
    transform: advanced((body) => {
      body.fields = body.fields?.filter((field) => field.name !== "geo_city");
      for (const row of body.data ?? []) delete row.geo_city;
    }),
    check: "discovery",
    deviation: { check: "fields.names", reading: "advanced-rows" },
    evidence: /geo_city/,
    untouched: ERROR_CHECKS,
  },
  "a column added to fields and rows": {
    transform: advanced((body) => {
      body.fields?.push({ name: "extra_column", type: "string" } as never);
      for (const row of body.data ?? []) row.extra_column = "x";
    }),
    check: "discovery",
    deviation: { check: "row.keys", reading: "advanced-rows" },
    evidence: /extra_column/,
    untouched: [...ERROR_CHECKS, "documented-basic", "basic-projection"],
  },
  "value sent as a string": {
    transform: advanced((body) => {
      for (const row of body.data ?? []) row.value = String(row.value);
    }),
    check: "discovery",
    // `value` is a number by the documentation's own fields: no reading of ours is in question.
    deviation: { check: "row.values" },
    evidence: /value/,
    untouched: [...ERROR_CHECKS, "documented-basic", "basic-projection"],
  },
  "404 for an empty window": {
    transform: (answer) => {
      const body = answer.body as Body;
      if (answer.status === 200 && body.data?.length === 0)
        return {
          ...answer,
          status: 404,
          body: { detail: "Data not found.", code: "step_not_found" },
        };
      return answer;
    },
    check: "empty-window",
    deviation: { check: "status", reading: "empty-answers" },
    evidence: /404/,
    untouched: [...ERROR_CHECKS, "discovery", "limit-prefix", "interval-additivity", "goal-events"],
  },
  "error bodies without code": {
    transform: (answer) => {
      if (answer.status >= 400) delete (answer.body as { code?: unknown }).code;
      return answer;
    },
    check: "error-404-workflow",
    deviation: { check: "error.body", reading: "errors" },
    evidence: /code/,
    untouched: [
      "discovery",
      "limit-prefix",
      "interval-additivity",
      "empty-window",
      "basic-projection",
    ],
  },
  "rows in reverse order": {
    transform: (answer) => {
      const body = answer.body as Body;
      if (answer.status === 200) body.data?.reverse();
      return answer;
    },
    check: "discovery",
    deviation: { check: "rows.order", reading: "rows" },
    evidence: /out of time order/,
    untouched: [...ERROR_CHECKS, "empty-window"],
  },
};

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

const byId = (checks: readonly CheckResult[], id: string) =>
  checks.find((check) => check.id === id);

describe("against a deviating upstream", () => {
  it.each(Object.entries(MODES))("%s", async (_name, mode) => {
    const upstream = await startUpstream(stub.url, mode.transform);
    try {
      const report = await runConformanceCheck(runOptions(upstream.url));
      const check = byId(report.checks, mode.check);
      expect(check?.status, formatSummary(report)).toBe("deviation");
      const deviation = check?.deviations.find((found) => found.check === mode.deviation.check);
      expect(deviation, formatSummary(report)).toBeDefined();
      expect(deviation?.reading).toBe(mode.deviation.reading);
      expect(deviation?.contradicts).toMatch(
        mode.deviation.reading === undefined
          ? /^the documentation itself$/
          : new RegExp(`^reading "${mode.deviation.reading}" \\(`),
      );
      expect(JSON.stringify(deviation)).toMatch(mode.evidence);
      // The evidence names the request, never its headers.
      expect(deviation?.request).toMatchObject({
        method: "POST",
        path: expect.stringMatching(/^\/api\/reporting\//),
      });
      expect(Object.keys(deviation?.request ?? {})).not.toContain("headers");
      for (const id of mode.untouched)
        expect(byId(report.checks, id)?.status, `${id}\n${formatSummary(report)}`).toBe("pass");
      expect(exitCodeOf(report)).toBe(1);
    } finally {
      await upstream.close();
    }
  });
});

describe("a server's words in the summary", () => {
  it("an error body's code with a line break and terminal codes is escaped: no forged line, no escape reaches the terminal", async () => {
    const forged = "authentication_failed\u001b[31m\nPASS  everything";
    const upstream = await startUpstream(stub.url, (answer) =>
      answer.status === 401
        ? { ...answer, body: { ...(answer.body as object), code: forged } }
        : answer,
    );
    try {
      const report = await runConformanceCheck(runOptions(upstream.url));
      const deviation = byId(report.checks, "error-401")?.deviations.find(
        (found) => found.check === "error.body",
      );
      // The deviation keeps the server's words; the summary escapes them.
      expect(deviation?.message).toContain(forged);
      const summary = formatSummary(report);
      expect(summary).toContain("authentication_failed\\u001b[31m\\nPASS  everything");
      expect(summary.includes("\u001b")).toBe(false);
      expect(summary.split("\n").filter((line) => line.startsWith("PASS  everything"))).toEqual([]);
    } finally {
      await upstream.close();
    }
  });
});

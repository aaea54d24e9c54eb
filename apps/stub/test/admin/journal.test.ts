// The request journal: a bounded ring of what API requests sent and were answered, and its admin routes.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  basicRequestExample,
  pathParamsSchema,
  stepSourceDataRequestSchema,
  validationErrorBodySchema,
} from "@giosg-reporting/contract";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_JOURNAL_LIMIT,
  Journal,
  type JournalEntry,
  MAX_JOURNAL_LIMIT,
  RAW_BODY_LIMIT,
  RAW_PARAM_LIMIT,
  rawBody,
  rawParams,
} from "../../src/http/admin/journal";
import { JOURNAL_PATH, journalRoutes } from "../../src/http/admin/journal-routes";

const params = pathParamsSchema.parse(basicRequestExample.pathParams);
const body = stepSourceDataRequestSchema.parse(basicRequestExample.body);
const sentParams = {
  organization_id: params.organization_id,
  workflow_id: params.workflow_id,
  step_index: "1",
};

/** An entry of a valid query answered with 2 rows; `n` tells entries apart (its second). */
function entry(n: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    time: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
    method: "POST",
    rawParams: sentParams,
    params,
    body,
    rawBody: null,
    token: "demo",
    status: 200,
    rows: 2,
    ...overrides,
  };
}

const times = (entries: readonly JournalEntry[]) => entries.map(({ time }) => time);

describe("Journal", () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_JOURNAL_LIMIT + 1])(
    "refuses the limit %s",
    (limit) => {
      expect(() => new Journal(limit)).toThrow(RangeError);
      expect(() => new Journal(limit)).toThrow(/journal limit must be a whole number from 0/);
    },
  );

  it("keeps the last 1,000 of 1,001 entries by default, oldest first, the first one dropped", () => {
    const journal = new Journal();
    expect(journal.limit).toBe(DEFAULT_JOURNAL_LIMIT);
    for (let n = 0; n < 1001; n += 1) journal.record(entry(n));
    const entries = journal.entries();
    expect([journal.size, entries.length]).toEqual([1000, 1000]);
    expect(entries[0]).toEqual(entry(1));
    expect(entries[999]).toEqual(entry(1000));
    expect(times(entries)).toEqual([...times(entries)].sort());
  });

  it("never holds more than its limit however many entries come", () => {
    const journal = new Journal(3);
    for (let n = 0; n < 10; n += 1) {
      journal.record(entry(n));
      expect(journal.size).toBe(Math.min(n + 1, 3));
    }
    expect(times(journal.entries())).toEqual(times([entry(7), entry(8), entry(9)]));
  });

  it("keeps nothing with a limit of 0", () => {
    const journal = new Journal(0);
    const setRows = journal.record(entry(0));
    setRows(5);
    expect(journal.size).toBe(0);
    expect(journal.entries()).toEqual([]);
  });

  it("reads and clears one token's entries, leaving the others in order", () => {
    const journal = new Journal(5);
    // Seven entries through a ring of five: the ring has wrapped before the filter runs.
    const tokens = ["a", "b", "a", "b", null, "a", "b"];
    for (const [n, token] of tokens.entries()) journal.record(entry(n, { token }));
    expect(times(journal.entries({ token: "a" }))).toEqual(times([entry(2), entry(5)]));
    expect(times(journal.entries({ token: "b" }))).toEqual(times([entry(3), entry(6)]));
    expect(journal.entries({ token: "c" })).toEqual([]);

    journal.clear({ token: "a" });
    expect(journal.entries().map(({ token }) => token)).toEqual(["b", null, "b"]);
    // Still a ring of five after the clear: two more fit, the third drops the oldest.
    for (let n = 7; n < 10; n += 1) journal.record(entry(n, { token: "c" }));
    expect(journal.size).toBe(5);
    expect(times(journal.entries())).toEqual(times([4, 6, 7, 8, 9].map((n) => entry(n))));

    journal.clear();
    expect(journal.size).toBe(0);
    expect(journal.entries()).toEqual([]);
    journal.record(entry(10));
    expect(times(journal.entries())).toEqual(times([entry(10)]));
  });

  it("fills in an entry's rows later; a snapshot read before keeps what it saw", () => {
    const journal = new Journal();
    const setRows = journal.record(entry(0, { rows: null }));
    const before = journal.entries();
    setRows(1234);
    expect(before[0]?.rows).toBeNull();
    expect(journal.entries()[0]).toEqual(entry(0, { rows: 1234 }));
  });

  it("ignores rows filled in for an entry dropped meanwhile", () => {
    const journal = new Journal(1);
    const setRows = journal.record(entry(0, { rows: null }));
    journal.record(entry(1));
    setRows(99);
    expect(journal.entries()).toEqual([entry(1)]);
  });

  it("keeps its own frozen copy of an entry", () => {
    const journal = new Journal();
    const recorded = { ...entry(0) };
    journal.record(recorded);
    recorded.status = 500 as never;
    const [kept] = journal.entries();
    expect(kept?.status).toBe(200);
    expect(Object.isFrozen(kept)).toBe(true);
  });
});

describe("rawBody and rawParams", () => {
  it("keep a short text whole", () => {
    expect(rawBody('{"limit": ')).toEqual({ text: '{"limit": ', length: 10, cut: false });
    expect(rawBody("x".repeat(RAW_BODY_LIMIT)).cut).toBe(false);
  });

  it("cut a text beyond 64 KiB and say so", () => {
    const text = `[${"1,".repeat(100_000)}1]`;
    const kept = rawBody(text);
    expect(RAW_BODY_LIMIT).toBe(64 * 1024);
    expect(kept).toEqual({ text: text.slice(0, RAW_BODY_LIMIT), length: text.length, cut: true });
  });

  it("never keep half of a surrogate pair", () => {
    const kept = rawBody(`${"x".repeat(9)}😀yz`, 10);
    expect(kept).toEqual({ text: "x".repeat(9), length: 13, cut: true });
    expect(rawBody(`${"x".repeat(8)}😀yz`, 10).text).toBe(`${"x".repeat(8)}😀`);
  });

  it("keep no more than what they keep alive: 200 cut bodies of 1 MiB hold far less than 200 MiB", () => {
    // The heap after a full collection, GC exposed to this test alone.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed / 2 ** 20;
    };
    const journal = new Journal();
    const before = heap();
    for (let n = 0; n < 200; n += 1) {
      const text = `${n}${"x".repeat(2 ** 20)}`;
      journal.record(
        entry(n, { body: null, rawBody: rawBody(text), rawParams: rawParams({ s: text }) }),
      );
    }
    expect(journal.entries().every(({ rawBody }) => rawBody?.cut)).toBe(true);
    expect(heap() - before).toBeLessThan(64);
  });

  it("cut each path parameter to its limit", () => {
    const long = "f".repeat(20_000);
    expect(rawParams({ organization_id: long, step_index: "1" })).toEqual({
      organization_id: "f".repeat(RAW_PARAM_LIMIT),
      step_index: "1",
    });
  });
});

describe("the journal's routes", () => {
  function mounted(journal: Journal) {
    const app = new Hono();
    app.route("/", journalRoutes(journal));
    return app;
  }

  function filled(): Journal {
    const journal = new Journal();
    journal.record(entry(0, { token: "worker-1" }));
    journal.record(entry(1, { token: "worker-2", body: null, rawBody: rawBody("{"), status: 400 }));
    journal.record(entry(2, { token: "worker-1", rows: null }));
    return journal;
  }

  it("GET answers every entry, oldest first, as JSON", async () => {
    const journal = filled();
    const response = await mounted(journal).request(JOURNAL_PATH);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const answer = (await response.json()) as { requests: JournalEntry[] };
    expect(answer).toEqual({ requests: JSON.parse(JSON.stringify(journal.entries())) });
    expect(answer.requests.map(({ token }) => token)).toEqual(["worker-1", "worker-2", "worker-1"]);
    expect(answer.requests[1]?.rawBody).toEqual({ text: "{", length: 1, cut: false });
  });

  it("GET ?token= answers one token's entries", async () => {
    const response = await mounted(filled()).request(`${JOURNAL_PATH}?token=worker-1`);
    const answer = (await response.json()) as { requests: JournalEntry[] };
    expect(times(answer.requests)).toEqual(times([entry(0), entry(2)]));
  });

  it("DELETE ?token= forgets one token's entries, DELETE all of them, each with 204", async () => {
    const journal = filled();
    const app = mounted(journal);
    const one = await app.request(`${JOURNAL_PATH}?token=worker-1`, { method: "DELETE" });
    expect(one.status).toBe(204);
    expect(await one.text()).toBe("");
    expect(journal.entries().map(({ token }) => token)).toEqual(["worker-2"]);
    const all = await app.fetch(new Request(`http://stub${JOURNAL_PATH}`, { method: "DELETE" }));
    expect(all.status).toBe(204);
    expect(journal.size).toBe(0);
    const after = await app.request(JOURNAL_PATH);
    expect(await after.json()).toEqual({ requests: [] });
  });

  it.each([
    ["an unknown parameter", "?tokn=worker-1", "tokn"],
    ["an empty token", "?token=", "token"],
    ["a repeated token", "?token=worker-1&token=worker-2", "token"],
  ])("answers 400 invalid_request to %s, and changes nothing", async (_, query, path) => {
    const journal = filled();
    const app = mounted(journal);
    for (const method of ["GET", "DELETE"]) {
      const response = await app.request(`${JOURNAL_PATH}${query}`, { method });
      expect(response.status, method).toBe(400);
      const error = validationErrorBodySchema.parse(await response.json());
      expect(error.code).toBe("invalid_request");
      expect(error.errors.map((failure) => failure.path)).toEqual([path]);
    }
    expect(journal.size).toBe(3);
  });
});

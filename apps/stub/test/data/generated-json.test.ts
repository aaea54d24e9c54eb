// One generated source answering query after query (its run texts and its dataset's visitor profiles
// kept between answers) writes exactly the bytes of the reference object path, for every workflow,
// step and target, basic and advanced, windows cut anywhere, empty windows, limits and filters.
import {
  type StepSourceDataRequestInput,
  stepSourceDataRequestSchema,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { MAX_KEPT_TEXTS, RunTexts, runJson } from "../../src/data/json/run-json";
import { type EventSource, GeneratedSource, MemorySource, runQuery } from "../../src/index";

const options = { seed: 23, start: "2023-03-01T00:00:00Z", end: "2023-03-11T00:00:00Z" };
const range = { start: options.start, end: options.end };
const dataset = createDataset(options);
const events = generateEvents(createDataset(options));
const memory = new MemorySource(dataset, events, { dataset });
/** The reference: the rows selected as objects (no `stepJson`), written by `JSON.stringify`. */
const reference: EventSource = {
  catalog: memory.catalog,
  events: (workflow, from, to, step) => memory.events(workflow, from, to, step),
};
/** One source for every query below: what one answer keeps, the next one uses. */
const generated = new GeneratedSource(dataset);

function json(source: EventSource, workflow: number, step: number, body: object): string {
  const flow = dataset.workflows[workflow];
  const outcome = runQuery(source, {
    params: {
      organization_id: flow?.organizationId ?? "",
      workflow_id: flow?.id ?? "",
      step_index: step,
    },
    body: stepSourceDataRequestSchema.parse(body),
    organizations: "all",
  });
  if (outcome.status !== 200) throw new Error(`expected 200, got ${outcome.status}`);
  return Buffer.concat([...outcome.json].map((piece) => Buffer.from(piece))).toString();
}

const HOUR = 3_600_000;
const start = Date.parse(options.start);
const end = Date.parse(options.end);
const iso = (ms: number) => new Date(ms).toISOString();
/** Windows cut mid-day and mid-second, empty ones, one outside the data, and the whole range. */
const windows: readonly (readonly [number, number])[] = [
  [start, start + 24 * HOUR],
  [start + 13.5 * HOUR + 1234, start + 40 * HOUR + 7],
  [start + 3 * 24 * HOUR + 59_999, start + 3 * 24 * HOUR + 60_001],
  [start + 2 * HOUR, start + 2 * HOUR + 1],
  [end, end + 24 * HOUR],
  [start - 5 * 24 * HOUR, start + 5 * HOUR],
  [start, end],
];
const filterSets: readonly StepSourceDataRequestInput["filters"][] = [
  [],
  [{ property: "device_type", values: ["mobile", "tablet"] }],
  [{ property: "geo_country", values: ["Finland"] }],
  [{ property: "action", values: ["no such action"] }],
];
const limits = [undefined, 1, 7, 1000] as const;

describe("the JSON a generated source writes, query after query", () => {
  it("is the reference's for every workflow, step, target, basic or advanced, window, limit and filter", () => {
    let queries = 0;
    let nonEmpty = 0;
    dataset.workflows.forEach((workflow, w) => {
      for (let step = 1; step < workflow.steps.length; step += 1)
        for (const target of ["default", "triggered_goal"] as const)
          for (const basic of [false, true])
            windows.forEach(([from, to], i) => {
              const body = {
                filters: filterSets[(queries + i) % filterSets.length],
                interval: { start: iso(from), end: iso(to) },
                target,
                basic,
                ...(limits[queries % limits.length] === undefined
                  ? {}
                  : { limit: limits[queries % limits.length] }),
              };
              const expected = json(reference, w, step, body);
              expect(json(generated, w, step, body), JSON.stringify({ w, step, body })).toBe(
                expected,
              );
              queries += 1;
              if (expected !== "") nonEmpty += 1;
            });
    });
    expect(queries).toBeGreaterThan(500);
    expect(nonEmpty).toBeGreaterThan(queries / 5);
  });

  it("joins its daily windows into its answer of the whole range", () => {
    const web = dataset.workflows.findIndex(({ type }) => type === "web-navigation");
    for (const basic of [false, true]) {
      const days: string[] = [];
      for (let at = start; at < end; at += 24 * HOUR) {
        const day = json(generated, web, 1, {
          filters: [],
          interval: { start: iso(at), end: iso(at + 24 * HOUR) },
          basic,
        });
        if (day !== "") days.push(day);
      }
      const whole = json(generated, web, 1, { filters: [], interval: range, basic });
      expect(days.length).toBe(10);
      expect(days.join(",")).toBe(whole);
    }
  });

  it("keeps the funnel's answers (step_data) the reference's", () => {
    dataset.workflows.forEach((workflow, w) => {
      const last = workflow.steps.length - 1;
      const stepData = workflow.steps.map(({ actions }, index) =>
        index === 0 ? {} : { actions: actions.slice(0, 1).map(({ id }) => id) },
      );
      for (const target of ["default", "triggered_goal"] as const) {
        const body = { filters: [], interval: range, step_data: stepData, target };
        expect(json(generated, w, last, body)).toBe(json(reference, w, last, body));
      }
    });
  });
});

describe("run texts kept between answers", () => {
  const row = events.find((event) => event.dim5 === "1") as (typeof events)[number];
  const text = (rows: object[], texts: RunTexts, basic = false) =>
    Buffer.concat([...runJson(rows as typeof events, basic, texts)]).toString();

  it("are written again when a later answer's row differs under the same key", () => {
    const texts = new RunTexts();
    const moved = {
      ...row,
      geo_city: "Elsewhere",
      vendor: "another vendor",
      dim4: "another step",
      partner_organization_ids: ["p"],
    };
    for (const rows of [[row], [moved], [row, moved, row]]) {
      expect(text(rows, texts)).toBe(JSON.stringify(rows).slice(1, -1));
      expect(text(rows, texts, true)).toBe(
        JSON.stringify(rows.map((r) => JSON.parse(text([r], new RunTexts(), true)))).slice(1, -1),
      );
    }
  });

  it("stay bounded however many distinct visitors and actions come", () => {
    const texts = new RunTexts();
    const count = MAX_KEPT_TEXTS + 5000;
    const rows = Array.from({ length: count }, (_, i) => ({
      ...row,
      visitor_id: `visitor-${i}`,
      action: `action-${i}`,
    }));
    const written = text(rows, texts);
    expect(written.length).toBe(JSON.stringify(rows).length - 2);
    expect(written.slice(-2000)).toBe(JSON.stringify(rows).slice(-2001, -1));
    for (const run of [texts.events, texts.steps, texts.devices])
      expect(run.size).toBeLessThanOrEqual(MAX_KEPT_TEXTS);
  });
});

describe("rows selected as their JSON is written", () => {
  const rows = events.slice(0, 3000);
  const written = (selection: Parameters<typeof runJson>[3]) =>
    Buffer.concat([...runJson(rows, false, new RunTexts(), selection)]).toString();

  it("are the rows kept, up to the limit, and their count is told once the stream is over", () => {
    const desktop = (row: (typeof rows)[number]) => row.device_type === "desktop";
    expect(rows.filter(desktop).length).toBeGreaterThan(1000);
    for (const limit of [0, 1, 7, 1000, Number.POSITIVE_INFINITY]) {
      const counts: number[] = [];
      const text = written({ keep: desktop, limit, onRows: (count) => counts.push(count) });
      const expected = rows.filter(desktop).slice(0, limit);
      expect(text).toBe(JSON.stringify(expected).slice(1, -1));
      expect(counts).toEqual([expected.length]);
    }
  });

  it("are none when none is kept, and each one when every one is", () => {
    const counts: number[] = [];
    expect(written({ keep: () => false, limit: 10, onRows: (n) => counts.push(n) })).toBe("");
    expect(counts).toEqual([0]);
    expect(written({ keep: () => true, limit: Number.POSITIVE_INFINITY })).toBe(
      JSON.stringify(rows).slice(1, -1),
    );
  });
});

// The JSON a source that holds its rows writes itself (sliced from kept text, or encoded from its
// columns) is exactly what JSON.stringify writes for the rows the engine selects as objects.
import {
  type FILTER_PROPERTIES,
  type StepSourceDataRequestInput,
  stepSourceDataRequestSchema,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents, toBasicRow } from "@giosg-reporting/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PIECE_BYTES } from "../../src/data/json/piece-writer";
import { runJson } from "../../src/data/json/run-json";
import { type EventSource, GeneratedSource, MemorySource, runQuery } from "../../src/index";

const options = { seed: 11, start: "2023-02-01T00:00:00Z", end: "2023-02-15T00:00:00Z" };
const dataset = createDataset(options);
const events = generateEvents(dataset);
/** The default cache, and one too small to keep any list: its rows are encoded as they are sent. */
const kept = new MemorySource(dataset, events, { dataset });
const unkept = new MemorySource(dataset, events, { dataset, cacheBytes: 1 });
/** The same dataset generated per query: its rows' JSON is written from the generated rows. */
const generated = new GeneratedSource(dataset);
/** The same rows through the object path only: a source without `stepJson`. */
const objectsOnly: EventSource = {
  catalog: kept.catalog,
  events: (workflow, from, to, step) => kept.events(workflow, from, to, step),
};

function answer(
  source: EventSource,
  workflow: number,
  step: number,
  body: StepSourceDataRequestInput,
) {
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
  const json = Buffer.concat([...outcome.json].map((piece) => Buffer.from(piece))).toString();
  return { json, rows: [...outcome.rows] as object[] };
}

const start = Date.parse(options.start);
const end = Date.parse(options.end);
const values = (property: (typeof FILTER_PROPERTIES)[number]) =>
  [
    ...new Set(
      events
        .slice(0, 400)
        .map((row) => row[property])
        .filter((v) => v !== null),
    ),
  ] as string[];

const query = fc
  .record({
    workflow: fc.integer({ min: 0, max: dataset.workflows.length - 1 }),
    from: fc.integer({ min: start - 86_400_000, max: end }),
    length: fc.integer({ min: 1, max: 10 * 86_400_000 }),
    basic: fc.boolean(),
    goals: fc.boolean(),
    limit: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
    filters: fc.array(
      fc
        .constantFrom("action", "category", "device_type", "geo_country", "dim4")
        .chain((property) =>
          fc.record({
            property: fc.constant(property),
            values: fc.array(fc.constantFrom(...values(property), "no such value"), {
              minLength: 1,
              maxLength: 3,
            }),
          }),
        ),
      { maxLength: 2 },
    ),
  })
  .chain((q) =>
    fc.record({
      q: fc.constant(q),
      step: fc.integer({ min: 1, max: (dataset.workflows[q.workflow]?.steps.length ?? 2) - 1 }),
    }),
  );

describe("the JSON of a step's rows", () => {
  it("is JSON.stringify of the rows selected as objects, kept, unkept or generated, for any query", () => {
    fc.assert(
      fc.property(query, ({ q, step }) => {
        const body: StepSourceDataRequestInput = {
          filters: q.filters as StepSourceDataRequestInput["filters"],
          interval: {
            start: new Date(q.from).toISOString(),
            end: new Date(q.from + q.length).toISOString(),
          },
          basic: q.basic,
          target: q.goals ? "triggered_goal" : "default",
          ...(q.limit === undefined ? {} : { limit: q.limit }),
        };
        const reference = answer(objectsOnly, q.workflow, step, body);
        const expected = JSON.stringify(reference.rows).slice(1, -1);
        expect(reference.json).toBe(expected);
        expect(answer(kept, q.workflow, step, body).json).toBe(expected);
        expect(answer(unkept, q.workflow, step, body).json).toBe(expected);
        expect(answer(generated, q.workflow, step, body).json).toBe(expected);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("answers many rows over a whole range, the kept text bounded by its budget", () => {
    const small = new MemorySource(dataset, events, { dataset, cacheBytes: 4 * 1024 * 1024 });
    for (let workflow = 0; workflow < dataset.workflows.length; workflow += 1) {
      const body = { filters: [], interval: { start: options.start, end: options.end } };
      const { json, rows } = answer(small, workflow, 1, body);
      expect(json).toBe(JSON.stringify(rows).slice(1, -1));
      expect(small.cachedBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    }
    expect(small.cachedBytes).toBeGreaterThan(0);
  });
});

describe("the JSON written from generated rows", () => {
  const row = events.find((event) => event.dim5 === "1") as (typeof events)[number];
  const text = (rows: object[], basic = false) =>
    Buffer.concat([...runJson(rows as typeof events, basic)]).toString();

  it.each([
    ["quotes, backslashes and control characters", 'a "b" \\ c\u0001\n'],
    ["non-ASCII text", "Malmö – 東京 🚀"],
    ["a lone surrogate", "x\ud800y"],
    ["a long string", "z".repeat(1000)],
  ])("is JSON.stringify's for values with %s", (_, value) => {
    const odd = { ...row, dim1: value, geo_city: value, action: value };
    const rows = [row, odd, row, { ...odd, geo_city: "plain" }];
    expect(text(rows)).toBe(JSON.stringify(rows).slice(1, -1));
    expect(text(rows, true)).toBe(JSON.stringify(rows.map(toBasicRow)).slice(1, -1));
  });

  it("re-encodes a run whose values differ under the same key (a visitor's columns changed)", () => {
    const moved = { ...row, geo_city: "Elsewhere", partner_organization_ids: ["p"] };
    const rows = [row, moved, row];
    expect(text(rows)).toBe(JSON.stringify(rows).slice(1, -1));
  });

  it("cuts its pieces at 256 KiB exactly, rows crossing them", () => {
    expect(PIECE_BYTES).toBe(256 * 1024);
    const rows = Array.from({ length: 1600 }, () => row);
    const pieces = [...runJson(rows, false)];
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBe(PIECE_BYTES);
    expect(Buffer.concat(pieces).toString()).toBe(JSON.stringify(rows).slice(1, -1));
  });
});

// The fixtures dataset's tables built in a worker thread (the built package) answer exactly as those
// built in the caller's thread, and a table survives being handed over as its typed arrays.
import { stepSourceDataRequestSchema } from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { MemoryTables } from "../../src/data/memory/memory-tables";
import { type EventSource, fixtureSource, MemorySource, runQuery } from "../../src/index";

type Built = { fixtureSource: typeof fixtureSource; runQuery: typeof runQuery };

/** A whole-range answer of every step of every workflow (basic or advanced, with a filter or not). */
function answers(run: typeof runQuery, source: EventSource, filtered: boolean): string[] {
  const { start, end } = source.dataset ?? { start: "", end: "" };
  return source.catalog.workflows.flatMap((workflow) =>
    workflow.steps.slice(1).map(({ index }) => {
      const outcome = run(source, {
        params: {
          organization_id: workflow.organizationId,
          workflow_id: workflow.id,
          step_index: index,
        },
        body: stepSourceDataRequestSchema.parse({
          interval: { start, end },
          basic: index % 2 === 0,
          filters: filtered ? [{ property: "device_type", values: ["mobile"] }] : [],
        }),
        organizations: "all",
      });
      if (outcome.status !== 200) throw new Error(`expected 200, got ${outcome.status}`);
      return Buffer.concat([...outcome.json].map((piece) => Buffer.from(piece))).toString();
    }),
  );
}

describe("the fixtures dataset's tables", () => {
  it("built in the built package's worker answer as those built in this thread", async () => {
    const built = (await import(new URL("../../dist/index.js", import.meta.url).href)) as Built;
    const options = { seed: 5, start: "2023-03-01T00:00:00Z", end: "2023-03-08T00:00:00Z" };
    const inWorker = built.fixtureSource(options);
    const here = fixtureSource(options);
    expect((inWorker as MemorySource).size).toBe((here as MemorySource).size);
    expect(answers(built.runQuery, inWorker, false)).toEqual(answers(runQuery, here, false));
    expect(answers(built.runQuery, inWorker, true)).toEqual(answers(runQuery, here, true));
    // The outer goal events too, indexed by organization in the worker's tables.
    for (const { id } of here.catalog.organizations) {
      const range = [Date.parse(options.start), Date.parse(options.end)] as const;
      const fromWorker = [...(inWorker.outerGoalEvents?.(id, ...range) ?? [])];
      expect(fromWorker).toEqual([...(here.outerGoalEvents?.(id, ...range) ?? [])]);
    }
    expect(
      here.catalog.organizations.some(
        ({ id }) => [...(inWorker.outerGoalEvents?.(id, 0, Date.parse(options.end)) ?? [])].length,
      ),
    ).toBe(true);
  });

  it("handed over as typed arrays answer, filter and give rows as before", () => {
    const dataset = createDataset({
      seed: 6,
      start: "2023-01-02T00:00:00Z",
      end: "2023-01-05T00:00:00Z",
    });
    const events = generateEvents(dataset);
    const { snapshot, transfer } = MemoryTables.build(dataset, events).snapshot();
    const received = structuredClone(snapshot, { transfer });
    const handed = new MemorySource(dataset, new MemoryTables(received), { dataset });
    const direct = new MemorySource(dataset, events, { dataset });
    expect(handed.size).toBe(direct.size);
    expect(answers(runQuery, handed, true)).toEqual(answers(runQuery, direct, true));
    const [workflow] = dataset.workflows;
    if (!workflow) throw new Error("no workflow");
    const range = [Date.parse(dataset.start), Date.parse(dataset.end)] as const;
    expect([...handed.events(workflow, ...range)]).toEqual([...direct.events(workflow, ...range)]);
    for (const { id } of dataset.organizations)
      expect([...handed.outerGoalEvents(id, ...range)]).toEqual([
        ...direct.outerGoalEvents(id, ...range),
      ]);
  });
});

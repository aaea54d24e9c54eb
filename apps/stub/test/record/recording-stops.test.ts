// A recording stopped before it closed, and one answer ended twice: nothing lost, nothing recorded twice.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AdvancedRow } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import { type RecordedView, Recording } from "../../src/index";
import { ORG } from "../helpers/fixtures";
import { INTERACTION, OUTER_GOALS } from "../helpers/outer-goals";
import {
  folder,
  inDays,
  manifestOf,
  play,
  recorded,
  sortedTexts,
  view,
  workflow,
} from "../helpers/recorded-days";

const UPSTREAM = "https://api.example";
/** The first organization's outer goal events, in time order. */
const outer = [...OUTER_GOALS]
  .filter(({ organization_id }) => organization_id === ORG)
  .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
const outerView = (whole: boolean): RecordedView => ({
  workflowId: INTERACTION,
  step: 0,
  goals: true,
  outerGoalsOf: ORG,
  from: Date.parse("2023-01-01T00:00:00Z"),
  to: Date.parse("2023-02-01T00:00:00Z"),
  whole,
  limit: Number.POSITIVE_INFINITY,
});
const stepsOf = (dir: string) =>
  (
    JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")) as {
      workflows: { id: string; steps: unknown[] }[];
    }
  ).workflows.map(({ id, steps }) => ({ id, steps: steps.length }));

describe("Recording stopped", () => {
  it("records outer goal events kept apart once, in the session and after a stop, with their windows read back", async () => {
    const dir = folder();
    const first = await Recording.open(dir, UPSTREAM);
    expect(play(first, outerView(false), outer.slice(1))).toBe(outer.length - 1);
    expect(play(first, outerView(true), outer)).toBe(outer.length);
    expect(play(first, outerView(false), outer.slice(2))).toBe(0);
    play(first, view(2, 3), []);
    first.save(); // stopped: never closed
    const saved = manifestOf(dir);
    expect(
      saved.sourceData.map(({ organization }: { organization: string }) => organization),
    ).toEqual([ORG]);
    expect(saved.windows.map((window: { workflow: string }) => window.workflow)).toEqual([
      workflow.id,
    ]);
    const second = await Recording.open(dir, UPSTREAM);
    expect(manifestOf(dir)).toEqual(saved);
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts(outer));
    await second.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts(outer));
    const third = await Recording.open(dir, UPSTREAM);
    expect(play(third, outerView(false), outer)).toBe(0);
    await third.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts(outer));
  });

  it("keeps the steps and info noted before a stop, and catalogues rows a stop left without a workflows file", async () => {
    const dir = folder();
    const first = await Recording.open(dir, UPSTREAM);
    first.catalog.noteStep(workflow.organizationId, workflow.id, 4);
    play(first, view(2, 3), inDays(2, 3));
    first.save(); // stopped: never closed
    await (await Recording.open(dir, UPSTREAM)).close();
    expect(stepsOf(dir)).toEqual([{ id: workflow.id, steps: 5 }]);
    // Stopped during the first answer: rows written, the workflows file not yet.
    rmSync(join(dir, "workflows.json"));
    rmSync(join(dir, "recording.json"));
    await (await Recording.open(dir, UPSTREAM)).close();
    expect(stepsOf(dir)).toEqual([{ id: workflow.id, steps: 2 }]);
    expect(recorded(dir)).toEqual(inDays(2, 3));
  });

  it("keeps the rows kept apart outside a window a whole view completes", async () => {
    const dir = folder();
    const before = inDays(2, 3).filter((row) => row.device_type === "mobile");
    const after = inDays(5, 6).filter((row) => row.device_type === "mobile");
    const recording = await Recording.open(dir, UPSTREAM);
    play(recording, view(2, 6, { whole: false }), [...before, ...after]);
    play(recording, view(3, 5), inDays(3, 5));
    expect(play(recording, view(2, 6, { whole: false }), [...before, ...after])).toBe(0);
    await recording.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts([...before, ...inDays(3, 5), ...after]));
  });

  it("frees a step for the next answer once, however often an answer is ended", async () => {
    const recording = await Recording.open(folder(), UPSTREAM);
    const answering = recording.begin(view(2, 3));
    answering?.end(true);
    const next = recording.begin(view(3, 4));
    expect(next).toBeDefined();
    answering?.end(true);
    expect(recording.begin(view(4, 5))).toBeUndefined();
    next?.end(true);
    await recording.close();
  });

  it("adds nothing of a group held when its instant is recorded completely by the time it is written", async () => {
    const dir = folder();
    const [a, b] = inDays(3, 4);
    if (!a || !b) throw new Error("rows");
    const recording = await Recording.open(dir, UPSTREAM);
    play(recording, view(3, 4), inDays(3, 4));
    const answering = recording.begin(view(2, 4));
    const twins: AdvancedRow[] = [a, { ...a, dim1: "00000000-0000-4000-8000-0000000000ff" }, b];
    for (const row of twins) answering?.row(row);
    answering?.end(false);
    expect(answering?.added).toBe(0);
    await recording.close();
    expect(recorded(dir)).toEqual(inDays(3, 4));
  });
});

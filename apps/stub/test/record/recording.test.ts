// The recording folder: each row once across views, sessions and crashes; whole lines only; windows kept.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RecordedView, Recording } from "../../src/index";
import { ORG } from "../helpers/fixtures";
import { INTERACTION, OUTER_GOALS } from "../helpers/outer-goals";
import {
  folder,
  inDays,
  play,
  recorded,
  sortedTexts,
  view,
  workflow,
} from "../helpers/recorded-days";

describe("Recording", () => {
  it("records overlapping whole views once, filtered rows once, and keeps the upstream's order", async () => {
    expect(inDays(2, 6).length).toBeGreaterThan(50);
    const dir = folder();
    const recording = await Recording.open(dir, "https://api.example");
    const filtered = inDays(3, 5).filter((row) => row.device_type === "mobile");
    expect(play(recording, view(3, 5, { whole: false }), filtered)).toBe(filtered.length);
    expect(play(recording, view(2, 4), inDays(2, 4))).toBe(inDays(2, 4).length);
    expect(play(recording, view(3, 6), inDays(3, 6))).toBe(inDays(4, 6).length);
    expect(play(recording, view(2, 6), inDays(2, 6))).toBe(0);
    // Filtered rows seen again add nothing either.
    expect(play(recording, view(3, 5, { whole: false }), filtered)).toBe(0);
    await recording.close();
    expect(recorded(dir)).toEqual(inDays(2, 6));
    const manifest = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));
    expect(manifest.windows).toEqual([
      {
        workflow: workflow.id,
        step: 1,
        target: "default",
        intervals: [["2023-01-02T00:00:00.000Z", "2023-01-06T00:00:00.000Z"]],
      },
    ]);
  });

  it("keeps identical events as often as one answer shows them, and no more", async () => {
    const dir = folder();
    const recording = await Recording.open(dir, "https://api.example");
    const [first] = inDays(3, 4);
    if (!first) throw new Error("rows");
    play(recording, view(3, 4, { whole: false }), [first, first]);
    play(recording, view(3, 4, { whole: false }), [first]);
    await recording.close();
    expect(recorded(dir)).toEqual([first, first]);
  });

  it("claims a limited or cut view's window only up to its last instant", async () => {
    const dir = folder();
    const recording = await Recording.open(dir, "https://api.example");
    const some = inDays(2, 6).slice(0, 10);
    play(recording, view(2, 6, { limit: 10 }), some);
    play(recording, view(2, 6), inDays(2, 6).slice(0, 20), false);
    await recording.close();
    expect(recorded(dir)).toEqual(inDays(2, 6).slice(0, 20));
    const [window] = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8")).windows;
    const last = inDays(2, 6)[19]?.timestamp as string;
    expect(window.intervals).toEqual([
      ["2023-01-02T00:00:00.000Z", new Date(Date.parse(last)).toISOString()],
    ]);
  });

  it("refuses a second answer of the same step and target while one is being recorded", async () => {
    const recording = await Recording.open(folder(), "https://api.example");
    const answering = recording.begin(view(2, 3));
    expect(recording.begin(view(4, 5))).toBeUndefined();
    expect(recording.begin(view(4, 5, { goals: true }))).toBeDefined();
    answering?.end(true);
    expect(recording.begin(view(4, 5))).toBeDefined();
  });

  it("continues a folder in a later session, and one left by a crash: half line cut, kept rows merged", async () => {
    const dir = folder();
    const first = await Recording.open(dir, "https://api.example");
    play(first, view(2, 4), inDays(2, 4));
    const filtered = inDays(4, 6).filter((row) => row.device_type === "desktop");
    play(first, view(4, 6, { whole: false }), filtered);
    // A crash: the kept rows never merged, half a line at the end of the events.
    first.save();
    appendFileSync(join(dir, "events.ndjson"), '{"timestamp":"2023-01-0');
    const second = await Recording.open(dir, "https://api.example");
    expect(readFileSync(join(dir, "events.ndjson"), "utf8").endsWith("\n")).toBe(true);
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts([...inDays(2, 4), ...filtered]));
    // The rows merged from the first session are not recorded again by a whole view over them.
    expect(play(second, view(2, 6), inDays(2, 6))).toBe(inDays(4, 6).length - filtered.length);
    await second.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts(inDays(2, 6)));
  });

  it("writes a workflows file the contract accepts, with the steps and types the rows show", async () => {
    const dir = folder();
    const recording = await Recording.open(dir, "https://api.example");
    play(recording, view(2, 4), inDays(2, 4));
    recording.catalog.noteStep(workflow.organizationId, workflow.id, 3);
    await recording.close();
    const catalog = JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8"));
    const [recordedWorkflow] = catalog.workflows;
    expect(recordedWorkflow).toMatchObject({ id: workflow.id, type: workflow.type });
    expect(recordedWorkflow.steps.map((step: { index: number }) => step.index)).toEqual([
      0, 1, 2, 3,
    ]);
    expect(recordedWorkflow.steps[1].name).toBe(workflow.steps[1]?.name);
    // An edit to the file is kept by the next session.
    recordedWorkflow.name = "Our webshop funnel";
    writeFileSync(join(dir, "workflows.json"), JSON.stringify(catalog));
    const again = await Recording.open(dir, "https://api.example");
    await again.close();
    expect(JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")).workflows[0].name).toBe(
      "Our webshop funnel",
    );
  });

  it("keeps what info answered in the workflows file, across sessions, over the type the rows suggest", async () => {
    const dir = folder();
    const recording = await Recording.open(dir, "https://api.example");
    play(recording, view(2, 4), inDays(2, 4));
    recording.catalog.noteInfo({
      id: workflow.id,
      org_id: workflow.organizationId,
      type: "interaction",
      name: "Spring campaign",
      description: "Asks visitors what they look for.",
      modified_at: "2023-01-01T10:20:30Z",
      is_published: false,
      start_date: null,
      end_date: null,
    });
    await recording.close();
    const again = await Recording.open(dir, "https://api.example");
    await again.close();
    const [recordedWorkflow] = JSON.parse(
      readFileSync(join(dir, "workflows.json"), "utf8"),
    ).workflows;
    expect(recordedWorkflow).toMatchObject({
      id: workflow.id,
      type: "interaction",
      name: "Spring campaign",
      description: "Asks visitors what they look for.",
      modifiedAt: "2023-01-01T10:20:30.000Z",
      isPublished: false,
      startDate: null,
      endDate: null,
    });
  });

  it("holds an organization's outer goal events (source_data) apart from steps' windows, across sessions", async () => {
    const dir = folder();
    const mine = [...OUTER_GOALS]
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
    const first = await Recording.open(dir, "https://api.example");
    expect(play(first, outerView(true), mine)).toBe(mine.length);
    await first.close();
    const second = await Recording.open(dir, "https://api.example");
    expect(play(second, outerView(true), mine)).toBe(0);
    expect(play(second, outerView(false), mine.slice(1))).toBe(0);
    await second.close();
    expect(sortedTexts(recorded(dir))).toEqual(sortedTexts(mine));
    const manifest = JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));
    expect(manifest.windows).toEqual([]);
    expect(manifest.sourceData).toEqual([
      {
        organization: ORG,
        target: "affected_goal_total",
        intervals: [["2023-01-01T00:00:00.000Z", "2023-02-01T00:00:00.000Z"]],
      },
    ]);
  });
});

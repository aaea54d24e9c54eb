// Step 1's events of a generated week, a recording folder per test, and answers played into a Recording.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AdvancedRow } from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { afterEach } from "vitest";
import type { RecordedView, Recording } from "../../src/index";

const dataset = createDataset({
  seed: 11,
  start: "2023-01-02T00:00:00Z",
  end: "2023-01-09T00:00:00Z",
});
const first = dataset.workflows[0];
if (!first) throw new Error("the dataset has workflows");
/** The dataset's first workflow. */
export const workflow = first;
/** Step 1's own events of the first workflow, in time order. */
export const rows = [...generateEvents(dataset)].filter(
  (row) => row.label === workflow.id && row.dim5 === "1" && row.category !== "Goal",
);
/** Midnight (UTC) starting January `n`, 2023, in milliseconds. */
export const day = (n: number) => Date.parse(`2023-01-0${n}T00:00:00Z`);
/** The rows from day `from` up to day `to`. */
export const inDays = (from: number, to: number) =>
  rows.filter(
    ({ timestamp }) => Date.parse(timestamp) >= day(from) && Date.parse(timestamp) < day(to),
  );
/** A whole view of step 1's events from day `from` up to day `to`, with `extra` over it. */
export const view = (
  from: number,
  to: number,
  extra: Partial<RecordedView> = {},
): RecordedView => ({
  workflowId: workflow.id,
  step: 1,
  goals: false,
  from: day(from),
  to: day(to),
  whole: true,
  limit: Number.POSITIVE_INFINITY,
  ...extra,
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A new empty folder, removed after the test. */
export function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "giosg-recording-"));
  dirs.push(dir);
  return dir;
}

/** Plays one answer into the recording: how many of its rows were new to it. */
export function play(
  recording: Recording,
  shown: RecordedView,
  answer: readonly AdvancedRow[],
  finished = true,
): number {
  const answering = recording.begin(shown);
  if (!answering) throw new Error("busy");
  for (const row of answer) answering.row(row);
  answering.end(finished);
  return answering.added;
}

/** The rows of a folder's events file, in its order. */
export const recorded = (dir: string) =>
  readFileSync(join(dir, "events.ndjson"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as AdvancedRow);
/** The rows as JSON texts, sorted: a recording's rows whatever their order. */
export const sortedTexts = (list: readonly AdvancedRow[]) =>
  list.map((row) => JSON.stringify(row)).sort();
/** A folder's recording.json. */
export const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "recording.json"), "utf8"));

// Checking an export folder against the stub: each (step, target)'s rows as a multiset of the one unlimited answer, and the state file naming exactly the files.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type Target } from "@giosg-reporting/client";
import { expect } from "vitest";
import { parseInterval, readStateKeys, STATE_FILE, STATE_LOG } from "../../src";
import { filesUnder, MONTH, ORGANIZATION, WORKFLOW } from "./files";

/** What an export covered: the workflow, its interval, steps and targets. */
export interface Covered {
  readonly organizationId: string;
  readonly workflowId: string;
  /** `<start>/<end>`, as the CLI takes it. */
  readonly interval: string;
  readonly steps: readonly number[];
  readonly targets: readonly Target[];
}

/** November 2022 of the example workflow: steps 1 and 2, both targets (120 daily units). */
export const MONTH_COVERED: Covered = {
  organizationId: ORGANIZATION,
  workflowId: WORKFLOW,
  interval: MONTH,
  steps: [1, 2],
  targets: ["default", "triggered_goal"],
};

/** The stub's one unlimited answer for the whole interval (a clean client: no fault reaches it), as JSON carries it. */
export async function wholeAnswer(
  baseUrl: string,
  covered: Covered,
  step: number,
  target: Target,
  token = "demo",
): Promise<unknown[]> {
  const answer = await createClient({ token, baseUrl }).getStepSourceData({
    organizationId: covered.organizationId,
    workflowId: covered.workflowId,
    stepIndex: step,
    target,
    filters: [],
    interval: parseInterval(covered.interval),
  });
  return JSON.parse(JSON.stringify(answer.data));
}

/** The NDJSON rows of one (step, target) under `dir`, every finished file's, in file-name order. */
export async function rowsUnder(
  dir: string,
  workflowId: string,
  step: number,
  target: Target,
): Promise<unknown[]> {
  const folder = join(dir, workflowId, `step-${step}`, target);
  const names = (await readdir(folder).catch(() => [] as string[]))
    .filter((name) => name.endsWith(".ndjson"))
    .sort();
  const rows: unknown[] = [];
  for (const name of names)
    for (const line of (await readFile(join(folder, name), "utf8")).split("\n"))
      if (line !== "") rows.push(JSON.parse(line));
  return rows;
}

/** Rows as a multiset: each row's JSON text, sorted (a duplicate shows twice, a gap not at all). */
export const multiset = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

/** The keys the state lists (its snapshot and its log), sorted (none when there is no state yet). */
export async function stateKeys(dir: string, workflowId: string): Promise<string[]> {
  return [...(await readStateKeys(join(dir, workflowId, STATE_FILE)))].sort();
}

/** The finished units' files under the workflow's folder, as the state file names them. */
export async function unitFiles(dir: string, workflowId: string): Promise<string[]> {
  return (await filesUnder(join(dir, workflowId)))
    .filter((file) => file !== STATE_FILE && file !== STATE_LOG && !file.endsWith(".partial"))
    .sort();
}

/** The `.partial` files left anywhere under `dir`. */
export async function partialsUnder(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).filter((file) => file.endsWith(".partial"));
}

/**
 * Asserts that the folder holds, per (step, target), exactly the stub's unlimited answer for the whole
 * interval as a multiset, no `.partial` file, and a state file listing exactly the files.
 */
export async function expectExact(dir: string, baseUrl: string, covered: Covered): Promise<void> {
  for (const step of covered.steps)
    for (const target of covered.targets) {
      const want = multiset(await wholeAnswer(baseUrl, covered, step, target));
      const got = multiset(await rowsUnder(dir, covered.workflowId, step, target));
      expect(got.length, `step ${step} ${target}: row count`).toBe(want.length);
      expect(got, `step ${step} ${target}: rows`).toEqual(want);
    }
  expect(await partialsUnder(dir)).toEqual([]);
  expect(await stateKeys(dir, covered.workflowId)).toEqual(
    await unitFiles(dir, covered.workflowId),
  );
}

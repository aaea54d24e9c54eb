// The state file: finished units survive a reopen, it is only ever replaced whole, and a killed run's temporary files are swept.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFileSink, STATE_FILE, StateFile } from "../src";

const WORKFLOW = "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9";
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("StateFile", () => {
  it("starts empty without a file, and keeps the finished units across a reopen", async () => {
    const path = join(dir, "state.json");
    const state = await StateFile.open(path, WORKFLOW);
    expect(state.size).toBe(0);
    await state.add("step-1/default/a.ndjson");
    await state.add("step-1/default/b.ndjson");
    const reopened = await StateFile.open(path, WORKFLOW);
    expect(reopened.has("step-1/default/a.ndjson")).toBe(true);
    expect(reopened.has("step-1/default/b.ndjson")).toBe(true);
    expect(reopened.has("step-1/default/c.ndjson")).toBe(false);
    // Written through a temporary name: none is left beside it.
    expect(await readdir(dir)).toEqual(["state.json"]);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      version: 1,
      workflowId: WORKFLOW,
      finished: ["step-1/default/a.ndjson", "step-1/default/b.ndjson"],
    });
  });

  it("refuses another workflow's state", async () => {
    const path = join(dir, "state.json");
    await writeFile(path, JSON.stringify({ version: 1, workflowId: "other", finished: [] }));
    await expect(StateFile.open(path, WORKFLOW)).rejects.toThrow(
      /not this workflow's export state/,
    );
  });
});

describe("openFileSink", () => {
  it("removes the .partial files a killed run left, and nothing else", async () => {
    const folder = join(dir, WORKFLOW, "step-1", "default");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "20221101T000000Z_20221102T000000Z.ndjson"), "{}\n");
    await writeFile(join(folder, "20221102T000000Z_20221103T000000Z.ndjson.partial"), "{");
    await writeFile(join(dir, WORKFLOW, `${STATE_FILE}.partial`), "{");
    await (await openFileSink({ dir, workflowId: WORKFLOW })).close();
    expect(await readdir(folder)).toEqual(["20221101T000000Z_20221102T000000Z.ndjson"]);
    expect(await readdir(join(dir, WORKFLOW))).toEqual(["step-1"]);
  });
});

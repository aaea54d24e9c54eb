// The state file: finished units survive a reopen, changes are appended to its log and folded into it whole, and a killed run's temporary files are swept.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ExportUnit,
  openFileSink,
  parseUnitKey,
  readStateKeys,
  STATE_FILE,
  STATE_LOG,
  StateFile,
} from "../src";
import { filesUnder } from "./helpers/files";

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

  it("writes its snapshot in the units' order (step as a number, target, window), whatever order they finished in", async () => {
    const path = join(dir, STATE_FILE);
    const ordered = [
      "step-2/default/20221101T000000Z_20221102T000000Z",
      "step-2/default/20221102T000000Z_20221103T000000Z",
      "step-2/triggered_goal/20221101T000000Z_20221102T000000Z",
      "step-10/default/20221101T000000Z_20221102T000000Z",
    ];
    const state = await StateFile.open(path, WORKFLOW);
    for (const at of [3, 1, 2, 0]) await state.add(ordered[at] as string);
    await state.close();
    expect(JSON.parse(await readFile(path, "utf8")).finished).toEqual(ordered);
  });

  it("refuses a state it cannot read, or of another version, instead of starting empty", async () => {
    // A snapshot that is a folder: not "no state" (which would export every unit again).
    const folder = join(dir, "folder.json");
    await mkdir(folder);
    await expect(readStateKeys(folder, WORKFLOW)).rejects.toThrow(/EISDIR/);
    const path = join(dir, "state.json");
    await writeFile(path, JSON.stringify({ version: 2, workflowId: WORKFLOW, finished: [] }));
    await expect(readStateKeys(path, WORKFLOW)).rejects.toThrow(
      `${path} is not this workflow's export state (version 1 of ${WORKFLOW})`,
    );
  });

  it("reads only the texts of a snapshot's list as units' keys", async () => {
    const path = join(dir, "state.json");
    const key = "step-1/default/20221101T000000Z_20221102T000000Z";
    await writeFile(
      path,
      JSON.stringify({ version: 1, workflowId: WORKFLOW, finished: [key, 5, null] }),
    );
    expect(await readStateKeys(path, WORKFLOW)).toEqual(new Set([key]));
  });

  it("refuses another workflow's state", async () => {
    const path = join(dir, "state.json");
    await writeFile(path, JSON.stringify({ version: 1, workflowId: "other", finished: [] }));
    await expect(StateFile.open(path, WORKFLOW)).rejects.toThrow(
      /not this workflow's export state/,
    );
  });
});

describe("the state's log", () => {
  it("appends each change as one line, leaving the snapshot alone until close folds the log into it", async () => {
    const path = join(dir, STATE_FILE);
    const state = await StateFile.open(path, WORKFLOW);
    // Many units: each is one short line, not a rewrite of the whole set (which grew with the square of the units).
    for (let unit = 0; unit < 2_000; unit += 1) await state.add(`step-1/default/${unit}.ndjson`);
    await state.replace("step-1/default/all.ndjson", ["step-1/default/0.ndjson"]);
    expect(await readdir(dir)).toEqual([STATE_LOG]);
    const log = await readFile(join(dir, STATE_LOG), "utf8");
    expect(log.split("\n")).toHaveLength(2_002);
    // A unit that replaces none is its key alone.
    expect(log.split("\n")[0]).toBe('{"add":"step-1/default/0.ndjson"}');
    expect(log.length).toBeLessThan(2_001 * 60);
    expect(log.split("\n").at(-2)).toBe(
      '{"add":"step-1/default/all.ndjson","remove":["step-1/default/0.ndjson"]}',
    );
    const keys = await readStateKeys(path, WORKFLOW);
    expect(keys.size).toBe(2_000);
    expect(keys.has("step-1/default/0.ndjson")).toBe(false);
    await state.close();
    expect(await readdir(dir)).toEqual([STATE_FILE]);
    const snapshot = JSON.parse(await readFile(path, "utf8"));
    expect(new Set(snapshot.finished)).toEqual(keys);
    await expect(state.add("step-1/default/late.ndjson")).rejects.toThrow(/closed/);
  });

  it("closes without failing when the fold cannot be written (a full disk), keeping the log for the next opening", async () => {
    const path = join(dir, "state.json");
    const first = await StateFile.open(path, WORKFLOW);
    await first.add("step-1/default/a.ndjson");
    await first.close();
    const state = await StateFile.open(path, WORKFLOW);
    await state.add("step-1/default/b.ndjson");
    // The snapshot's temporary name taken: the fold's write fails as on a full disk.
    await mkdir(join(dir, "state.json.partial", "blocked"), { recursive: true });
    await expect(state.close()).resolves.toBeUndefined();
    // The snapshot as it was, the log with the run's record: read together, both units.
    expect(JSON.parse(await readFile(path, "utf8")).finished).toEqual(["step-1/default/a.ndjson"]);
    expect(await readStateKeys(path)).toEqual(
      new Set(["step-1/default/a.ndjson", "step-1/default/b.ndjson"]),
    );
    expect(await readFile(join(dir, "state.log"), "utf8")).toBe(
      '{"add":"step-1/default/b.ndjson"}\n',
    );
    await rm(join(dir, "state.json.partial"), { recursive: true });
    const reopened = await StateFile.open(path, WORKFLOW);
    expect(reopened.keys().sort()).toEqual(["step-1/default/a.ndjson", "step-1/default/b.ndjson"]);
    await reopened.close();
  });

  it("ignores a last line a crash cut short, and folds the rest into the snapshot on opening", async () => {
    const path = join(dir, STATE_FILE);
    await writeFile(
      path,
      JSON.stringify({ version: 1, workflowId: WORKFLOW, finished: ["step-1/default/a.ndjson"] }),
    );
    await writeFile(
      join(dir, STATE_LOG),
      '{"add":"step-1/default/b.ndjson","remove":["step-1/default/a.ndjson"]}\n{"add":"step-1/def',
    );
    expect([...(await readStateKeys(path, WORKFLOW))]).toEqual(["step-1/default/b.ndjson"]);
    const state = await StateFile.open(path, WORKFLOW);
    expect(state.keys()).toEqual(["step-1/default/b.ndjson"]);
    expect(await readdir(dir)).toEqual([STATE_FILE]);
    expect(JSON.parse(await readFile(path, "utf8")).finished).toEqual(["step-1/default/b.ndjson"]);
  });

  it("refuses a whole line that is not a change, naming the log and the line", async () => {
    const path = join(dir, STATE_FILE);
    await writeFile(join(dir, STATE_LOG), '{"add":"step-1/default/a.ndjson"}\n{"remove":[]}\n');
    await expect(StateFile.open(path, WORKFLOW)).rejects.toThrow(
      `${join(dir, STATE_LOG)} line 2 is not a change of the export state`,
    );
    await writeFile(join(dir, STATE_LOG), "not json\n");
    await expect(readStateKeys(path)).rejects.toThrow(/export-state\.log line 1 is not a change/);
  });
});

describe("openFileSink", () => {
  it("removes the .partial files a killed run left, and nothing else", async () => {
    const folder = join(dir, WORKFLOW, "step-1", "default");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "20221101T000000Z_20221102T000000Z.ndjson"), "{}\n");
    await writeFile(join(folder, "20221102T000000Z_20221103T000000Z.ndjson.partial"), "{");
    await writeFile(join(dir, WORKFLOW, `${STATE_FILE}.partial`), "{");
    // The finished unit is recorded (an unrecorded one would be swept too, as unfinished).
    const state = JSON.stringify({
      version: 1,
      workflowId: WORKFLOW,
      finished: ["step-1/default/20221101T000000Z_20221102T000000Z.ndjson"],
    });
    await writeFile(join(dir, WORKFLOW, STATE_FILE), state);
    await (await openFileSink({ dir, workflowId: WORKFLOW })).close();
    expect(await readdir(folder)).toEqual(["20221101T000000Z_20221102T000000Z.ndjson"]);
    expect((await readdir(join(dir, WORKFLOW))).sort()).toEqual([STATE_FILE, "step-1"]);
    expect(await readFile(join(dir, WORKFLOW, STATE_FILE), "utf8")).toBe(state);
  });
});

describe("the file sink's replacement", () => {
  const key = (start: string, end: string) => `step-1/default/${start}_${end}.ndjson`;
  const DAY = key("20221101T000000Z", "20221102T000000Z");
  const MORNING = key("20221101T000000Z", "20221101T120000Z");
  const AFTERNOON = key("20221101T120000Z", "20221102T000000Z");
  const NEXT_DAY = key("20221102T000000Z", "20221103T000000Z");
  const unitOf = (text: string) => parseUnitKey(text.slice(0, -".ndjson".length)) as ExportUnit;
  const answerOf = (...rows: object[]) => ({
    fields: [],
    rows: (async function* () {
      yield* rows;
    })(),
  });

  it("writing a unit removes the finished units inside its window, their files and their records", async () => {
    const sink = await openFileSink({ dir, workflowId: WORKFLOW });
    // The halves share the day's start and its end: both are inside it.
    await sink.writeUnit(unitOf(MORNING), answerOf({ n: 1 }));
    await sink.writeUnit(unitOf(AFTERNOON), answerOf({ n: 2 }));
    await sink.writeUnit(unitOf(NEXT_DAY), answerOf({ n: 3 }));
    await sink.writeUnit(unitOf(DAY), answerOf({ n: 1 }, { n: 2 }));
    const files = (await filesUnder(join(dir, WORKFLOW))).filter((file) =>
      file.endsWith(".ndjson"),
    );
    expect(files).toEqual([DAY, NEXT_DAY]);
    expect(sink.finishedUnits()).toEqual([unitOf(NEXT_DAY), unitOf(DAY)]);
    await sink.close();
    const state = await StateFile.open(join(dir, WORKFLOW, STATE_FILE), WORKFLOW);
    expect(state.keys().sort()).toEqual([DAY, NEXT_DAY]);
  });

  it("on opening, removes every unit file the state does not record: replaced ones, and one renamed but not recorded", async () => {
    // The state of a run killed after recording the day, before removing the halves' files.
    const folder = join(dir, WORKFLOW);
    await mkdir(join(folder, "step-1", "default"), { recursive: true });
    for (const file of [DAY, MORNING, AFTERNOON, NEXT_DAY])
      await writeFile(join(folder, file), "{}\n");
    // A file whose name is no unit's is not the export's: left alone.
    await writeFile(join(folder, "step-1", "default", "notes.ndjson"), "{}\n");
    const state = await StateFile.open(join(folder, STATE_FILE), WORKFLOW);
    await state.add(DAY);
    await (await openFileSink({ dir, workflowId: WORKFLOW })).close();
    // The next day is a unit renamed but not recorded: unfinished, and a rerun with another bound or
    // window would write its rows in other units, so it goes too (a rerun exports it again).
    expect((await filesUnder(folder)).filter((file) => file.endsWith(".ndjson"))).toEqual([
      DAY,
      "step-1/default/notes.ndjson",
    ]);
  });
});

describe("a unit abandoned at once", () => {
  it("leaves no temporary file, even when its rows fail before the file is open", async () => {
    const sink = await openFileSink({ dir, workflowId: WORKFLOW });
    const unit = parseUnitKey("step-1/default/20221101T000000Z_20221102T000000Z") as ExportUnit;
    const failing = {
      fields: [],
      rows: (async function* () {
        yield* [];
        throw new Error("abandoned");
      })(),
    };
    await expect(sink.writeUnit(unit, failing)).rejects.toThrow("abandoned");
    // The lock's removal is a file system round trip: a file opened late would exist by then.
    await sink.close();
    await (await openFileSink({ dir: join(dir, "other"), workflowId: WORKFLOW })).close();
    expect(await filesUnder(dir)).toEqual([]);
  });
});

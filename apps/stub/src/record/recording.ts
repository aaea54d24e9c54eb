// A recording in a folder: the advanced rows seen through the recorder, each once, with their workflows.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  type AdvancedRow,
  advancedRowSchema,
  compileCheck,
  formatIssuePath,
  isGoalEvent,
  isOuterGoalEvent,
  STEP_INDEX_COLUMN,
  WORKFLOW_COLUMN,
} from "@giosg-reporting/contract";
import { DataFileError, ndjsonValues, readWorkflowCatalog } from "../data/file/file-source";
import { AnswerRecording, type Counts, count, hashOf, type RecordedView } from "./answer-recording";
import { readManifestFile } from "./manifest-file";
import { RecordedCatalog } from "./recorded-catalog";
import { LineFile, writeJsonFile } from "./recording-files";
import { Windows } from "./windows";

/** The files of a recording folder. */
export const RECORDING_FILES = {
  /** The recorded events, one advanced row a line: what `--data` reads. */
  events: "events.ndjson",
  /** Their organizations and workflows: what `--workflows` reads. */
  workflows: "workflows.json",
  /** The windows recorded completely, per workflow, step and target, and per organization for `source_data`. */
  manifest: "recording.json",
  /** Rows of filtered or limited answers, added to the events when the recording closes. */
  pending: "pending.ndjson",
} as const;

/** The contract's check of an advanced row, compiled: each line of a recording's files must pass it. */
const isAdvancedRow = compileCheck(advancedRowSchema) as (value: unknown) => value is AdvancedRow;

/** The default of {@link RecordingOptions.maxBytes}: 1 GiB of rows, about 1.3 million of them. */
export const DEFAULT_MAX_RECORDING_BYTES = 1024 ** 3;

/** Options of {@link Recording.open}. */
export interface RecordingOptions {
  /** The most bytes of rows this recording writes to its folder (default 1 GiB; 0: no bound). */
  readonly maxBytes?: number;
}

const keyOf = (workflowId: string, step: number | string, goals: boolean) =>
  `${workflowId}|${step}|${goals ? "goals" : "events"}`;
/** The key of an organization's outer goal events (what `source_data` answers). */
const OUTER = "outer";
const outerKeyOf = (organizationId: string) => `${OUTER}|${organizationId}`;
const viewKeyOf = (view: RecordedView) =>
  view.outerGoalsOf === undefined
    ? keyOf(view.workflowId, view.step, view.goals)
    : outerKeyOf(view.outerGoalsOf);
const rowKey = (row: AdvancedRow) =>
  isOuterGoalEvent(row)
    ? outerKeyOf(row.organization_id)
    : keyOf(row[WORKFLOW_COLUMN] ?? "", row[STEP_INDEX_COLUMN] ?? "", isGoalEvent(row));

/**
 * The recording in a folder. Rows of a whole view (no filter, no `step_data`) go to the events file
 * in the upstream's order, and their window is then held completely: later answers add nothing inside
 * it. Rows of filtered or limited views are kept apart (a fingerprint each in memory) and added when
 * the recording closes, those inside a window held completely by then left out. A row is never
 * recorded twice, and identical events as often as one answer shows them.
 */
export class Recording {
  readonly dir: string;
  readonly catalog: RecordedCatalog;
  readonly #events: LineFile;
  #pending: LineFile;
  readonly #windows = new Map<string, Windows>();
  /** Rows in the events file outside any complete window (from earlier sessions), by view key. */
  readonly #merged = new Map<string, Counts>();
  /** Rows of this session's partial views, by view key. */
  readonly #kept = new Map<string, Counts>();
  readonly #busy = new Set<string>();
  readonly #open = new Set<AnswerRecording>();
  #upstream: string;
  /** Bytes of rows this recording may still write. */
  readonly #room: { left: number };

  private constructor(
    dir: string,
    upstream: string,
    catalog: RecordedCatalog,
    options: RecordingOptions,
  ) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_RECORDING_BYTES;
    this.#room = { left: maxBytes === 0 ? Number.POSITIVE_INFINITY : maxBytes };
    this.dir = dir;
    this.#upstream = upstream;
    this.catalog = catalog;
    this.#events = new LineFile(join(dir, RECORDING_FILES.events));
    this.#pending = new LineFile(join(dir, RECORDING_FILES.pending));
  }

  /** Opens (or starts) the recording in `dir`, continuing one left there, even one stopped abruptly. */
  static async open(
    dir: string,
    upstream: string,
    options: RecordingOptions = {},
  ): Promise<Recording> {
    mkdirSync(dir, { recursive: true });
    const workflows = join(dir, RECORDING_FILES.workflows);
    const base = existsSync(workflows) ? readWorkflowCatalog(workflows) : undefined;
    const recording = new Recording(dir, upstream, new RecordedCatalog(base), options);
    recording.#readManifest();
    await recording.#mergePending();
    await recording.#scanEvents();
    recording.save();
    return recording;
  }

  #windowsOf(key: string): Windows {
    let windows = this.#windows.get(key);
    if (!windows) {
      windows = new Windows();
      this.#windows.set(key, windows);
    }
    return windows;
  }

  #readManifest(): void {
    const path = join(this.dir, RECORDING_FILES.manifest);
    if (!existsSync(path)) return;
    const manifest = readManifestFile(path);
    for (const { workflow, step, target, intervals } of manifest.windows) {
      const windows = this.#windowsOf(keyOf(workflow, step, target === "triggered_goal"));
      for (const [start, end] of intervals) windows.add(Date.parse(start), Date.parse(end));
    }
    for (const { organization, intervals } of manifest.sourceData) {
      const windows = this.#windowsOf(outerKeyOf(organization));
      for (const [start, end] of intervals) windows.add(Date.parse(start), Date.parse(end));
    }
  }

  async *#rowsOf(path: string): AsyncGenerator<{ row: AdvancedRow; line: string }> {
    if (!existsSync(path)) return;
    const hint = `: mend or remove the line to record into ${this.dir} again`;
    for await (const { value, line, number } of ndjsonValues(path, hint)) {
      if (!isAdvancedRow(value)) {
        const [issue] = advancedRowSchema.safeParse(value).error?.issues ?? [];
        const where = issue?.path.length ? formatIssuePath(issue.path) : "row";
        const what = issue ? `${where}: ${issue.message}` : "";
        throw new DataFileError(`${path}:${number}: not an advanced row (${what})${hint}`);
      }
      yield { row: value, line };
    }
  }

  /** Adds the rows a stopped session kept apart, as closing would have. */
  async #mergePending(): Promise<void> {
    for await (const { row, line } of this.#rowsOf(this.#pending.path)) {
      if (!this.#windowsOf(rowKey(row)).holds(Date.parse(row.timestamp))) this.#events.append(line);
    }
    this.#events.flush();
    this.#pending.close();
    rmSync(this.#pending.path, { force: true });
    this.#pending = new LineFile(this.#pending.path);
  }

  /** Fingerprints of the recorded rows outside complete windows: what a later answer must not repeat. */
  async #scanEvents(): Promise<void> {
    for await (const { row, line } of this.#rowsOf(this.#events.path)) {
      this.catalog.noteRow(row);
      const key = rowKey(row);
      const at = Date.parse(row.timestamp);
      if (!this.#windowsOf(key).holds(at))
        count(this.#countsOf(this.#merged, key), hashOf(line), at);
    }
  }

  #countsOf(map: Map<string, Counts>, key: string): Counts {
    let counts = map.get(key);
    if (!counts) {
      counts = new Map();
      map.set(key, counts);
    }
    return counts;
  }

  /**
   * Starts recording one answer, or returns `undefined` when another answer of the same step and
   * target is being recorded (its rows would race this one's).
   */
  begin(view: RecordedView): AnswerRecording | undefined {
    const key = viewKeyOf(view);
    if (this.#busy.has(key)) return undefined;
    this.#busy.add(key);
    const answer: AnswerRecording = new AnswerRecording(this.catalog, view, {
      events: this.#events,
      pending: this.#pending,
      complete: this.#windowsOf(key),
      earlier: this.#countsOf(this.#merged, key),
      apart: this.#countsOf(this.#kept, key),
      room: this.#room,
      done: () => {
        this.#busy.delete(key);
        this.#open.delete(answer);
        this.save();
      },
    });
    this.#open.add(answer);
    return answer;
  }

  /** Writes the workflows file and the manifest as they stand (rows are written as they come). */
  save(): void {
    this.#events.flush();
    this.#pending.flush();
    writeJsonFile(join(this.dir, RECORDING_FILES.workflows), this.catalog.catalog());
    const held = [...this.#windows].filter(([, list]) => list.list.length > 0);
    const intervalsOf = (list: Windows) =>
      list.list.map(([from, to]) => [new Date(from).toISOString(), new Date(to).toISOString()]);
    const sourceData = held
      .filter(([key]) => key.startsWith(`${OUTER}|`))
      .map(([key, list]) => ({
        organization: key.slice(OUTER.length + 1),
        target: "affected_goal_total",
        intervals: intervalsOf(list),
      }));
    const windows = held
      .filter(([key]) => !key.startsWith(`${OUTER}|`))
      .map(([key, list]) => {
        const [workflow, step, kind] = key.split("|");
        return {
          workflow,
          step: Number(step),
          target: kind === "goals" ? "triggered_goal" : "default",
          intervals: intervalsOf(list),
        };
      });
    writeJsonFile(join(this.dir, RECORDING_FILES.manifest), {
      recorder: "giosg-reporting-stub --record",
      upstream: this.#upstream,
      windows,
      sourceData,
    });
  }

  /** Ends the answers still being recorded as cut, adds the rows kept apart, and writes every file. */
  async close(): Promise<void> {
    for (const answer of [...this.#open]) answer.end(false);
    const pending = this.#pending;
    pending.close();
    for await (const { row, line } of this.#rowsOf(pending.path)) {
      if (!this.#windowsOf(rowKey(row)).holds(Date.parse(row.timestamp))) this.#events.append(line);
    }
    rmSync(pending.path, { force: true });
    this.#events.flush();
    writeJsonFile(join(this.dir, RECORDING_FILES.workflows), this.catalog.catalog());
    this.#events.close();
  }
}

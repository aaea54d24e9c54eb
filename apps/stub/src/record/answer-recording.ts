// The recording of one answer in a recording folder: its rows taken in order, written once each, its window then held.
import { createHash } from "node:crypto";
import type { AdvancedRow } from "@giosg-reporting/contract";
import type { RecordedCatalog } from "./recorded-catalog";
import type { LineFile } from "./recording-files";
import type { Windows } from "./windows";

/** What one answer shows of a step: which rows, in which window, and whether all of them. */
export interface RecordedView {
  readonly workflowId: string;
  readonly step: number;
  /** `target: "triggered_goal"`: the step's goal events rather than its own. */
  readonly goals: boolean;
  /** The interval, in milliseconds: `[from, to)`. */
  readonly from: number;
  readonly to: number;
  /** No filter and no `step_data`: every event of the step in the window, up to `limit`. */
  readonly whole: boolean;
  /** The query's `limit` (infinite without one). */
  readonly limit: number;
  /**
   * For `source_data`: the organization whose outer goal events the view shows (`step` and `goals`
   * are then not read); `whole` is `affected_goal_total` without a filter.
   */
  readonly outerGoalsOf?: string;
}

/** Fingerprints of rows seen, with how often and at which instant. */
export type Counts = Map<string, { count: number; at: number }>;

/** The most bytes of rows sharing one instant that one answer's recording holds; beyond, the answer is not recorded further. */
export const MAX_INSTANT_BYTES = 16 * 1024 * 1024;

/** A row's fingerprint, by its JSON text. */
export const hashOf = (text: string) => createHash("sha1").update(text).digest("base64");

/** Counts one more of a fingerprint; returns how many are now counted. */
export function count(counts: Counts, hash: string, at: number): number {
  const seen = counts.get(hash);
  if (seen) {
    seen.count += 1;
    return seen.count;
  }
  counts.set(hash, { count: 1, at });
  return 1;
}

/** What the recording of one answer writes to and reads, resolved for its step and target once. */
export interface AnswerParts {
  readonly events: LineFile;
  readonly pending: LineFile;
  /** The windows of its step and target held completely before it began. */
  readonly complete: Windows;
  /** Rows of earlier sessions outside complete windows, and rows kept apart in this one. */
  readonly earlier: Counts;
  readonly apart: Counts;
  /** Bytes of rows the recording may still write, shared by its answers. */
  readonly room: { left: number };
  /** Called once it ended. */
  readonly done: () => void;
}

/**
 * The recording of one answer, row by row in its order. Rows sharing a timestamp are held until a
 * later one comes, so that an answer cut short (by `limit`, the upstream or a stop) never leaves a
 * window claimed complete whose last instant is not.
 */
export class AnswerRecording {
  readonly #catalog: RecordedCatalog;
  readonly #view: RecordedView;
  readonly #parts: AnswerParts;
  /** The JSON texts of the rows held, which share one instant. */
  #group: string[] = [];
  #groupAt = Number.NaN;
  #groupBytes = 0;
  /** Why the rest of the answer is not recorded, once it is not. */
  #stopped: string | undefined;
  #rows = 0;
  #added = 0;
  #uncatalogued = 0;
  #ended = false;

  constructor(catalog: RecordedCatalog, view: RecordedView, parts: AnswerParts) {
    this.#catalog = catalog;
    this.#view = view;
    this.#parts = parts;
  }

  /** How many of its rows were new to the recording (the others were recorded already). */
  get added(): number {
    return this.#added;
  }

  /** How many of its rows name a step beyond `MAX_RECORDED_STEP`: recorded, their step not catalogued. */
  get uncatalogued(): number {
    return this.#uncatalogued;
  }

  /** Why the answer's rows from some instant on are not recorded (that instant's rows and later), if so. */
  get stopped(): string | undefined {
    return this.#stopped;
  }

  /** Takes the answer's next row. */
  row(row: AdvancedRow): void {
    if (this.#stopped !== undefined) return;
    const at = Date.parse(row.timestamp);
    if (at !== this.#groupAt) this.#flush(this.#view.whole);
    if (this.#stopped !== undefined) return;
    this.#groupAt = at;
    const text = JSON.stringify(row);
    this.#groupBytes += Buffer.byteLength(text) + 1;
    if (this.#groupBytes > MAX_INSTANT_BYTES) {
      this.#stop(`more than ${MAX_INSTANT_BYTES} bytes of rows share one instant`);
      return;
    }
    this.#rows += 1;
    this.#group.push(text);
    if (!this.#catalog.noteRow(row)) this.#uncatalogued += 1;
  }

  /** Records nothing more of the answer, from the instant of the group held on (which is dropped). */
  #stop(reason: string): void {
    const at = Number.isNaN(this.#groupAt) ? "" : ` from ${new Date(this.#groupAt).toISOString()}`;
    this.#stopped = `not recorded${at} on: ${reason}`;
    this.#group = [];
    this.#groupBytes = 0;
  }

  /** Writes the rows of the group held, as rows of a whole view or kept apart. */
  #flush(whole: boolean): void {
    const { events, pending, complete, earlier, apart } = this.#parts;
    const at = this.#groupAt;
    // The group's rows share their instant: inside a window held completely, all are recorded already.
    if (this.#group.length === 0 || complete.holds(at)) {
      this.#group = [];
      this.#groupBytes = 0;
      return;
    }
    // A group is written whole or not at all: a window is never claimed over half an instant.
    if (this.#groupBytes > this.#parts.room.left) {
      this.#stop("the recording reached its bound of bytes (--max-bytes)");
      return;
    }
    this.#parts.room.left -= this.#groupBytes;
    const inGroup = new Map<string, number>();
    for (const text of this.#group) {
      if (whole) {
        if (earlier.size > 0) {
          const hash = hashOf(text);
          const seen = (inGroup.get(hash) ?? 0) + 1;
          inGroup.set(hash, seen);
          if (seen <= (earlier.get(hash)?.count ?? 0)) continue;
        }
        events.append(text);
        this.#added += 1;
        continue;
      }
      const hash = hashOf(text);
      const seen = (inGroup.get(hash) ?? 0) + 1;
      inGroup.set(hash, seen);
      if (seen > (earlier.get(hash)?.count ?? 0) + (apart.get(hash)?.count ?? 0)) {
        pending.append(text);
        this.#added += 1;
        count(apart, hash, at);
      }
    }
    this.#group = [];
    this.#groupBytes = 0;
  }

  /**
   * Ends the answer: `finished` when the upstream sent all of it. A whole view's window is then held
   * completely, up to its end when no `limit` cut it, else up to its last instant (whose rows are kept
   * apart, since others may share it).
   */
  end(finished: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    const { from, to, whole, limit } = this.#view;
    const { complete, earlier, apart, done } = this.#parts;
    const cut = !finished || this.#rows >= limit;
    if (whole) {
      this.#flush(!cut);
      // Stopped, the window is held up to the instant whose rows were dropped, as when cut short.
      const until =
        cut || this.#stopped !== undefined ? (this.#rows > 0 ? this.#groupAt : from) : to;
      complete.add(from, until);
      for (const counts of [earlier, apart])
        for (const [hash, { at }] of counts) if (at >= from && at < until) counts.delete(hash);
    } else {
      this.#flush(false);
    }
    done();
  }
}

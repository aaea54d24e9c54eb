// Finds and reads the recording.json beside a replayed events file (Node only): the windows its answers are covered by.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { readJsonFile } from "../data/file/file-source";
import { RecordingCoverage } from "./coverage";
import { manifestOf } from "./manifest-file";

/** The coverage of a recording folder's `recording.json` beside `eventsPath`, when there is one. */
export function recordingCoverageBeside(eventsPath: string): RecordingCoverage | undefined {
  const path = join(dirname(eventsPath), "recording.json");
  if (!existsSync(path)) return undefined;
  const json = readJsonFile(path);
  // A recording.json that is not a recorder's (no windows at all) is someone else's file: not read.
  if (typeof json !== "object" || json === null || !("windows" in json)) return undefined;
  return new RecordingCoverage(manifestOf(path, json));
}

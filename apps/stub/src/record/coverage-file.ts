// Finds and reads the recording.json beside a replayed events file (Node only): the windows its answers are covered by.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DataFileError } from "../data/file-source";
import { RecordingCoverage } from "./coverage";

/** The coverage of a recording folder's `recording.json` beside `eventsPath`, when there is one. */
export function recordingCoverageBeside(eventsPath: string): RecordingCoverage | undefined {
  const path = join(dirname(eventsPath), "recording.json");
  if (!existsSync(path)) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DataFileError(`${path}: ${(error as Error).message}`);
  }
  if (typeof manifest !== "object" || manifest === null || !("windows" in manifest))
    return undefined;
  try {
    return new RecordingCoverage(manifest);
  } catch (error) {
    throw new DataFileError(`${path}: not a recorder's manifest (${(error as Error).message})`);
  }
}

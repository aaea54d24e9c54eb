// Reads a recording's recording.json (the windows held completely), refusing one that is tampered with by naming the file, the line or the field.
import { formatIssuePath } from "@giosg-reporting/contract";
import { z } from "zod/v3";
import { DataFileError, readJsonFile } from "../data/file/file-source";

const instant = z.string().refine((text) => !Number.isNaN(Date.parse(text)), "not a date and time");
const intervals = z.array(z.tuple([instant, instant]));

/** What a recorder's `recording.json` holds: the windows held completely, per step and target and per organization. */
const manifestSchema = z.object({
  windows: z
    .array(
      z.object({
        workflow: z.string(),
        step: z.number().int().nonnegative(),
        target: z.enum(["default", "triggered_goal"]),
        intervals,
      }),
    )
    .default([]),
  sourceData: z.array(z.object({ organization: z.string(), intervals })).default([]),
});

/** A recorder's `recording.json`, as read. */
export type RecordingManifest = z.infer<typeof manifestSchema>;

/**
 * The manifest `json` read from `path`; one that is not a recorder's manifest is refused naming the
 * field (a {@link DataFileError}).
 */
export function manifestOf(path: string, json: unknown): RecordingManifest {
  const result = manifestSchema.safeParse(json);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const where = issue && issue.path.length > 0 ? `${formatIssuePath(issue.path)}: ` : "";
  throw new DataFileError(
    `${path}: not a recorder's manifest (${where}${issue?.message ?? "invalid"})`,
  );
}

/**
 * Reads the `recording.json` at `path`; one that is not JSON is refused naming its line and column,
 * one that is not a recorder's manifest naming the field (a {@link DataFileError} either way).
 */
export function readManifestFile(path: string): RecordingManifest {
  return manifestOf(path, readJsonFile(path));
}

// `POST …/step/{step_index}/download/`: the step endpoint's rows as a file, CSV or XLSX.
import { z } from "zod/v3";
import { stepSourceDataRequestSchema } from "./request";

/** The file formats a download is written in. */
export const DOWNLOAD_FORMATS = ["csv", "xlsx"] as const;

/** A download's file format. */
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** The `Content-Type` of each format. */
export const DOWNLOAD_CONTENT_TYPES: Readonly<Record<DownloadFormat, string>> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The download's payload: the step endpoint's, plus the file's `format`. */
export const stepDownloadRequestSchema = stepSourceDataRequestSchema
  .extend({
    format: z
      .enum(DOWNLOAD_FORMATS, {
        // zod's own words for a wrong value ("Invalid enum value. Expected …") are not the kit's.
        errorMap: (issue, ctx) =>
          issue.code === "invalid_type" && issue.received === "undefined"
            ? { message: ctx.defaultError }
            : {
                message: `Must be ${DOWNLOAD_FORMATS.map((format) => `"${format}"`).join(" or ")}`,
              },
      })
      .describe("The file's format: `csv` (RFC 4180, UTF-8) or `xlsx` (one worksheet)."),
  })
  .strict()
  .describe("The step endpoint's query, and the format of the file that holds its rows.");

/** The download's payload as sent. */
export type StepDownloadRequestInput = z.input<typeof stepDownloadRequestSchema>;
/** The download's payload once parsed. */
export type StepDownloadRequest = z.output<typeof stepDownloadRequestSchema>;

/**
 * The file name a download is answered with (`Content-Disposition: attachment; filename=…`):
 * `workflow-<workflow_id>-step-<step_index>-<basic|advanced>-<start>-<end>.<format>`, the interval's
 * bounds as UTC instants without separators (`20221103T000000Z`), so that names sort by time.
 */
export function downloadFileName(
  workflowId: string,
  stepIndex: number,
  { interval, basic, format }: Pick<StepDownloadRequest, "interval" | "basic" | "format">,
): string {
  const instant = (iso: string) =>
    new Date(Date.parse(iso))
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z")
      .replace(/[-:]/g, "");
  const kind = basic ? "basic" : "advanced";
  return `workflow-${workflowId}-step-${stepIndex}-${kind}-${instant(interval.start)}-${instant(interval.end)}.${format}`;
}

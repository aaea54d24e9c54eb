// How an answer the recorder relays departs from the contract, beyond what the answer audit reads: a download's headers, a body's schema.
import {
  type Deviation,
  DOWNLOAD_CONTENT_TYPES,
  type DownloadFormat,
} from "@giosg-reporting/contract";
import type { ZodIssue } from "zod/v3";

/** How a download's 200 departs from the contract: its content type for the format asked, its file name. */
export function downloadDeviations(
  answer: Response,
  format: DownloadFormat | undefined,
): Deviation[] {
  const deviations: Deviation[] = [];
  const type = answer.headers.get("content-type");
  const mediaType = (text: string | null) => (text ?? "").split(";")[0]?.trim().toLowerCase();
  if (format !== undefined && mediaType(type) !== mediaType(DOWNLOAD_CONTENT_TYPES[format]))
    deviations.push({
      check: "headers.content-type",
      message: `content-type is ${type === null ? "missing" : JSON.stringify(type)}, not the ${format} file's`,
      expected: DOWNLOAD_CONTENT_TYPES[format],
      actual: type,
    });
  const disposition = answer.headers.get("content-disposition");
  if (!/^attachment;\s*filename=/i.test(disposition ?? ""))
    deviations.push({
      check: "headers.content-disposition",
      message: `content-disposition is ${disposition === null ? "missing" : JSON.stringify(disposition)}, not an attachment that names the file`,
      actual: disposition,
    });
  return deviations;
}

/** The deviations of a JSON body from its route's schema: one per failing field. */
export function schemaDeviations(check: string, issues: readonly ZodIssue[]): Deviation[] {
  return issues.map((issue) => ({
    check,
    message: `${check}: ${issue.path.join(".") || "(whole)"}: ${issue.message}`,
    at: issue.path.join(".") || "body",
  }));
}

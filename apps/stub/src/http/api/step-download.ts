// The download route's answer: the step endpoint's query run by the same engine, its rows written as a CSV or XLSX file.
import {
  DOWNLOAD_CONTENT_TYPES,
  downloadFileName,
  errorBody,
  type PathParams,
  type StepDownloadRequest,
  stepDownloadRequestSchema,
} from "@giosg-reporting/contract";
import type { Handler } from "hono";
import type { EventSource } from "../../data/event-source";
import { runQuery } from "../../query/engine";
import type { JournalingVariables } from "../admin/journaling";
import { csvBody, type FileRows, type XlsxBody } from "../bodies/file-body";
import { contractError, errorResponse } from "../bodies/json-response";
import type { TokenAuthVariables } from "../security/token-auth";
import type { TokenGrant } from "../security/tokens";
import type { JsonBodyVariables } from "../transport/json-body";
import { parseRequest, readableOrganizations } from "./step-source-data";
import type { ValidationMemo } from "./validation-memo";

/** A download request as the contract parses it: its path parameters and its payload (with `format`). */
export interface ValidDownload {
  /** The URL attributes. */
  readonly params: PathParams;
  /** The payload, defaults filled in. */
  readonly body: StepDownloadRequest;
}

/** The contract's parse of a download's body and path parameters, every failing field of both in one answer. */
export function parseDownload(validation: ValidationMemo) {
  return parseRequest<ValidDownload["params"], ValidDownload["body"]>(
    (text) => validation.body(text, stepDownloadRequestSchema),
    (raw) => validation.pathParams(raw),
  );
}

/**
 * Answers a download that passed {@link tokenAuth} and {@link jsonBody}: the step endpoint's error for
 * the same payload without `format`, or exactly its rows as a file, streamed, named by
 * `downloadFileName`. `xlsxBody` writes XLSX where the platform can (Node); elsewhere an XLSX download
 * is a 406 `format_unavailable`.
 */
export function answerStepDownload(
  source: EventSource,
  tokens: readonly TokenGrant[],
  xlsxBody: XlsxBody | undefined,
): Handler<{
  Variables: TokenAuthVariables &
    JsonBodyVariables<ValidDownload> &
    Pick<JournalingVariables, "countRows">;
}> {
  const readable = readableOrganizations(tokens);
  return (c) => {
    const { params, body } = c.var.body;
    const { format, ...query } = body;
    if (format === "xlsx" && xlsxBody === undefined) {
      return errorResponse(406, errorBody("format_unavailable", format));
    }
    // The rows are the step endpoint's: the same engine, the same payload less `format`.
    const outcome = runQuery(source, {
      params,
      body: query,
      organizations: readable(c.var.grant),
    });
    if (outcome.status !== 200) return contractError(outcome);
    const { countRows } = c.var;
    const file: FileRows = {
      fields: outcome.fields,
      rows: outcome.rows,
      sheetName: `Step ${params.step_index}`,
      ...(countRows ? { onRows: countRows } : {}),
    };
    const stream = format === "xlsx" && xlsxBody ? xlsxBody(file) : csvBody(file);
    const name = downloadFileName(params.workflow_id, params.step_index, body);
    return new Response(stream, {
      headers: {
        "content-type": DOWNLOAD_CONTENT_TYPES[format],
        "content-disposition": `attachment; filename="${name}"`,
      },
    });
  };
}

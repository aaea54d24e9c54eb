// The `source_data` route's answer: a valid query run by the source-data engine, its rows sent whole or streamed as the step endpoint's.
import {
  type SourceDataRequest,
  sourceDataRequestSchema,
  type WorkflowPathParams,
} from "@giosg-reporting/contract";
import { runSourceDataQuery } from "../../query/source-data";
import { answerRows, parseRequest } from "./step-source-data";
import type { ValidationMemo } from "./validation-memo";

/** A `source_data` request as the contract parses it: its path parameters and its payload. */
export interface ValidSourceDataQuery {
  /** The URL attributes (no step). */
  readonly params: WorkflowPathParams;
  /** The payload, defaults filled in. */
  readonly body: SourceDataRequest;
}

/** The contract's parse of a `source_data` body and path parameters, every failing field of both in one answer. */
export function parseSourceDataQuery(validation: ValidationMemo) {
  return parseRequest<ValidSourceDataQuery["params"], ValidSourceDataQuery["body"]>(
    (text) => validation.body(text, sourceDataRequestSchema),
    (raw) => validation.workflowPathParams(raw),
  );
}

/**
 * Answers a `source_data` query that passed {@link tokenAuth} and {@link jsonBody}: the engine's
 * error, or its rows in the step endpoint's shape (whole up to 1 MiB, larger or slow ones streamed).
 */
export const answerSourceData = answerRows<ValidSourceDataQuery>(runSourceDataQuery);

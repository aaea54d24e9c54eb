// The `source_data` route's answer: a valid query run by the source-data engine, its rows sent whole or streamed as the step endpoint's.
import {
  type SourceDataRequest,
  sourceDataRequestSchema,
  type WorkflowPathParams,
} from "@giosg-reporting/contract";
import type { Context, Handler } from "hono";
import type { EventSource } from "../data/event-source";
import { runSourceDataQuery } from "../query/source-data";
import type { JournalingVariables } from "./journaling";
import type { BodyParse, JsonBodyVariables } from "./json-body";
import { contractError } from "./json-response";
import { rowsBody } from "./rows-body";
import { readableOrganizations } from "./step-source-data";
import type { TokenAuthVariables } from "./token-auth";
import type { TokenGrant } from "./tokens";
import type { ValidationMemo } from "./validation-memo";
import { wholeAnswer } from "./whole-answer";

/** A `source_data` request as the contract parses it: its path parameters and its payload. */
export interface ValidSourceDataQuery {
  /** The URL attributes (no step). */
  readonly params: WorkflowPathParams;
  /** The payload, defaults filled in. */
  readonly body: SourceDataRequest;
}

/** The contract's parse of a `source_data` body and path parameters, every failing field of both in one answer. */
export function parseSourceDataQuery(validation: ValidationMemo) {
  return (text: string, c: Context): BodyParse<ValidSourceDataQuery> => {
    const body = validation.body(text, sourceDataRequestSchema);
    if ("malformed" in body) return body;
    const params = validation.workflowPathParams(c.req.param());
    if (params.success && body.success) {
      return { success: true, data: { params: params.data, body: body.data } };
    }
    const issues = [...(params.error?.issues ?? []), ...(body.error?.issues ?? [])];
    return { success: false, error: { issues } };
  };
}

/**
 * Answers a `source_data` query that passed {@link tokenAuth} and {@link jsonBody}: the engine's
 * error, or its rows in the step endpoint's shape (whole up to 1 MiB, larger or slow ones streamed).
 */
export function answerSourceData(
  source: EventSource,
  tokens: readonly TokenGrant[],
): Handler<{
  Variables: TokenAuthVariables &
    JsonBodyVariables<ValidSourceDataQuery> &
    Pick<JournalingVariables, "countRows">;
}> {
  const readable = readableOrganizations(tokens);
  const headers = { "content-type": "application/json" };
  return async (c) => {
    const { params, body } = c.var.body;
    const { countRows } = c.var;
    const outcome = runSourceDataQuery(source, {
      params,
      body,
      organizations: readable(c.var.grant),
      ...(countRows ? { onRows: countRows } : {}),
    });
    if (outcome.status !== 200) return contractError(outcome);
    const answer = await rowsBody(outcome);
    return "pieces" in answer
      ? wholeAnswer(answer.pieces, headers)
      : new Response(answer.stream, { headers });
  };
}

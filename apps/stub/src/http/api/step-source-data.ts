// The API route's own answer: a valid query run by the engine, its rows sent whole or streamed.
import type { PathParams, StepSourceDataRequest } from "@giosg-reporting/contract";
import type { HttpBindings } from "@hono/node-server";
import type { Context, Handler } from "hono";
import type { ZodIssue } from "zod/v3";
import type { EventSource } from "../../data/event-source";
import { runQuery } from "../../query/engine";
import type { QueryOutcome } from "../../query/outcome";
import type { JournalingVariables } from "../admin/journaling";
import { contractError } from "../bodies/json-response";
import { rowsBody } from "../bodies/rows-body";
import { wholeAnswer } from "../bodies/whole-answer";
import type { TokenAuthVariables } from "../security/token-auth";
import type { TokenGrant } from "../security/tokens";
import { handedOver } from "../transport/handover";
import type { BodyParse, JsonBodyVariables } from "../transport/json-body";
import type { ValidationMemo } from "./validation-memo";

/** A request of the API route as the contract parses it: its path parameters and its payload. */
export interface ValidQuery {
  /** The URL attributes. */
  readonly params: PathParams;
  /** The payload, defaults filled in. */
  readonly body: StepSourceDataRequest;
}

/** One zod result, as the validation memo gives it. */
type Checked<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly ZodIssue[] } };

/**
 * A route's parse for {@link jsonBody}: its body's text and its path parameters, each checked by the
 * contract (and remembered by the validation memo), every failing field of both in one answer.
 */
export function parseRequest<Params, Body>(
  checkBody: (text: string) => { readonly malformed: Error } | Checked<Body>,
  checkParams: (raw: Record<string, string>) => Checked<Params>,
) {
  return (text: string, c: Context): BodyParse<{ params: Params; body: Body }> => {
    const body = checkBody(text);
    if ("malformed" in body) return body;
    const params = checkParams(c.req.param());
    if (params.success && body.success) {
      return { success: true, data: { params: params.data, body: body.data } };
    }
    const issues = [
      ...(params.success ? [] : params.error.issues),
      ...(body.success ? [] : body.error.issues),
    ];
    return { success: false, error: { issues } };
  };
}

/** The contract's parse of a step query for {@link jsonBody} (remembered by `validation`). */
export function parseQuery(validation: ValidationMemo) {
  return parseRequest<ValidQuery["params"], ValidQuery["body"]>(
    (text) => validation.body(text),
    (raw) => validation.pathParams(raw),
  );
}

/** Each token's readable organizations as the engine takes them, built once rather than per request. */
export function readableOrganizations(
  tokens: readonly TokenGrant[],
): (grant: TokenGrant) => "all" | ReadonlySet<string> {
  const readable = new Map(
    tokens.map((grant) => [
      grant,
      grant.organizations === "all" ? ("all" as const) : new Set(grant.organizations),
    ]),
  );
  const none = new Set<string>();
  return (grant) => readable.get(grant) ?? none;
}

/** What an engine's query takes beside the parsed request: who may read what, and the row count's listener. */
interface EngineQuery<Request> {
  readonly params: Request extends { params: infer Params } ? Params : never;
  readonly body: Request extends { body: infer Body } ? Body : never;
  readonly organizations: "all" | ReadonlySet<string>;
  readonly onRows?: (rows: number | null) => void;
}

/** The headers of a 200 answer of rows (beside its length, and the security headers added on every answer). */
export const ROWS_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json",
};

/**
 * Answers a request that passed {@link tokenAuth} and {@link jsonBody} with an engine's outcome: its
 * error, or its rows (up to 1 MiB whole, with a length; larger or slow ones streamed). The step
 * endpoint's and `source_data`'s handlers, which differ only by their engine.
 */
export function answerRows<Request extends { params: unknown; body: unknown }>(
  run: (source: EventSource, query: EngineQuery<Request>) => QueryOutcome,
) {
  return (
    source: EventSource,
    tokens: readonly TokenGrant[],
  ): Handler<{
    Bindings: Partial<Pick<HttpBindings, "incoming" | "outgoing">>;
    Variables: TokenAuthVariables &
      JsonBodyVariables<Request> &
      Pick<JournalingVariables, "countRows">;
  }> => {
    const readable = readableOrganizations(tokens);
    const headers = ROWS_HEADERS as Record<string, string>;
    return async (c) => {
      // The step route's fast path made this answer's stream already, and gave it back to be sent.
      const made = handedOver(c.env?.incoming)?.answer;
      if (made !== undefined) return new Response(made.stream, { headers });
      const { params, body } = c.get("body");
      const countRows = c.get("countRows");
      const outcome = run(source, {
        params,
        body,
        organizations: readable(c.get("grant")),
        ...(countRows ? { onRows: countRows } : {}),
      } as EngineQuery<Request>);
      if (outcome.status !== 200) return contractError(outcome);
      const answer = await rowsBody(outcome);
      return "pieces" in answer
        ? wholeAnswer(answer.pieces, headers, c.env?.outgoing)
        : new Response(answer.stream, { headers });
    };
  };
}

/** Answers a step query: the engine's error, or its rows (up to 1 MiB whole, larger or slow ones streamed). */
export const answerStepSourceData = answerRows<ValidQuery>(runQuery);

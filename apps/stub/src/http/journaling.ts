// The request journal as a middleware of the API route: what each request sent, and what it was answered.
import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";
import { tokenIn } from "./auth";
import type { Journal, JournalEntry, SetJournalRows } from "./journal";
import { rawBody, rawParams } from "./journal";
import type { JsonBodyVariables } from "./json-body";
import type { TokenGrant } from "./tokens";
import type { ValidationMemo } from "./validation-memo";

/** What {@link journaling} and the middlewares after it share. */
export type JournalingVariables = Partial<
  JsonBodyVariables<{
    readonly params: NonNullable<JournalEntry["params"]>;
    readonly body: NonNullable<JournalEntry["body"]>;
  }>
> & {
  /** Told the rows of the answer once its JSON has been produced to the end. */
  countRows?: (rows: number | null) => void;
  /** Set when the scenario cut the answer short or dropped the connection: its rows never all arrived. */
  answerCut?: "dropped" | "cut";
};

/**
 * Journals each request of the API route in `journal`, first in its chain so that it sees every
 * answer (a scenario's included): when it came, the path parameters and body as sent and as parsed,
 * the token's name (`tokens` keyed by the token; never a secret token's value), the status, and the
 * rows, filled in when a streamed answer ends.
 */
export function journaling(
  journal: Journal,
  tokens: ReadonlyMap<string, TokenGrant>,
  validation: ValidationMemo,
): MiddlewareHandler<{ Bindings: Partial<HttpBindings>; Variables: JournalingVariables }> {
  return async (c, next) => {
    const time = new Date().toISOString();
    const sent = c.req.param() as Record<string, string>;
    const token = tokens.get(tokenIn(c.req.header("authorization")) ?? "")?.name ?? null;
    let rows: number | null = null;
    let setRows: SetJournalRows | undefined;
    c.set("countRows", (counted) => {
      rows = counted;
      setRows?.(counted);
    });
    await next();
    const parsed = c.var.body;
    const text = c.var.bodyText;
    // Parsed already when the query was; otherwise (a 401, a bad body) the path may still be valid.
    const validParams =
      parsed !== undefined
        ? undefined
        : "step_index" in sent
          ? validation.pathParams(sent)
          : validation.workflowPathParams(sent);
    const cut = c.var.answerCut;
    setRows = journal.record({
      time,
      method: c.req.method,
      rawParams: rawParams(sent),
      params: parsed?.params ?? (validParams?.success ? validParams.data : null),
      body: parsed?.body ?? null,
      rawBody: parsed === undefined && text !== undefined ? rawBody(text) : null,
      token,
      status: cut === "dropped" ? null : c.res.status,
      rows: cut === undefined ? rows : null,
    });
    if (cut !== undefined) setRows = undefined;
  };
}

// The request journal as a middleware of the API route: what each request sent, and what it was answered.
import type { HttpBindings } from "@hono/node-server";
import type { Context, MiddlewareHandler } from "hono";
import type { ValidationMemo } from "../api/validation-memo";
import { tokenIn } from "../security/auth";
import type { TokenGrant } from "../security/tokens";
import type { BodyParse, JsonBodyVariables } from "../transport/json-body";
import { readBodyText } from "../transport/request-body";
import type { Journal, JournalEntry, SetJournalRows } from "./journal";
import { rawBody, rawParams } from "./journal";

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

/** How a route's body is read for the journal when nothing after {@link journaling} read it. */
export interface JournalBody<T> {
  /** The largest body read, in bytes; a larger one is journaled with no body. */
  readonly maxBodyBytes: number;
  /** Parses and validates the body's text, as the route's {@link jsonBody} does. */
  readonly parse: (text: string, c: Context) => BodyParse<T>;
}

/** Whether the request's body has not been touched yet (none of it read, its connection open). */
function bodyUnread(incoming: HttpBindings["incoming"] | undefined, request: Request): boolean {
  if (incoming !== undefined) return !(incoming.readableDidRead || incoming.destroyed);
  return !request.bodyUsed;
}

/**
 * Reads the body of a request that was answered before its route read it (a scenario's failure or
 * drop, a 401, a 415) into `bodyText`, and `body` when it parses, so that the journal keeps what was
 * sent. Nothing is read when the body was read already, is larger than allowed, or cannot be read.
 */
export async function readBodyForJournal<T>(
  c: Context<{
    Bindings: Partial<HttpBindings>;
    Variables: Partial<JsonBodyVariables<T>>;
  }>,
  journalBody: JournalBody<T> | undefined,
): Promise<void> {
  if (
    journalBody === undefined ||
    c.get("bodyText") !== undefined ||
    !bodyUnread(c.env?.incoming, c.req.raw)
  )
    return;
  const read = await readBodyText(c.req.raw, c.env, journalBody.maxBodyBytes).catch(() => null);
  if (read === null || !("text" in read)) return;
  c.set("bodyText", read.text);
  const parsed = journalBody.parse(read.text, c);
  if ("success" in parsed && parsed.success) c.set("body", parsed.data);
}

/**
 * Journals each request of the API route in `journal`, first in its chain so that it sees every
 * answer (a scenario's included): when it came, the path parameters and body as sent and as parsed,
 * the token's name (`tokens` keyed by the token; never a secret token's value), the status, and the
 * rows, filled in when a streamed answer ends. With `journalBody`, a body the route did not read
 * (its answer came first) is read for the journal all the same.
 */
export function journaling(
  journal: Journal,
  tokens: ReadonlyMap<string, TokenGrant>,
  validation: ValidationMemo,
  journalBody?: JournalBody<NonNullable<JournalingVariables["body"]>>,
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
    // A drop read it before the socket went; a 413 read part of it, and its connection closes.
    if (c.get("answerCut") !== "dropped" && c.res.status !== 413)
      await readBodyForJournal(c, journalBody);
    const parsed = c.get("body");
    const text = c.get("bodyText");
    // Parsed already when the query was; otherwise (a 401, a bad body) the path may still be valid.
    const validParams =
      parsed !== undefined
        ? undefined
        : "step_index" in sent
          ? validation.pathParams(sent)
          : validation.workflowPathParams(sent);
    const cut = c.get("answerCut");
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

// The journal's admin routes: read and forget the API requests journaled, all of them or one token's.
import { Hono } from "hono";
import { z } from "zod/v3";
import { errorResponse, invalidRequestBody, jsonResponse } from "../bodies/json-response";
import type { Journal, JournalEntry, JournalFilter } from "./journal";

/** Where the journal is served. */
export const JOURNAL_PATH = "/__stub/requests";

/** The journal's routes: method, path and one-line effect, for the help, the banner and the README table. */
export const JOURNAL_ROUTES = [
  {
    method: "GET",
    path: JOURNAL_PATH,
    effect: "the API requests journaled, oldest first (?token=<name>: one token's)",
  },
  {
    method: "DELETE",
    path: JOURNAL_PATH,
    effect: "forget the API requests journaled (?token=<name>: one token's)",
  },
] as const;

/** The body of `GET /__stub/requests`. */
export interface JournalAnswer {
  /** The requests journaled, oldest first. */
  readonly requests: readonly JournalEntry[];
}

// Strict: a misspelt `?tokn=` must not read or clear every token's entries.
const filterSchema = z
  .object({ token: z.string().min(1, { message: "Must name a token" }).optional() })
  .strict();

/** The filter a URL's query asks for, or the 400 answer naming what is wrong with it. */
function filterOf(url: URL): JournalFilter | Response {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    // A repeated parameter stays a list, which the schema refuses rather than picking one.
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const result = filterSchema.safeParse(query);
  if (!result.success) return errorResponse(400, invalidRequestBody(result.error.issues));
  return result.data.token === undefined ? {} : { token: result.data.token };
}

/** `GET` and `DELETE` {@link JOURNAL_PATH} over `journal` (mount at `/`, with the admin routes). */
export function journalRoutes(journal: Journal): Hono {
  const routes = new Hono();
  routes.get(JOURNAL_PATH, (c) => {
    const filter = filterOf(new URL(c.req.url));
    if (filter instanceof Response) return filter;
    const answer: JournalAnswer = { requests: journal.entries(filter) };
    return jsonResponse(200, answer);
  });
  routes.delete(JOURNAL_PATH, (c) => {
    const filter = filterOf(new URL(c.req.url));
    if (filter instanceof Response) return filter;
    journal.clear(filter);
    return new Response(null, { status: 204 });
  });
  return routes;
}

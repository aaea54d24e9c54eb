// A JSON request body as a middleware: 415 when it is not JSON, 413 past the limit, 400 when it does not parse or validate.
import { errorBody } from "@giosg-reporting/contract";
import type { HttpBindings } from "@hono/node-server";
import type { Context, MiddlewareHandler } from "hono";
import type { ZodIssue } from "zod/v3";
import { contractError, invalidRequestBody, malformedJsonBody } from "../bodies/json-response";
import { readBodyText } from "./request-body";

/** What a body's text parses to: not JSON (with JSON.parse's error), or a schema's result. */
export type BodyParse<T> =
  | { readonly malformed: Error }
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly ZodIssue[] } };

/** What {@link jsonBody} leaves for the handlers after it. */
export type JsonBodyVariables<T> = {
  /** The body, parsed and validated. */
  body: T;
  /** The body's text as read (for a journal of what was sent, whether it parsed or not). */
  bodyText: string;
};

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions<T> {
  /** The largest body read, in bytes; a larger one gets 413 and its connection is closed (after lingering). */
  readonly maxBodyBytes: number;
  /** Parses and validates the body's text (the request's context at hand, for its path parameters). */
  readonly parse: (text: string, c: Context) => BodyParse<T>;
  /** The text a request without a body stands for, which then needs no media type; unset: 415 as for any body. */
  readonly emptyBody?: string;
}

/** `application/json`, or any `+json` type, with parameters or none. */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Whether the request announces no body: no length (or 0) and no chunks. */
function withoutBody(request: Request, bindings: Partial<HttpBindings> | undefined): boolean {
  const incoming = bindings?.incoming;
  if (incoming === undefined) return request.body === null;
  const { "content-length": length, "transfer-encoding": chunks } = incoming.headers;
  return chunks === undefined && (length === undefined || Number(length) === 0);
}

/**
 * Reads the request body as JSON for the handlers after it (`c.var.body`): 415 unless it is sent as
 * `application/json`, 413 past `maxBodyBytes` (read no further: the connection closes, once the
 * server's lingering close has read and dropped the rest within its bounds), 400 `malformed_json` or
 * `invalid_request` (every failing field) as `parse` finds it.
 */
export function jsonBody<T>(options: JsonBodyOptions<T>): MiddlewareHandler<{
  Bindings: Partial<HttpBindings>;
  Variables: JsonBodyVariables<T>;
}> {
  const { maxBodyBytes, parse, emptyBody } = options;
  return async (c, next) => {
    let text: string;
    if (emptyBody !== undefined && withoutBody(c.req.raw, c.env)) {
      text = emptyBody;
    } else {
      const contentType = c.req.header("content-type") ?? "";
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        return contractError({
          status: 415,
          body: errorBody("unsupported_media_type", contentType),
        });
      }
      const read = await readBodyText(c.req.raw, c.env, maxBodyBytes);
      if ("tooLarge" in read) {
        // Closing bounds what is read of the rest: Node would otherwise drain a body of any size to keep the connection.
        return contractError(
          { status: 413, body: errorBody("payload_too_large", maxBodyBytes) },
          { connection: "close" },
        );
      }
      text = read.text;
    }
    c.set("bodyText", text);
    const parsed = parse(text, c);
    if ("malformed" in parsed) {
      return contractError({ status: 400, body: malformedJsonBody(parsed.malformed) });
    }
    if (!parsed.success) {
      return contractError({ status: 400, body: invalidRequestBody(parsed.error.issues) });
    }
    c.set("body", parsed.data);
    return next();
  };
}

/** Parses `text` as JSON and checks it with `schema` (anything with zod's `safeParse`). */
export function parseWith<T>(schema: {
  safeParse(json: unknown): BodyParse<T>;
}): (text: string) => BodyParse<T> {
  return (text) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { malformed: error as Error };
    }
    return schema.safeParse(json);
  };
}

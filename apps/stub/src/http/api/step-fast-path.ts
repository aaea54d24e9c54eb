// The step endpoint's plain requests answered on a Node socket past Hono, byte for byte as the app would; any other request is the app's, with what was read handed over.
import { type IncomingMessage, ServerResponse } from "node:http";
import { contract } from "@giosg-reporting/contract";
import type { EventSource } from "../../data/event-source";
import { runQuery } from "../../query/engine";
import type { Scenario } from "../admin/scenario-state";
import { rowsBody } from "../bodies/rows-body";
import {
  addHeaders,
  sendsWholeAnswers,
  wholeAnswer,
  wholeAnswerHeaders,
} from "../bodies/whole-answer";
import { authenticate } from "../security/auth";
import type { SecurityHeaderLists } from "../security/browser-headers";
import type { TokenGrant } from "../security/tokens";
import { type Handover, handOver } from "../transport/handover";
import { JSON_MEDIA_TYPE } from "../transport/json-body";
import { bufferedBodyText, readIncomingText } from "../transport/request-body";
import { ROWS_HEADERS, readableOrganizations } from "./step-source-data";
import type { ValidationMemo } from "./validation-memo";

/** A Node request listener: the app's (@hono/node-server's), or one in front of it. */
export type RequestListener = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

/** What the fast path answers from: the same parts as the app's step route. */
export interface StepFastPathParts {
  readonly source: EventSource;
  readonly tokens: readonly TokenGrant[];
  readonly tokensByValue: ReadonlyMap<string, TokenGrant>;
  readonly scenario: Scenario;
  readonly validation: ValidationMemo;
  readonly maxBodyBytes: number;
  readonly security: SecurityHeaderLists;
  /** The request log's line of each answer (`requestLog`), if the stub keeps one. */
  readonly log?: (line: string) => void;
}

/** Takes a request first: answers it, gives it back to `app` later, or hands it to `app` at once. */
export type StepFastPath = (
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  app: RequestListener,
) => void;

/** The step route's path, its parameters spelled as only plain UUIDs and numbers are (no escapes, no dots). */
const STEP_PATH = new RegExp(
  `^${contract.getStepSourceData.path.replace(/:[a-z_]+/g, "([A-Za-z0-9_-]+)")}$`,
);
/** A `Host` that @hono/node-server takes as it is (its own check; any other is looked at more closely). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
/** Whitespace that `Headers` would strip from a value's ends. */
const EDGE_SPACE = /^[\t\n\r ]|[\t\n\r ]$/;

/** The headers the fast path reads, each sent once (else the app, which joins repeated ones, decides). */
interface PlainHeaders {
  readonly authorization: string;
  readonly contentType: string;
  readonly contentLength: string;
}

/** The headers the fast path reads, or undefined when one is missing, repeated, or the body is chunked. */
function plainHeaders(raw: readonly string[]): PlainHeaders | undefined {
  let authorization: string | undefined;
  let contentType: string | undefined;
  let contentLength: string | undefined;
  let host: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    switch (name.length) {
      case 4:
        if (name.toLowerCase() !== "host") break;
        if (host !== undefined) return undefined;
        host = value;
        break;
      case 12:
        if (name.toLowerCase() !== "content-type") break;
        if (contentType !== undefined) return undefined;
        contentType = value;
        break;
      case 13:
        if (name.toLowerCase() !== "authorization") break;
        if (authorization !== undefined) return undefined;
        authorization = value;
        break;
      case 14:
        if (name.toLowerCase() !== "content-length") break;
        if (contentLength !== undefined) return undefined;
        contentLength = value;
        break;
      case 17:
        if (name.toLowerCase() === "transfer-encoding") return undefined;
        break;
    }
  }
  if (host === undefined || !PLAIN_HOST.test(host)) return undefined;
  if (authorization === undefined || contentType === undefined || contentLength === undefined)
    return undefined;
  if (EDGE_SPACE.test(authorization) || EDGE_SPACE.test(contentType)) return undefined;
  return { authorization, contentType, contentLength };
}

/**
 * The step route's answers on a Node socket for the plain case, past @hono/node-server's request,
 * Hono's router, context and middlewares (the stub's security headers and request log being the only
 * ones in force: no CORS, journal nor recording coverage). A POST to the route's exact path, with one each of
 * `Host`, `Authorization` (a token that authenticates), a JSON `Content-Type` and a `Content-Length`
 * within `maxBodyBytes`, while the scenario is inert, has its body read and its query run here, and
 * a whole 200 answer written with the header block the app writes. Any other request goes to `app`
 * untouched; one whose body was read but whose answer is not a whole 200 (a 400, the engine's 404,
 * a streamed answer, an error thrown) goes to `app` with its body, and its stream if made, handed
 * over, and the app answers it as it would have from the start.
 */
export function stepFastPath(parts: StepFastPathParts): StepFastPath {
  const { source, tokensByValue, scenario, validation, maxBodyBytes, security, log } = parts;
  const readable = readableOrganizations(parts.tokens);
  let block: HeaderBlock | undefined;
  const headerBlock = () => {
    if (block !== undefined) return block;
    const api = security.lists.api;
    if (api === undefined) return undefined;
    // Made by the app's own steps, on an empty answer: only the length differs from answer to answer.
    const marked = {};
    sendsWholeAnswers(marked);
    const probe = wholeAnswer([], ROWS_HEADERS as Record<string, string>, marked);
    addHeaders(probe, api);
    const headers = wholeAnswerHeaders(probe) ?? [];
    const lengthAt = headers.indexOf("content-length") + 1;
    if (lengthAt === 0) return undefined;
    block = { headers, lengthAt };
    return block;
  };

  /**
   * Answers a request whose body is read, or gives it back to `app` (never rejects: what the app
   * would answer with an error it answers, and a failed write is not left unhandled).
   */
  async function answer(
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    app: RequestListener,
    grant: TokenGrant,
    params: Record<string, string>,
    text: string,
    headers: HeaderBlock,
    started: number,
  ): Promise<void> {
    let made: Handover["answer"];
    let sending = false;
    try {
      // The route's parse (`parseQuery`): a body and path parameters that pass, else the app's 400.
      const body = validation.body(text);
      const checked = "success" in body && body.success ? validation.pathParams(params) : undefined;
      if (checked?.success && "success" in body && body.success) {
        const outcome = runQuery(source, {
          params: checked.data,
          body: body.data,
          organizations: readable(grant),
        });
        if (outcome.status === 200) {
          const rows = await rowsBody(outcome);
          if ("pieces" in rows) {
            sending = true;
            // As `requestLog` says it, once the answer is made and before it is written.
            log?.(`POST ${incoming.url} 200 ${(performance.now() - started).toFixed(1)} ms`);
            return send(outgoing, headers, rows.pieces);
          }
          made = rows;
        }
      }
    } catch (error) {
      if (sending) {
        // Writing a whole answer does not fail (its headers are the app's own): never a crash if it did.
        console.error("giosg-reporting-stub: unexpected error", error);
        outgoing.destroy();
        return;
      }
      // Otherwise the app meets the same error, and answers it as it does.
    }
    giveBack(
      incoming,
      outgoing,
      app,
      made === undefined ? { body: { text } } : { body: { text }, answer: made },
    );
  }

  return (incoming, outgoing, app) => {
    const match = incoming.method === "POST" ? STEP_PATH.exec(incoming.url ?? "") : null;
    const plain =
      match !== null && outgoing instanceof ServerResponse && scenario.inert
        ? plainHeaders(incoming.rawHeaders)
        : undefined;
    const headers = plain === undefined ? undefined : headerBlock();
    const authentication =
      plain === undefined || headers === undefined
        ? undefined
        : authenticate(plain.authorization, tokensByValue);
    const length = plain === undefined ? Number.NaN : Number(plain.contentLength);
    if (
      match === null ||
      plain === undefined ||
      headers === undefined ||
      authentication?.ok !== true ||
      !JSON_MEDIA_TYPE.test(plain.contentType) ||
      !(length <= maxBodyBytes)
    ) {
      app(incoming, outgoing);
      return;
    }
    const started = log === undefined ? 0 : performance.now();
    const { grant } = authentication;
    const [, organization, workflow, step] = match as unknown as [string, string, string, string];
    const params = { organization_id: organization, workflow_id: workflow, step_index: step };
    // Once the packet that brought the headers is parsed: a small body came with them, and waits.
    queueMicrotask(() => {
      let buffered: string | undefined;
      try {
        buffered = bufferedBodyText(incoming, length);
      } catch (error) {
        return giveBack(incoming, outgoing, app, { body: { failed: error } });
      }
      if (buffered !== undefined)
        return void answer(incoming, outgoing, app, grant, params, buffered, headers, started);
      readIncomingText(incoming, maxBodyBytes).then(
        (body) =>
          "text" in body
            ? answer(incoming, outgoing, app, grant, params, body.text, headers, started)
            : giveBack(incoming, outgoing, app, { body }),
        (error: unknown) => giveBack(incoming, outgoing, app, { body: { failed: error } }),
      );
    });
  };
}

/** The 200 answer's header block (names and values), its length's value at `lengthAt`. */
interface HeaderBlock {
  readonly headers: readonly string[];
  readonly lengthAt: number;
}

/** Gives a request the fast path took back to `app`, with what it read and made. */
function giveBack(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  app: RequestListener,
  handover: Handover,
): void {
  handOver(incoming, handover);
  app(incoming, outgoing);
}

/** Writes a whole 200 answer as `sendWholeAnswer` does: the header block with its length, its pieces in one corked write. */
function send(outgoing: ServerResponse, block: HeaderBlock, pieces: readonly Uint8Array[]): void {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const headers = block.headers.slice();
  headers[block.lengthAt] = String(length);
  outgoing.writeHead(200, headers);
  outgoing.cork();
  for (const piece of pieces) outgoing.write(piece);
  outgoing.end();
}

/** The fast path of each app that has one (an app with more middlewares in force has none). */
const fastPaths = new WeakMap<object, StepFastPath>();

/** Gives `app` its step route's fast path, which a Node server runs in front of the app. */
export function setStepFastPath(app: object, fastPath: StepFastPath): void {
  fastPaths.set(app, fastPath);
}

/** The step route's fast path of `app`, if it has one. */
export function stepFastPathOf(app: object): StepFastPath | undefined {
  return fastPaths.get(app);
}

/** `app` with `fastPath` in front of it. */
export function withFastPath(fastPath: StepFastPath, app: RequestListener): RequestListener {
  return (incoming, outgoing) => fastPath(incoming, outgoing, app);
}

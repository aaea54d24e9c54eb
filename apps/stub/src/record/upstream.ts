// The recorder's side of the upstream: one request forwarded with the caller's token only, and its answer read within bounds.
import { type Deviation, errorBody, READINGS } from "@giosg-reporting/contract";
import type { Context } from "hono";
import { errorResponse } from "../http/bodies/json-response";

/** The most bytes of a JSON answer (an error, `info`) read to audit it; a larger one is relayed unread. */
export const MAX_AUDITED_BYTES = 1024 * 1024;

/** One line of the log for a deviation the audit found. */
export function describeDeviation(deviation: Deviation): string {
  const reading = deviation.reading ? ` (contradicts “${READINGS[deviation.reading].title}”)` : "";
  const count = deviation.count ? ` ×${deviation.count}` : "";
  return `  deviation ${deviation.check}${count}: ${deviation.message}${reading}`;
}

/** The default of {@link ForwarderOptions.timeoutMs}: the upstream's silence that ends a request. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;

/** What {@link forwarder} needs: the upstream's base URL, the `fetch` that reaches it, the log. */
export interface ForwarderOptions {
  readonly upstream: URL;
  readonly send: typeof globalThis.fetch;
  readonly log: (line: string) => void;
  /**
   * The longest the upstream may be silent, in milliseconds: before its answer's headers (then the
   * caller gets a 504 `upstream_timeout`) and between two chunks of its body (then the relay is cut);
   * 0: no bound.
   */
  readonly timeoutMs?: number;
}

/** The upstream's answer, or the recorder's own error when there was none to relay. */
export type Forwarded = { readonly answer: Response } | { readonly refused: Response };

/** The upstream stayed silent longer than the time-out allows. */
class UpstreamSilence extends Error {
  override readonly name = "UpstreamSilence";
  constructor(readonly ms: number) {
    super(`the upstream sent nothing for ${ms} ms`);
  }
}

/**
 * `body` read one chunk at a time as its reader asks, each wait for the upstream bounded by `ms`:
 * past it the upstream's answer is cancelled and the stream errors with an {@link UpstreamSilence}.
 */
function silenceBounded(body: ReadableStream<Uint8Array>, ms: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: NodeJS.Timeout | undefined;
        const silence = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UpstreamSilence(ms)), ms);
        });
        try {
          const next = await Promise.race([reader.read(), silence]);
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          reader.cancel(error).catch(() => {});
          controller.error(error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * Makes the functions that forward a caller's request to the same path of the upstream, and that
 * answer when the upstream's answer cannot be relayed. A request goes with the caller's
 * `Authorization` (and nothing else of theirs), redirects refused (a 502, logged); an upstream that
 * gives no answer gets a 502 `upstream_unreachable`, one silent past the time-out a 504
 * `upstream_timeout`; a caller who left before the answer is logged as 499.
 */
export function forwarder({ upstream, send, log, timeoutMs }: ForwarderOptions) {
  const base = `${upstream.origin}${upstream.pathname.replace(/\/+$/, "")}`;
  const silence = timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  /** The recorder's answer (logged) when the upstream's could not be had: `error` says why. */
  const failed = (c: Context, method: string, error: unknown, status?: number): Response => {
    const path = new URL(c.req.url).pathname;
    const of = status === undefined ? "" : ` (its answer's status was ${status})`;
    if (c.req.raw.signal.aborted) {
      log(`${method} ${path} 499: the caller went away before the upstream's answer${of}`);
      return new Response(null, { status: 499 });
    }
    if (error instanceof UpstreamSilence) {
      log(`${method} ${path} 504: ${error.message}${of}`);
      return errorResponse(504, errorBody("upstream_timeout", upstream.origin, error.ms));
    }
    const reason =
      (error as { cause?: { code?: string } } | undefined)?.cause?.code ??
      (error as Error | undefined)?.message ??
      String(error);
    log(`${method} ${path} 502: the upstream gave no answer (${reason})${of}`);
    return errorResponse(502, errorBody("upstream_unreachable", upstream.origin, reason));
  };
  const forward = async (c: Context, method: "GET" | "POST", body?: string): Promise<Forwarded> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) headers.authorization = authorization;
    const path = new URL(c.req.url).pathname;
    const timeout = new AbortController();
    const timer =
      silence > 0
        ? setTimeout(() => timeout.abort(new UpstreamSilence(silence)), silence)
        : undefined;
    let answer: Response;
    try {
      answer = await send(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        redirect: "manual",
        signal: AbortSignal.any([c.req.raw.signal, timeout.signal]),
      });
    } catch (error) {
      return { refused: failed(c, method, timeout.signal.aborted ? timeout.signal.reason : error) };
    } finally {
      clearTimeout(timer);
    }
    if (answer.status >= 300 && answer.status < 400) {
      await answer.body?.cancel();
      const location = answer.headers.get("location") ?? "(no location)";
      log(
        `${method} ${path} 502: the upstream answered ${answer.status} (a redirect, not followed)`,
      );
      return {
        refused: errorResponse(502, errorBody("upstream_redirect", answer.status, location)),
      };
    }
    if (silence === 0 || !answer.body) return { answer };
    const bounded = silenceBounded(answer.body, silence);
    const { status, statusText, headers: answered } = answer;
    return { answer: new Response(bounded, { status, statusText, headers: answered }) };
  };
  return { forward, failed };
}

/** The headers of `answer` named in `names`, as they are. */
export function passedHeaders(answer: Response, names: readonly string[]): Headers {
  const passed = new Headers();
  for (const name of names) {
    const value = answer.headers.get(name);
    if (value !== null) passed.set(name, value);
  }
  return passed;
}

/**
 * Reads at most `max` bytes of `answer`'s body: `whole` with its bytes when it ended within them,
 * else the bytes read and the body's rest still to come (relayed as it comes, never held).
 */
export async function readBounded(
  answer: Response,
  max: number = MAX_AUDITED_BYTES,
): Promise<
  | { readonly whole: true; readonly bytes: Uint8Array }
  | { readonly whole: false; readonly body: ReadableStream<Uint8Array> }
> {
  if (!answer.body) return { whole: true, bytes: new Uint8Array(0) };
  const reader = answer.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.byteLength;
    if (size > max) {
      const held = chunks.splice(0);
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const first = held.shift();
            if (first) return controller.enqueue(first);
            const more = await reader.read();
            if (more.done) controller.close();
            else controller.enqueue(more.value);
          },
          cancel: (reason) => reader.cancel(reason),
        },
        { highWaterMark: 0 },
      );
      return { whole: false, body };
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { whole: true, bytes };
}

/** The JSON a whole answer holds, or its text when it is not JSON. */
export function parsedBody(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

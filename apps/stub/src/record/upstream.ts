// The recorder's side of the upstream: one request forwarded with the caller's token only, and its answer read within bounds.
import { type Deviation, errorBody, READINGS } from "@giosg-reporting/contract";
import type { Context } from "hono";
import { errorResponse } from "../http/json-response";

/** The most bytes of a JSON answer (an error, `info`) read to audit it; a larger one is relayed unread. */
export const MAX_AUDITED_BYTES = 1024 * 1024;

/** One line of the log for a deviation the audit found. */
export function describeDeviation(deviation: Deviation): string {
  const reading = deviation.reading ? ` (contradicts “${READINGS[deviation.reading].title}”)` : "";
  const count = deviation.count ? ` ×${deviation.count}` : "";
  return `  deviation ${deviation.check}${count}: ${deviation.message}${reading}`;
}

/** What {@link forwarder} needs: the upstream's base URL, the `fetch` that reaches it, the log. */
export interface ForwarderOptions {
  readonly upstream: URL;
  readonly send: typeof globalThis.fetch;
  readonly log: (line: string) => void;
}

/** The upstream's answer, or the recorder's own 502 when there was none to relay. */
export type Forwarded = { readonly answer: Response } | { readonly refused: Response };

/**
 * Makes the function that forwards a caller's request to the same path of the upstream: with the
 * caller's `Authorization` (and nothing else of theirs), redirects refused (a 502, logged), an
 * upstream that gives no answer a 502 `upstream_unreachable`.
 */
export function forwarder({ upstream, send, log }: ForwarderOptions) {
  const base = `${upstream.origin}${upstream.pathname.replace(/\/+$/, "")}`;
  return async (c: Context, method: "GET" | "POST", body?: string): Promise<Forwarded> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) headers.authorization = authorization;
    const path = new URL(c.req.url).pathname;
    let answer: Response;
    try {
      answer = await send(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        redirect: "manual",
        signal: c.req.raw.signal,
      });
    } catch (error) {
      const reason =
        (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      log(`${method} ${path} 502: the upstream gave no answer (${reason})`);
      return {
        refused: errorResponse(502, errorBody("upstream_unreachable", upstream.origin, reason)),
      };
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
    return { answer };
  };
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

// In a browser, a cross-origin request the page may not make (CORS) fails as a network error would: tells the two apart.

import { ReportingApiError } from "../errors";
import { abortable } from "./call";

/** The longest wait for the probe's answer, in milliseconds (or `timeoutMs`, if shorter): it tells, it does not fetch data. */
const PROBE_MS = 5_000;

/** The page's origin when the client runs in a browser page or worker (`location.origin`), else undefined. */
function pageOrigin(): string | undefined {
  const location = (globalThis as { location?: { origin?: unknown } }).location;
  const origin = location?.origin;
  return typeof origin === "string" && /^https?:\/\//.test(origin) ? origin : undefined;
}

/**
 * After a network failure of a request from a browser page to another origin: whether the browser
 * refused it (the API answers, but not to this page, so CORS is the likely cause) rather than the
 * network failing. A `no-cors` GET of the same URL, which a browser sends without asking CORS, tells:
 * it resolves (an opaque answer) when the server is reachable: then the error to throw. When the
 * probe cannot tell (the server is unreachable, or forbids even `no-cors` loads), a note for the
 * network error's message; undefined outside a browser and for a request to the page's own origin.
 */
export async function browserRefusal(
  url: string,
  attempts: number,
  cause: unknown,
  fetch: (input: string, init: RequestInit) => Promise<Response>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<ReportingApiError | string | undefined> {
  const origin = pageOrigin();
  if (origin === undefined) return undefined;
  let target: string;
  try {
    target = new URL(url).origin;
  } catch {
    return undefined;
  }
  if (target === origin) return undefined;
  const timeout = AbortSignal.timeout(timeoutMs > 0 ? Math.min(timeoutMs, PROBE_MS) : PROBE_MS);
  const bound = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    // Bounded even when the fetch ignores its signal: a probe never holds the call.
    const probe = await abortable(
      fetch(url, { method: "GET", mode: "no-cors", credentials: "omit", signal: bound }),
      bound,
    );
    void probe.body?.cancel().catch(() => {});
  } catch {
    return ` (from this page, ${origin}, to ${target}: if the browser's console names CORS, the API does not allow this origin)`;
  }
  return new ReportingApiError({
    kind: "network",
    message: `The browser refused the answer of ${target} to this page (${origin}): the server answers, but not to this origin, so CORS is the likely cause (the browser's console says). A server must allow the page's origin (Access-Control-Allow-Origin); the stub does with --cors ${origin}. Not retried.`,
    attempts,
    cause,
  });
}

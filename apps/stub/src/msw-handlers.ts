// MSW request handlers of the endpoint around a stub, for either platform's entry (msw.ts, msw-browser.ts).
import { API_BASE_URL } from "@giosg-reporting/contract";
import { type HttpHandler, http } from "msw";
import type { Stub, StubOptions } from "./http/app";

/** Options of `createStubHandlers`: the stub's, and where the API is. */
export interface StubHandlersOptions extends StubOptions {
  /** The API's base URL the handlers answer on (default `https://api.giosg.com`). */
  readonly baseUrl?: string;
}

/** MSW handlers of the endpoint, and the stub behind them (its scenario control, its source). */
export interface StubHandlers {
  /** Hand these to `setupServer(...)` (msw/node) or `setupWorker(...)` (msw/browser). */
  readonly handlers: readonly HttpHandler[];
  /** The stub that answers: `stub.scenario` sets faults and latency, as over HTTP. */
  readonly stub: Stub;
}

/**
 * MSW handlers for every request under `<baseUrl>/api/reporting/workflow/v1/`, answered by the stub
 * `build` makes from `options`; other URLs are left to other handlers.
 */
export function stubHandlers(
  options: StubHandlersOptions,
  build: (options: StubOptions) => Stub,
): StubHandlers {
  const { baseUrl = API_BASE_URL, ...stubOptions } = options;
  const base = new URL(baseUrl);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
  const stub = build(stubOptions);
  // A RegExp without groups, not a path with `*`: MSW decodes a path's parameters with
  // decodeURIComponent, which throws on a malformed escape (`%E0%A4%A`) and so answered 500 with a
  // stack trace, where the stub answers 400 naming the parameter.
  const api = new RegExp(`^${escapeRegExp(prefix)}/api/reporting/workflow/v1/`);
  const handler = http.all(api, ({ request }) => {
    // The stub routes by path: under a base URL with a path of its own, that path is not the API's.
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(base.pathname.replace(/\/+$/, "").length);
    return stub.app.fetch(new Request(url, request));
  });
  return { handlers: [handler], stub };
}

/** `text` matched literally in a RegExp. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

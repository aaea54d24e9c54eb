// MSW request handlers that answer the endpoint with the stub's engine in process: code under test calls the API with no socket.
import { API_BASE_URL } from "@giosg-reporting/contract";
import { type HttpHandler, http } from "msw";
import { createStub, type Stub, type StubOptions } from "./http/app";

/** Options of {@link createStubHandlers}: the stub's, and where the API is. */
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
 * MSW handlers for every request under `<baseUrl>/api/reporting/workflow/v1/`, answered by a stub
 * built from `options` (the same data, semantics, auth, errors and streaming as the stub's server);
 * other URLs are left to other handlers.
 */
export function createStubHandlers(options: StubHandlersOptions = {}): StubHandlers {
  const { baseUrl = API_BASE_URL, ...stubOptions } = options;
  const base = new URL(baseUrl);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
  const stub = createStub(stubOptions);
  const handler = http.all(`${prefix}/api/reporting/workflow/v1/*`, ({ request }) => {
    // The stub routes by path: under a base URL with a path of its own, that path is not the API's.
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(base.pathname.replace(/\/+$/, "").length);
    return stub.app.fetch(new Request(url, request));
  });
  return { handlers: [handler], stub };
}

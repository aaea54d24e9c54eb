// MSW request handlers that answer the endpoint with the stub's engine in process: code under test calls the API with no socket.
import { createStub } from "./http/create-stub";
import { type StubHandlers, type StubHandlersOptions, stubHandlers } from "./msw-handlers";

export type { StubHandlers, StubHandlersOptions } from "./msw-handlers";

/**
 * MSW handlers for every request under `<baseUrl>/api/reporting/workflow/v1/`, answered by a stub
 * built from `options` (the same data, semantics, auth, errors and streaming as the stub's server);
 * other URLs are left to other handlers.
 */
export function createStubHandlers(options: StubHandlersOptions = {}): StubHandlers {
  return stubHandlers(options, createStub);
}

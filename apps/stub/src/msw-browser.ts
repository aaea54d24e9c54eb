// MSW request handlers for the browser (msw/browser's setupWorker): the stub's engine with no Node built-in, no files, no reference page.
import { datasetSource } from "./data/fixtures/dataset-source";
import { assembleStub, type StubPlatform } from "./http/app";
import { type StubHandlers, type StubHandlersOptions, stubHandlers } from "./msw-handlers";

export type { StubHandlers, StubHandlersOptions } from "./msw-handlers";

/** A browser: the fixtures' tables built in the page's thread; no `/docs`, which reads files. */
const BROWSER: StubPlatform = { fixtureSource: (dataset) => datasetSource(dataset) };

/**
 * MSW handlers for every request under `<baseUrl>/api/reporting/workflow/v1/`, answered by a stub
 * built from `options` in the page (the same data, semantics, auth, errors and streaming as the
 * stub's server); other URLs are left to other handlers. Give `source` or `dataset` as in Node; a
 * tokens file cannot be read here, give `tokens`.
 */
export function createStubHandlers(options: StubHandlersOptions = {}): StubHandlers {
  return stubHandlers(options, (stubOptions) => assembleStub(stubOptions, BROWSER));
}

// The stub in Node: the fixtures' tables built in a worker thread, the reference page served from files, and the step route's fast path on a socket.
import { fixtureSource } from "../data/fixtures/fixture-source";
import { setStepFastPath, stepFastPath } from "./api/step-fast-path";
import { assembleStub, type Stub, type StubOptions, type StubPlatform } from "./app";
import { xlsxBody } from "./bodies/xlsx-body";
import { docsRoutes } from "./docs/docs";

const NODE: StubPlatform = {
  fixtureSource: (dataset) => fixtureSource(dataset),
  docsRoutes,
  xlsxBody,
  stepFastPath: (app, parts) => setStepFastPath(app, stepFastPath(parts)),
};

/**
 * Builds the stub: the contract's endpoint answered from `source` (by default the fixtures' default
 * dataset) with the API's semantics, errors in the API's shape on every path, `/openapi.json`,
 * `/docs`, `/healthz`, and with `admin` the scenario control under `/__stub/`.
 */
export function createStub(options: StubOptions = {}): Stub {
  return assembleStub(options, NODE);
}

/** The stub's Hono app, for in-process use (`app.fetch(request)`); see {@link createStub}. */
export function createStubApp(options: StubOptions = {}): Stub["app"] {
  return createStub(options).app;
}

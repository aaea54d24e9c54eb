export type { EventSource, StepSelection } from "./data/event-source";
export {
  DataFileError,
  fileSource,
  readAdvancedRows,
  readWorkflowCatalog,
} from "./data/file-source";
export {
  expectedEvents,
  fixtureSource,
  GeneratedSource,
  MATERIALIZE_LIMIT,
} from "./data/fixture-source";
export { MemorySource, type MemorySourceOptions } from "./data/memory-source";
export { createStub, createStubApp, type Stub, type StubEnv, type StubOptions } from "./http/app";
export {
  FAILURE_STATUSES,
  type FailureStatus,
  Scenario,
  type ScenarioControls,
  type ScenarioState,
  type TokenScenarioState,
} from "./http/scenario-state";
export {
  DEFAULT_TOKENS,
  parseTokens,
  readTokensFile,
  type TokenConfig,
  type TokenGrant,
  TokensError,
  tokenSchema,
} from "./http/tokens";
export { runQuery } from "./query/engine";
export type { Query, QueryError, QueryOutcome, QueryRows } from "./query/outcome";
export { type RunningStub, type StartOptions, startStub } from "./server";

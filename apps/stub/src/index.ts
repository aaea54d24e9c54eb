// The stub's public API: the server, the sources it serves from, and what a partner's code needs of them.
export type { EventSource, StepSelection } from "./data/event-source";
export {
  DataFileError,
  fileSource,
  readAdvancedRows,
  readWorkflowCatalog,
} from "./data/file/file-source";
export {
  expectedEvents,
  fixtureSource,
  GeneratedSource,
  MATERIALIZE_LIMIT,
} from "./data/fixtures/fixture-source";
export { MemorySource, type MemorySourceOptions } from "./data/memory/memory-source";
export {
  FAILURE_STATUSES,
  type FailureStatus,
  Scenario,
  type ScenarioControls,
  type ScenarioState,
  type TokenScenarioState,
} from "./http/admin/scenario-state";
export type { Stub, StubEnv, StubOptions } from "./http/app";
export { createStub, createStubApp } from "./http/create-stub";
export {
  DEFAULT_TOKENS,
  parseTokens,
  type TokenConfig,
  type TokenGrant,
  TokensError,
  tokenSchema,
} from "./http/security/tokens";
export { readTokensFile } from "./http/security/tokens-file";
export { runQuery } from "./query/engine";
export type { Query, QueryError, QueryOutcome, QueryRows } from "./query/outcome";
export { AnswerRecording, type RecordedView } from "./record/answer-recording";
export {
  COVERAGE_HEADER,
  type Coverage,
  type CoveredQuery,
  RecordingCoverage,
} from "./record/coverage";
export { recordingCoverageBeside } from "./record/coverage-file";
export { type RecordingProxyOptions, recordingProxy } from "./record/record-proxy";
export { MAX_RECORDED_STEP } from "./record/recorded-catalog";
export { RECORDING_FILES, Recording } from "./record/recording";
export { type RecorderOptions, type RunningRecorder, startRecorder } from "./record/start-recorder";
export { type RunningStub, type StartOptions, startStub } from "./server";

// @giosg-reporting/export: a workflow's source data into files or PostgreSQL, window by window, exactly once and resumable.

export { exportSourceData } from "./export";
export { ExportError } from "./export-error";
export {
  DEFAULT_MAX_WINDOW_ROWS,
  type ExportOptions,
  type ExportPlan,
  type ExportSummary,
  type UnitEvent,
  type UnitFailure,
} from "./export-options";
export { FinishedUnits } from "./plan/finished";
export { findSteps, MAX_PROBED_STEPS, type StepProbe } from "./plan/steps";
export { compactInstant, type ExportUnit, parseUnitKey, unitKey, unitsOf } from "./plan/units";
export {
  type ExportInterval,
  type OpenInterval,
  parseDuration,
  parseExportInterval,
  parseInterval,
  parseWindow,
  resolveInterval,
  splitWindow,
  type Window,
  windowsOf,
} from "./plan/windows";
export { type RowBatch, UnitRowError } from "./run/guarded-rows";
export { MAX_CONCURRENCY } from "./run/pool";
export type { ExportStop } from "./run/stops";
export {
  type FileFormat,
  type FileSinkOptions,
  openFileSink,
  PARTIAL_SUFFIX,
  STATE_FILE,
  STATE_LOG,
} from "./sink/file-sink";
export { FolderLockedError, LOCK_FILE } from "./sink/folder-lock";
export {
  APPLICATION_NAME,
  DEFAULT_TABLE,
  openPostgresSink,
  type PostgresSinkOptions,
} from "./sink/postgres-sink";
export type { ExportSink, UnitAnswer } from "./sink/sink";
export { readStateKeys, StateFile } from "./sink/state-file";

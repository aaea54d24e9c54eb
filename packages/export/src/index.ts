// @giosg-reporting/export: a workflow's source data into files or PostgreSQL, window by window, exactly once and resumable.

export {
  type ExportOptions,
  type ExportSummary,
  exportWorkflow,
  type UnitEvent,
  type UnitFailure,
} from "./export";
export { ExportError } from "./export-error";
export { compactInstant, type ExportUnit, parseUnitKey, unitKey, unitsOf } from "./plan/units";
export { parseInterval, parseWindow, type Window, windowsOf } from "./plan/windows";
export {
  type FileFormat,
  type FileSinkOptions,
  openFileSink,
  PARTIAL_SUFFIX,
  STATE_FILE,
} from "./sink/file-sink";
export {
  APPLICATION_NAME,
  DEFAULT_TABLE,
  openPostgresSink,
  type PostgresSinkOptions,
} from "./sink/postgres-sink";
export type { ExportSink, UnitAnswer } from "./sink/sink";
export { StateFile } from "./sink/state-file";

// The summary a run ends with: units, rows per step and target, retries, time and rows/s, the units a stop kept from starting, and how an interrupted run stands.
import type { ExportSummary } from "../export-options";
import { messageOf } from "./message-of";
import type { RunTally } from "./tally";

/** What the summary needs besides the library's: this run's tally, and the signal that interrupted it. */
export interface SummaryInput {
  readonly summary: ExportSummary;
  readonly tally: RunTally;
  /** The signal that stopped the run (`SIGINT`, `SIGTERM`), if one did. */
  readonly interrupted?: NodeJS.Signals | undefined;
  /** Failures caused by the interruption (not the API's): counted as not written, not as failed. */
  readonly interruptedFailures?: number;
}

/** The summary's lines (each ends with `\n`), for standard output; plain numbers, so that a script can read them. */
export function summaryText({
  summary,
  tally,
  interrupted,
  interruptedFailures = 0,
}: SummaryInput): string {
  const failed = summary.failures.length - interruptedFailures;
  let notStarted = 0;
  for (const stop of summary.stops) notStarted += stop.notStarted;
  // Each split turns one planned unit into two, each written, skipped or failed on its own.
  const split = summary.splits > 0 ? `, ${summary.splits} split in two` : "";
  const stopped = summary.stops.length > 0 ? `, ${notStarted} not started` : "";
  const lines = [
    `${summary.units} units: ${summary.written} written (${summary.rows} rows), ${summary.skipped} skipped, ${failed} failed${stopped}${split}`,
  ];
  for (const { stepIndex, target, rows } of tally.byStepTarget)
    lines.push(`step ${stepIndex} ${target}: ${rows} rows`);
  const seconds = tally.seconds;
  const rate = seconds > 0 ? Math.round(summary.rows / seconds) : 0;
  lines.push(
    `${tally.retries} ${tally.retries === 1 ? "retry" : "retries"}, ${seconds.toFixed(1)} s, ${rate} rows/s`,
  );
  for (const { error, unit, stepIndex, notStarted } of summary.stops)
    lines.push(
      `stopped: ${notStarted} units of ${stepIndex === undefined ? "every step" : `step ${stepIndex}`} not started after step ${unit.stepIndex} ${unit.target} ${unit.window.start.toISOString()}/${unit.window.end.toISOString()} failed: ${messageOf(error)}; run the same command again once that is mended`,
    );
  if (interrupted) {
    const left =
      summary.units + summary.splits - summary.written - summary.skipped - failed - notStarted;
    lines.push(
      `interrupted by ${interrupted}: ${left} units not written (the unit in progress rolled back); run the same command again to finish them`,
    );
  }
  return `${lines.join("\n")}\n`;
}

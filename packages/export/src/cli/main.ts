// The giosg-reporting-export command: a thin shell over exportSourceData and the file or PostgreSQL sink, with progress, a summary and Ctrl-C.
import { createClient } from "@giosg-reporting/client";
import { exportSourceData } from "../export";
import { ExportError } from "../export-error";
import type { ExportSummary } from "../export-options";
import { unitKey } from "../plan/units";
import { openFileSink } from "../sink/file-sink";
import { openPostgresSink } from "../sink/postgres-sink";
import type { ExportSink } from "../sink/sink";
import { type CommandLine, parseCommandLine } from "./args";
import { tuneHeap } from "./heap";
import { HELP } from "./help";
import { exitCodeOf, handleInterrupts } from "./interrupt";
import { messageOf } from "./message-of";
import { observedSink } from "./observed-sink";
import { createReporter } from "./reporter";
import { summaryText } from "./summary";
import { VERSION } from "./version";

const COMMAND = "giosg-reporting-export";
const fail = (text: string) => process.stderr.write(`${COMMAND}: ${text}\n`);

async function main(): Promise<number> {
  tuneHeap();
  let command: CommandLine;
  try {
    command = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    fail(`${(error as Error).message}\nRun ${COMMAND} --help for the options.`);
    return 2;
  }
  if (command.kind === "help" || command.kind === "version") {
    process.stdout.write(command.kind === "help" ? HELP : `${VERSION}\n`);
    return 0;
  }
  let sink: ExportSink;
  const { destination } = command;
  try {
    sink =
      destination.kind === "files"
        ? await openFileSink({
            dir: destination.out,
            workflowId: command.workflowId,
            format: destination.format,
            directWrites: destination.directWrites,
          })
        : await openPostgresSink({ ...destination, workflowId: command.workflowId });
  } catch (error) {
    // The PostgreSQL sink's errors name their option and never hold the password.
    if (error instanceof ExportError) fail(messageOf(error));
    else if (destination.kind === "files")
      fail(`--out: cannot use ${destination.out}: ${messageOf(error)}`);
    else fail(`--postgres: ${messageOf(error)}`);
    return 2;
  }
  const reporter = createReporter({ stdout: process.stdout, stderr: process.stderr });
  const controller = new AbortController();
  const interrupts = handleInterrupts({
    controller,
    onFirst: (signal) => {
      reporter.interrupted();
      reporter.note(
        `${COMMAND}: ${signal}: stopping; the unit in progress is rolled back (${signal === "SIGINT" ? "press Ctrl-C" : `send ${signal}`} again to exit at once)\n`,
      );
    },
    onSecond: (signal) => {
      reporter.stop();
      fail(`${signal} again: exiting now (the next run removes the unit's temporary file)`);
    },
  });
  let summary: ExportSummary;
  try {
    summary = await exportSourceData({
      client: createClient({
        token: command.token,
        baseUrl: command.baseUrl,
        onRetry: (retry) => reporter.retry(retry),
      }),
      organizationId: command.organizationId,
      workflowId: command.workflowId,
      interval: command.interval,
      steps: command.steps,
      targets: command.targets,
      window: command.window,
      maxWindowRows: command.maxWindowRows,
      incremental: command.incremental,
      ...(command.settle === undefined ? {} : { settle: command.settle }),
      concurrency: command.concurrency,
      // Rows in progress are shown only on the progress line: a log or a pipe pays nothing per row.
      sink: reporter.terminal ? observedSink(sink, reporter.sink) : sink,
      onPlan: (plan) => reporter.planned(plan.units),
      onUnit: (event) => reporter.unit(event),
      signal: controller.signal,
    });
  } catch (error) {
    // Stopped while the steps were asked, before any unit: nothing was written.
    if (interrupts.signal !== undefined && controller.signal.aborted) {
      fail(`stopped by ${interrupts.signal} before any unit was written`);
      return exitCodeOf(interrupts.signal);
    }
    if (!(error instanceof ExportError)) throw error;
    fail(messageOf(error));
    return 2;
  } finally {
    reporter.stop();
    interrupts.dispose();
  }
  const failures = summary.failures.filter(
    ({ unit }) => !reporter.interruptedKeys.has(unitKey(unit)),
  );
  process.stdout.write(
    summaryText({
      summary,
      tally: reporter.tally,
      interrupted: interrupts.signal,
      interruptedFailures: summary.failures.length - failures.length,
    }),
  );
  for (const { unit, error } of failures)
    fail(
      `step ${unit.stepIndex} ${unit.target} ${unit.window.start.toISOString()}/${unit.window.end.toISOString()} failed: ${messageOf(error)}`,
    );
  if (interrupts.signal) return exitCodeOf(interrupts.signal);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    fail(`unexpected error: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 2;
  },
);

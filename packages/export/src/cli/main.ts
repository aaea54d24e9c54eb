// The giosg-reporting-export command: a thin shell over exportSourceData and the file sink, one log line per unit.
import { createClient } from "@giosg-reporting/client";
import { type ExportSummary, exportSourceData, type UnitEvent } from "../export";
import { ExportError } from "../export-error";
import { openFileSink } from "../sink/file-sink";
import { type CommandLine, parseCommandLine } from "./args";
import { HELP } from "./help";

const COMMAND = "giosg-reporting-export";
const fail = (text: string) => process.stderr.write(`${COMMAND}: ${text}\n`);

/** One line for a unit: its key and window, and what became of it. */
function lineOf(event: UnitEvent): string {
  const { start, end } = event.unit.window;
  const window = `${start.toISOString()}/${end.toISOString()}`;
  if (event.kind === "written") return `written ${event.key} (${window}): ${event.rows} rows\n`;
  if (event.kind === "skipped")
    return `skipped ${event.key} (${window}): finished by an earlier run\n`;
  if (event.kind === "split")
    return `split ${event.key} (${window}): more rows than --max-window-rows, exported as two halves\n`;
  if (event.kind === "oversized")
    return `note ${event.key} (${window}): more than ${event.maxWindowRows} rows in one second, written whole\n`;
  return `failed ${event.key} (${window}): ${event.error.message}\n`;
}

async function main(): Promise<number> {
  let command: CommandLine;
  try {
    command = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    fail(`${(error as Error).message}\nRun ${COMMAND} --help for the options.`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  let sink: Awaited<ReturnType<typeof openFileSink>>;
  try {
    sink = await openFileSink({
      dir: command.out,
      workflowId: command.workflowId,
      format: command.format,
    });
  } catch (error) {
    fail(`--out: cannot use ${command.out}: ${(error as Error).message}`);
    return 2;
  }
  let summary: ExportSummary;
  try {
    summary = await exportSourceData({
      client: createClient({ token: command.token, baseUrl: command.baseUrl }),
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
      sink,
      onUnit: (event) =>
        event.kind === "failed"
          ? process.stderr.write(lineOf(event))
          : process.stdout.write(lineOf(event)),
    });
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    fail(error.message);
    return 2;
  }
  process.stdout.write(
    `${summary.units} units: ${summary.written} written (${summary.rows} rows), ${summary.skipped} skipped, ${summary.failures.length} failed\n`,
  );
  for (const { unit, error } of summary.failures)
    fail(
      `step ${unit.stepIndex} ${unit.target} ${unit.window.start.toISOString()}/${unit.window.end.toISOString()} failed: ${error.message}`,
    );
  return summary.failures.length === 0 ? 0 : 1;
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

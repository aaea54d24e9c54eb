// The giosg-reporting-export command: a thin shell over exportWorkflow and the file sink, one log line per unit.
import { createClient } from "@giosg-reporting/client";
import { exportWorkflow, type UnitEvent } from "../export";
import { ExportError } from "../export-error";
import { openFileSink } from "../sink/file-sink";
import { openPostgresSink } from "../sink/postgres-sink";
import type { ExportSink } from "../sink/sink";
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
  let sink: ExportSink;
  const { destination } = command;
  try {
    sink =
      destination.kind === "files"
        ? await openFileSink({
            dir: destination.out,
            workflowId: command.workflowId,
            format: destination.format,
          })
        : await openPostgresSink({ ...destination, workflowId: command.workflowId });
  } catch (error) {
    // The PostgreSQL sink's errors name their option and never hold the password.
    if (error instanceof ExportError) fail(error.message);
    else if (destination.kind === "files")
      fail(`--out: cannot use ${destination.out}: ${(error as Error).message}`);
    else fail(`--postgres: ${(error as Error).message}`);
    return 2;
  }
  const summary = await exportWorkflow({
    client: createClient({ token: command.token, baseUrl: command.baseUrl }),
    organizationId: command.organizationId,
    workflowId: command.workflowId,
    interval: command.interval,
    steps: command.steps,
    targets: command.targets,
    window: command.window,
    sink,
    onUnit: (event) =>
      event.kind === "failed"
        ? process.stderr.write(lineOf(event))
        : process.stdout.write(lineOf(event)),
  });
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

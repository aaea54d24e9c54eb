// The giosg-reporting-check command: a thin shell over runConformanceCheck that writes its outputs, redacted.
import { writeFile } from "node:fs/promises";
import { formatSummary } from "../format-summary";
import { toJUnit } from "../junit";
import { redactor } from "../redact";
import { exitCodeOf, runConformanceCheck, TOOL } from "../run";
import { CheckRunError } from "../run-error";
import { type CommandLine, parseCommandLine } from "./args";
import { HELP } from "./help";

const COMMAND = "giosg-reporting-check";

/** Every token the command line or the environment may carry, known before anything is read or written. */
function tokensGiven(argv: readonly string[]): (string | undefined)[] {
  const given = argv.flatMap((arg, i) =>
    arg === "--token" ? [argv[i + 1]] : arg.startsWith("--token=") ? [arg.slice(8)] : [],
  );
  return [process.env.GIOSG_TOKEN, ...given];
}

// The one redaction every string this command writes goes through.
const redact = redactor(tokensGiven(process.argv.slice(2)));
const out = (text: string) => process.stdout.write(redact(text));
const fail = (text: string) => process.stderr.write(redact(`${COMMAND}: ${text}\n`));

async function main(): Promise<number> {
  let command: CommandLine;
  try {
    command = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    fail(`${(error as Error).message}\nRun ${COMMAND} --help for the options.`);
    return 2;
  }
  if (command.kind !== "run") {
    out(command.kind === "help" ? HELP : `${TOOL.version}\n`);
    return 0;
  }
  let report: Awaited<ReturnType<typeof runConformanceCheck>>;
  try {
    report = await runConformanceCheck(command.options);
  } catch (error) {
    if (error instanceof CheckRunError && error.kind === "usage")
      fail(`${error.message}\nRun ${COMMAND} --help for the options.`);
    else fail(`the run could not be made: ${(error as Error).message}`);
    return 2;
  }
  out(formatSummary(report, { quiet: command.quiet }));
  try {
    if (command.report)
      await writeFile(command.report, redact(`${JSON.stringify(report, null, 2)}\n`));
    if (command.junit) await writeFile(command.junit, redact(toJUnit(report)));
  } catch (error) {
    fail(`could not write the report: ${(error as Error).message}`);
    return 2;
  }
  return exitCodeOf(report, { allowSkips: command.allowSkips });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    fail(String(error));
    process.exitCode = 2;
  },
);

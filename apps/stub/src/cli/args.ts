import { parseArgs } from "node:util";

/** What the command line asks for. */
export interface StubCommand {
  readonly help: boolean;
  readonly version: boolean;
  readonly port: number;
  readonly host: string;
  readonly seed: number | undefined;
  readonly sessionsPerDay: number | undefined;
  readonly data: string | undefined;
  readonly workflows: string | undefined;
  readonly tokens: string | undefined;
  readonly latencyMs: number;
  readonly admin: boolean;
  readonly maxBodyBytes: number | undefined;
  readonly quiet: boolean;
  readonly corsOrigins: "*" | string[] | undefined;
}

/** A command line that cannot be run; the message says which flag and why. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The `--help` text. */
export const HELP = `Usage: giosg-reporting-stub [options]

A stub of giosg's Workflow step source data API that answers from its dataset with the API's
semantics (filters, interval, step_data, target, limit, basic, errors). By default it serves the
fixtures' seeded dataset (two organizations, a workflow of every type, Nov 2022 – Apr 2023).

Options:
  --port <n>              port to listen on (default 4010; 0 picks a free one)
  --host <host>           interface to listen on (default 127.0.0.1)
  --seed <n>              seed of the embedded dataset (default 42)
  --sessions-per-day <n>  volume of the embedded dataset (default 240, about 122,000 events)
  --data <file>           serve these events instead: NDJSON of advanced rows (needs --workflows)
  --workflows <file>      the organizations and workflows of --data, as JSON
                          (giosg-reporting-fixtures --workflows writes one)
  --tokens <file>         accepted tokens, JSON: {"tokens":[{"token","organizations","subscription","reporting"}]}
  --latency <ms>          milliseconds added before every API answer (default 0)
  --admin                 serve the scenario control under /__stub/ (latency, failures, drops, reset)
  --max-body <bytes>      largest request body accepted (default 1048576); larger gets 413
  --cors <origins>        allow browsers on these origins (comma-separated, or *); CORS is off by default
  --quiet                 no line per request
  --version               print the version
  --help                  print this help

Examples:
  giosg-reporting-stub
  giosg-reporting-stub --port 0 --admin --latency 50
  giosg-reporting-fixtures --out events.ndjson --workflows workflows.json && \\
    giosg-reporting-stub --data events.ndjson --workflows workflows.json
`;

function whole(
  flag: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag}: must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Parses the command line; throws a {@link UsageError} naming the failing flag. */
export function parseStubCommandLine(argv: readonly string[]): StubCommand {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((values.data === undefined) !== (values.workflows === undefined)) {
    throw new UsageError("--data and --workflows go together: the events and their workflows");
  }
  if (
    values.data !== undefined &&
    (values.seed !== undefined || values["sessions-per-day"] !== undefined)
  ) {
    throw new UsageError(
      "--seed and --sessions-per-day shape the embedded dataset; they do not apply to --data",
    );
  }
  const sessionsPerDay = values["sessions-per-day"];
  if (sessionsPerDay !== undefined && !(Number(sessionsPerDay) > 0)) {
    throw new UsageError(`--sessions-per-day: must be a positive number, got "${sessionsPerDay}"`);
  }
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    port: whole("port", values.port, 0, 65_535) ?? 4010,
    host: values.host ?? "127.0.0.1",
    seed: whole("seed", values.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    sessionsPerDay: sessionsPerDay === undefined ? undefined : Number(sessionsPerDay),
    data: values.data,
    workflows: values.workflows,
    tokens: values.tokens,
    latencyMs: whole("latency", values.latency, 0, 600_000) ?? 0,
    admin: values.admin ?? false,
    maxBodyBytes: whole("max-body", values["max-body"], 1, 1024 ** 3),
    quiet: values.quiet ?? false,
    corsOrigins:
      values.cors === undefined
        ? undefined
        : values.cors.trim() === "*"
          ? "*"
          : values.cors
              .split(",")
              .map((origin) => origin.trim())
              .filter((origin) => origin !== ""),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      seed: { type: "string" },
      "sessions-per-day": { type: "string" },
      data: { type: "string" },
      workflows: { type: "string" },
      tokens: { type: "string" },
      latency: { type: "string" },
      admin: { type: "boolean" },
      "max-body": { type: "string" },
      cors: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      version: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

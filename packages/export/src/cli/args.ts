// Reads the command line into an export's options; a usage error names the flag at fault.
import { parseArgs } from "node:util";
import type { Target } from "@giosg-reporting/client";
import { targetSchema, uuidSchema } from "@giosg-reporting/contract";
import { ExportError } from "../export-error";
import { DEFAULT_MAX_WINDOW_ROWS } from "../export-options";
import {
  type ExportInterval,
  parseDuration,
  parseExportInterval,
  parseWindow,
} from "../plan/windows";
import { MAX_CONCURRENCY } from "../run/pool";
import type { FileFormat } from "../sink/file-sink";
import { parseTableName } from "../sink/postgres/table";

/** Where an export writes: files under a folder, or a PostgreSQL table. */
export type Destination =
  | {
      readonly kind: "files";
      readonly out: string;
      readonly format: FileFormat;
      /** False with --buffered-writes: through the page cache, not O_DIRECT. */
      readonly directWrites: boolean;
    }
  | { readonly kind: "postgres"; readonly connectionString: string; readonly table?: string };

/** The environment variable that may hold the connection string, out of `ps`. */
export const POSTGRES_ENV = "GIOSG_EXPORT_POSTGRES";

/** What the command line asks for: the help, or an export. */
export type CommandLine =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | {
      readonly kind: "run";
      readonly token: string;
      readonly baseUrl: string;
      readonly organizationId: string;
      readonly workflowId: string;
      readonly interval: ExportInterval;
      readonly steps: readonly number[] | "all";
      readonly targets: readonly Target[];
      readonly window: string;
      readonly destination: Destination;
      readonly maxWindowRows: number;
      readonly incremental: boolean;
      readonly settle: string | undefined;
      readonly concurrency: number;
    };

const OPTIONS = {
  organization: { type: "string" },
  workflow: { type: "string" },
  interval: { type: "string" },
  steps: { type: "string" },
  targets: { type: "string" },
  window: { type: "string" },
  "base-url": { type: "string" },
  out: { type: "string" },
  format: { type: "string" },
  postgres: { type: "string" },
  table: { type: "string" },
  "max-window-rows": { type: "string" },
  incremental: { type: "boolean" },
  "buffered-writes": { type: "boolean" },
  settle: { type: "string" },
  concurrency: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** The targets the contract names. */
const TARGETS: readonly Target[] = targetSchema.options;

const usage = (flag: string, message: string) => new ExportError(flag, message);

function list(flag: string, text: string): string[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.some((item) => item === ""))
    throw usage(flag, `must be a comma-separated list, got "${text}"`);
  return [...new Set(items)];
}

/** Reads `--out`, `--format` and `--buffered-writes`, or `--postgres` (or GIOSG_EXPORT_POSTGRES) and `--table`: exactly one destination. */
function destinationOf(
  out: string | undefined,
  format: string | undefined,
  buffered: boolean,
  postgres: string | undefined,
  table: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Destination {
  if (out !== undefined && postgres !== undefined)
    throw usage("--postgres", "and --out exclude each other: write to files or to PostgreSQL");
  if (out !== undefined) {
    if (out === "") throw usage("--out", "must name a folder");
    if (table !== undefined) throw usage("--table", "goes with --postgres, not --out");
    const chosen = format ?? "ndjson";
    if (chosen !== "ndjson" && chosen !== "csv")
      throw usage("--format", `must be ndjson or csv, got "${chosen}"`);
    return { kind: "files", out, format: chosen, directWrites: !buffered };
  }
  if (buffered) throw usage("--buffered-writes", "goes with --out, not --postgres");
  const connectionString = postgres ?? env[POSTGRES_ENV];
  if (connectionString === undefined || connectionString === "")
    throw usage(
      "--out",
      `or --postgres is required: --out <dir> for files, --postgres <connection string> (or ${POSTGRES_ENV}) for PostgreSQL`,
    );
  if (format !== undefined) throw usage("--format", "goes with --out, not --postgres");
  if (table !== undefined) parseTableName(table);
  return table === undefined
    ? { kind: "postgres", connectionString }
    : { kind: "postgres", connectionString, table };
}

/** Parses `argv` (without node and the script) with `env` for `GIOSG_TOKEN` and `GIOSG_EXPORT_POSTGRES`. */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CommandLine {
  // Lenient tokens, then every one checked here, so that each message names its flag.
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | true> = {};
  // After `--` (which pnpm passes on from `pnpm exec … -- …`) every flag is taken for an argument.
  let ended = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") {
      ended = true;
      continue;
    }
    if (token.kind === "positional")
      throw ended
        ? usage("--", "ends the options, so the arguments after it are not read: leave out the --")
        : usage(
            `argument ${token.index + 1}`,
            "unexpected: every value follows its option's flag, such as --out <dir>",
          );
    const spec = Object.hasOwn(OPTIONS, token.name)
      ? OPTIONS[token.name as keyof typeof OPTIONS]
      : undefined;
    if (!spec) throw usage(token.rawName, "unknown option");
    if (spec.type === "boolean") {
      if (token.value !== undefined)
        throw usage(token.rawName, `takes no value, got "${token.value}"`);
      values[token.name] = true;
      continue;
    }
    const { value } = token;
    if (value === undefined || (!token.inlineValue && value.startsWith("--")))
      throw usage(token.rawName, `needs a value, as in ${token.rawName} <value>`);
    values[token.name] = value;
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const text = (name: keyof typeof OPTIONS) => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const uuid = (flag: "organization" | "workflow") => {
    const value = text(flag);
    if (value === undefined) throw usage(`--${flag}`, `is required (the ${flag}'s UUID)`);
    const uuid = uuidSchema.safeParse(value);
    if (!uuid.success) throw usage(`--${flag}`, `must be a UUID, got "${value}"`);
    return uuid.data;
  };
  const organizationId = uuid("organization");
  const workflowId = uuid("workflow");
  const intervalText = text("interval");
  if (intervalText === undefined)
    throw usage("--interval", "is required, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z");
  const interval = parseExportInterval(intervalText);
  const stepsText = text("steps") ?? "1";
  const steps =
    stepsText === "all"
      ? "all"
      : list("--steps", stepsText).map((step) => {
          if (!/^[1-9]\d{0,5}$/.test(step))
            throw usage("--steps", `each step is a whole number, 1 or more, or all, got "${step}"`);
          return Number(step);
        });
  const whole = (flag: string, value: string, min: number, max: number) => {
    if (!/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max)
      throw usage(flag, `must be a whole number from ${min} to ${max}, got "${value}"`);
    return Number(value);
  };
  const maxWindowRows = whole(
    "--max-window-rows",
    text("max-window-rows") ?? String(DEFAULT_MAX_WINDOW_ROWS),
    0,
    Number.MAX_SAFE_INTEGER,
  );
  const concurrency = whole("--concurrency", text("concurrency") ?? "2", 1, MAX_CONCURRENCY);
  const settle = text("settle");
  if (settle !== undefined) {
    parseDuration(settle);
    if (interval.end !== "now") throw usage("--settle", "applies only to --interval <start>/now");
  }
  const targets = list("--targets", text("targets") ?? "default").map((target) => {
    if (!TARGETS.includes(target as Target))
      throw usage("--targets", `each target is default or triggered_goal, got "${target}"`);
    return target as Target;
  });
  const window = text("window") ?? "1d";
  parseWindow(window);
  const baseUrl = text("base-url") ?? "https://api.giosg.com";
  if (!/^https?:\/\/[^/]/.test(baseUrl))
    throw usage("--base-url", `must be an http(s) URL, got "${baseUrl}"`);
  const destination = destinationOf(
    text("out"),
    text("format"),
    values["buffered-writes"] === true,
    text("postgres"),
    text("table"),
    env,
  );
  const token = env.GIOSG_TOKEN;
  if (!token)
    throw usage(
      "GIOSG_TOKEN",
      "is required: set the API token in the environment (it stays out of ps)",
    );
  return {
    kind: "run",
    token,
    baseUrl,
    organizationId,
    workflowId,
    interval,
    steps,
    targets,
    window,
    destination,
    maxWindowRows,
    incremental: values.incremental === true,
    settle,
    concurrency,
  };
}

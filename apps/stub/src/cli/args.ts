import { DEFAULT_SEED } from "@giosg-reporting/fixtures";
import {
  type OptionSpec,
  parseArguments,
  positiveNumberOption,
  UsageError,
  wholeNumberOption,
} from "@giosg-reporting/fixtures/command-line";
import { MAX_JOURNAL_LIMIT } from "../http/admin/journal";
import { JOURNAL_ROUTES } from "../http/admin/journal-routes";
import { ADMIN_ROUTES } from "../http/admin/scenario";
import { corsOriginProblem } from "../http/security/cors-origins";
import {
  DEFAULT_CONNECTION_BOUNDS,
  MAX_LINGERING_BYTES,
  MAX_TIMEOUT_MS,
} from "../http/transport/connection-bounds";

/** What the command line asks for. */
export interface StubCommand {
  readonly help: boolean;
  readonly version: boolean;
  /** `--list`: print the organizations and workflows served, and the time covered, then exit. */
  readonly list: boolean;
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
  readonly journalLimit: number | undefined;
  readonly quiet: boolean;
  readonly corsOrigins: "*" | string[] | undefined;
  readonly headersTimeoutMs: number | undefined;
  readonly requestTimeoutMs: number | undefined;
  readonly keepAliveTimeoutMs: number | undefined;
  readonly writeTimeoutMs: number | undefined;
  readonly maxConnections: number | undefined;
  readonly lingeringTimeMs: number | undefined;
  readonly lingeringBytes: number | undefined;
  /** `--record`: the folder a recording proxy writes (with `upstream`). */
  readonly record: string | undefined;
  /** `--upstream`: the API the recording proxy forwards to. */
  readonly upstream: string | undefined;
  /** `--max-bytes`: the most bytes of rows the recorder writes to its folder (0: no bound). */
  readonly maxRecordingBytes: number | undefined;
  /** `--upstream-timeout`: the longest the recorder's upstream may be silent, in ms (0: no bound). */
  readonly upstreamTimeoutMs: number | undefined;
}

/** The admin routes, one line each (method, path, effect), as the help and the banner list them. */
export function adminRouteLines(indent: string): string[] {
  const routes = [...ADMIN_ROUTES, ...JOURNAL_ROUTES];
  const width = Math.max(...routes.map(({ path }) => path.length));
  return routes.map(
    ({ method, path, effect }) => `${indent}${method.padEnd(6)} ${path.padEnd(width)}  ${effect}`,
  );
}

/** The `--help` text. */
export const HELP = `Usage: giosg-reporting-stub [options]

A stub of giosg's Workflow step source data API that answers from its dataset with the API's
semantics (filters, interval, step_data, target, limit, basic, errors). By default it serves the
fixtures' seeded dataset (two organizations, a workflow of every type, Nov 2022 – Apr 2023).

Options:
  --port <n>              port to listen on (default 4010; 0 picks a free one)
  --host <host>           interface to listen on (default 127.0.0.1)
  --seed <n>              seed of the embedded dataset (default ${DEFAULT_SEED})
  --sessions-per-day <n>  volume of the embedded dataset (default 240, about 123,000 events)
  --data <file>           serve these events instead: NDJSON of advanced rows (needs --workflows)
  --workflows <file>      the organizations and workflows of --data, as JSON
                          (giosg-reporting-fixtures --workflows writes one)
  --tokens <file>         accepted tokens, JSON: {"tokens":[{"token","organizations","subscription","reporting"}]}
                          (each token once; "secret": true and a "name" keep a token out of the output)
  --latency <ms>          milliseconds added before every API answer (default 0)
  --admin                 serve the scenario control (below) under /__stub/
  --max-body <bytes>      largest request body accepted (default 1048576); larger gets 413
  --journal-limit <n>     API requests the journal keeps for --admin, the last ones (default 1000; 0: none)
  --cors <origins>        allow browsers on these origins, each scheme://host[:port] exactly
                          (comma-separated, or *); CORS is off by default; a page on
                          another origin is named once in the output
  --headers-timeout <ms>  time a client has to send a request's headers (default ${DEFAULT_CONNECTION_BOUNDS.headersTimeoutMs}); then 408
  --request-timeout <ms>  time a client has to send a whole request (default ${DEFAULT_CONNECTION_BOUNDS.requestTimeoutMs}); then 408
  --keep-alive-timeout <ms>
                          time an idle connection stays open between requests (default ${DEFAULT_CONNECTION_BOUNDS.keepAliveTimeoutMs})
  --write-timeout <ms>    time an answer waits on a client that reads none of it before its
                          connection is closed (default ${DEFAULT_CONNECTION_BOUNDS.writeTimeoutMs})
  --max-connections <n>   connections open at once (default ${DEFAULT_CONNECTION_BOUNDS.maxConnections}); one more gets 503
  --lingering-time <ms>   time a connection answered before its request body ended (a 413) reads
                          and drops the rest, so the client reads its answer (default ${DEFAULT_CONNECTION_BOUNDS.lingeringTimeMs})
  --lingering-bytes <n>   bytes of that body read and dropped at most (default ${DEFAULT_CONNECTION_BOUNDS.lingeringBytes})
                          (0 turns any of these seven bounds off)
  --record <dir>          record instead of serving: forward every request to --upstream with
                          the caller's own Authorization, relay and check each answer against
                          the contract, and keep the advanced rows seen in <dir> (events.ndjson,
                          workflows.json: replay them with --data and --workflows)
  --upstream <url>        the API --record forwards to, e.g. https://api.giosg.com (https, or
                          http on a loopback address); no other host, no redirect followed
  --max-bytes <bytes>     most bytes of rows --record writes to <dir> (default 1073741824,
                          1 GiB; 0: no bound); beyond, answers are relayed, not recorded
  --upstream-timeout <ms> longest the --upstream may be silent, before its answer (then 504
                          upstream_timeout) or between two chunks of it (then the answer is
                          cut) (default 60000; 0: no bound)
  --list                  print the organizations and workflows served (ids, types, steps,
                          names) and the time their events cover, then exit; with --data, those
                          of the files (a recording's, say)
  --quiet                 no line per request
  --version               print the version
  --help                  print this help

Scenario control (with --admin; POST bodies are JSON, see the package README):
${adminRouteLines("  ").join("\n")}

Examples:
  giosg-reporting-stub
  giosg-reporting-stub --port 0 --admin --latency 50
  giosg-reporting-stub --list
  giosg-reporting-fixtures --out events.ndjson --workflows workflows.json && \\
    giosg-reporting-stub --data events.ndjson --workflows workflows.json
  giosg-reporting-stub --record recording --upstream https://api.giosg.com
  giosg-reporting-stub --data recording/events.ndjson --workflows recording/workflows.json
`;

const OPTIONS = {
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
  "journal-limit": { type: "string" },
  cors: { type: "string" },
  "headers-timeout": { type: "string" },
  "request-timeout": { type: "string" },
  "keep-alive-timeout": { type: "string" },
  "write-timeout": { type: "string" },
  "max-connections": { type: "string" },
  "lingering-time": { type: "string" },
  "lingering-bytes": { type: "string" },
  record: { type: "string" },
  upstream: { type: "string" },
  "max-bytes": { type: "string" },
  "upstream-timeout": { type: "string" },
  list: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  version: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, OptionSpec>;

/** `--cors`: `*` alone, or origins exactly as browsers send them; refuses any that could never match. */
function corsOriginsOption(text: string): "*" | string[] {
  const origins = text
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  if (origins.length === 1 && origins[0] === "*") return "*";
  if (origins.length === 0) throw new UsageError("--cors", "names no origin; give origins or *");
  if (origins.includes("*"))
    throw new UsageError("--cors", `* stands alone (every origin), got "${text}"`);
  for (const origin of origins) {
    const problem = corsOriginProblem(origin);
    if (problem !== undefined) throw new UsageError("--cors", problem);
  }
  return origins;
}

/** Flags that shape the data served: a recorder serves none (it forwards). */
const SERVING_FLAGS = [
  "data",
  "workflows",
  "seed",
  "sessions-per-day",
  "tokens",
  "admin",
  "latency",
] as const;

/** `--upstream`: an absolute https URL, or http on a loopback address (a token never crosses a network in clear). */
function upstreamOption(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      "--upstream",
      `must be an absolute URL such as https://api.giosg.com, got "${text}"`,
    );
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback))
    throw new UsageError(
      "--upstream",
      `must be https (or http on a loopback address): tokens pass through it, got "${text}"`,
    );
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
    throw new UsageError("--upstream", `takes no query, fragment or credentials, got "${text}"`);
  return url.href;
}

/** Flags of the recorder only. */
const RECORDING_FLAGS = ["max-bytes", "upstream-timeout"] as const;

/** `--record` and `--upstream` go together, and with no flag of the data served. */
function recordOptions(values: Record<string, unknown>): { record?: string; upstream?: string } {
  const { record, upstream } = values as { record?: string; upstream?: string };
  if (record === undefined)
    for (const flag of RECORDING_FLAGS)
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag}`, "applies to --record only: the stub records nothing");
  if (record === undefined && upstream === undefined) return {};
  if (record === undefined)
    throw new UsageError("--upstream", "goes with --record <dir>: where the rows seen are kept");
  if (upstream === undefined)
    throw new UsageError("--record", "needs --upstream <url>: the API to forward to");
  for (const flag of SERVING_FLAGS)
    if (values[flag] !== undefined)
      throw new UsageError(
        `--${flag}`,
        "does not apply to --record: the recorder forwards, it serves no data",
      );
  if (values.list !== undefined)
    throw new UsageError("--list", "does not apply to --record: the recorder serves no data");
  if (record === "") throw new UsageError("--record", "names no folder");
  return { record, upstream: upstreamOption(upstream) };
}

/** Parses the command line; throws a {@link UsageError} naming the failing flag. */
export function parseStubCommandLine(argv: readonly string[]): StubCommand {
  const values = parseArguments(argv, OPTIONS);
  const { record, upstream } = recordOptions(values);
  if (values.data !== undefined && values.workflows === undefined) {
    throw new UsageError(
      "--data",
      "needs --workflows <file>: the organizations and workflows of its events",
    );
  }
  if (values.workflows !== undefined && values.data === undefined) {
    throw new UsageError("--workflows", "goes with --data <file>: the events of these workflows");
  }
  if (values.data !== undefined) {
    const flag = values.seed !== undefined ? "--seed" : "--sessions-per-day";
    if (values.seed !== undefined || values["sessions-per-day"] !== undefined)
      throw new UsageError(flag, "shapes the embedded dataset; it does not apply to --data");
  }
  const timeout = (flag: string, text: string | undefined) =>
    wholeNumberOption(flag, text, { min: 0, max: MAX_TIMEOUT_MS });
  const headersTimeoutMs = timeout("--headers-timeout", values["headers-timeout"]);
  const requestTimeoutMs = timeout("--request-timeout", values["request-timeout"]);
  const requestBound = requestTimeoutMs ?? DEFAULT_CONNECTION_BOUNDS.requestTimeoutMs;
  if (headersTimeoutMs !== undefined && requestBound > 0 && headersTimeoutMs > requestBound) {
    throw new UsageError(
      "--headers-timeout",
      `must be at most --request-timeout (${requestBound}), got "${headersTimeoutMs}"`,
    );
  }
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    list: values.list ?? false,
    port: wholeNumberOption("--port", values.port, { min: 0, max: 65_535 }) ?? 4010,
    host: values.host ?? "127.0.0.1",
    seed: wholeNumberOption("--seed", values.seed),
    sessionsPerDay: positiveNumberOption("--sessions-per-day", values["sessions-per-day"], {
      max: 10_000_000,
    }),
    data: values.data,
    workflows: values.workflows,
    tokens: values.tokens,
    latencyMs: wholeNumberOption("--latency", values.latency, { min: 0, max: 600_000 }) ?? 0,
    admin: values.admin ?? false,
    maxBodyBytes: wholeNumberOption("--max-body", values["max-body"], { min: 1, max: 1024 ** 3 }),
    journalLimit: wholeNumberOption("--journal-limit", values["journal-limit"], {
      min: 0,
      max: MAX_JOURNAL_LIMIT,
    }),
    quiet: values.quiet ?? false,
    corsOrigins: values.cors === undefined ? undefined : corsOriginsOption(values.cors),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: timeout("--keep-alive-timeout", values["keep-alive-timeout"]),
    writeTimeoutMs: timeout("--write-timeout", values["write-timeout"]),
    maxConnections: wholeNumberOption("--max-connections", values["max-connections"], {
      min: 0,
      max: 1_000_000,
    }),
    lingeringTimeMs: timeout("--lingering-time", values["lingering-time"]),
    lingeringBytes: wholeNumberOption("--lingering-bytes", values["lingering-bytes"], {
      min: 0,
      max: MAX_LINGERING_BYTES,
    }),
    record,
    upstream,
    maxRecordingBytes: wholeNumberOption("--max-bytes", values["max-bytes"], { min: 0 }),
    upstreamTimeoutMs: timeout("--upstream-timeout", values["upstream-timeout"]),
  };
}

// The stub's command: reads the arguments, builds the source, listens, and prints the banner once the data is held.
import { createRequire } from "node:module";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { reportError } from "@giosg-reporting/fixtures/command-line";
import type { EventSource } from "../data/event-source";
import { fileSource } from "../data/file/file-source";
import { warmingFixtureSource } from "../data/fixtures/fixture-source";
import { WarmingSource } from "../data/fixtures/warming-source";
import { MemorySource } from "../data/memory/memory-source";
import { ADMIN_BASE_PATH } from "../http/admin/scenario";
import type { TokenGrant } from "../http/security/tokens";
import { readTokensFile } from "../http/security/tokens-file";
import {
  type ConnectionBounds,
  DEFAULT_CONNECTION_BOUNDS,
} from "../http/transport/connection-bounds";
import { recordingCoverageBeside } from "../record/coverage-file";
import { startStub } from "../server";
import { adminExposureWarning } from "./admin-exposure";
import { adminRouteLines, HELP, parseStubCommandLine, type StubCommand } from "./args";
import { listing } from "./list";
import { runRecorder } from "./record-main";

const BIN = "giosg-reporting-stub";
const BOUND_NAMES = Object.keys(DEFAULT_CONNECTION_BOUNDS) as (keyof ConnectionBounds)[];

/** The package's version, read beside the built bin (dist/cli.js → package.json). */
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** A count as `toLocaleString("en")` writes it (`123,037`), without loading the locale's data for whole numbers. */
const grouped = (count: number) =>
  Number.isInteger(count)
    ? String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",")
    : count.toLocaleString("en");

/** The source once every answer is read from memory: a warming dataset once warmed, else itself. */
const held = (source: EventSource) =>
  source instanceof WarmingSource ? source.warm() : Promise.resolve(source);

/** A dataset's bound as a day when it falls at midnight UTC, else in full. */
const bound = (iso: string) => iso.replace(/T00:00:00(?:\.000)?(?:Z|\+00:00)$/, "");

/** What the stub serves, in one line: the dataset in force (seed, volume, range), or the files. */
function dataLine(command: StubCommand, source: EventSource): string {
  const { dataset } = source;
  const size = source instanceof MemorySource ? `, ${grouped(source.size)} events` : "";
  if (dataset === undefined) return `${command.data} (workflows: ${command.workflows})${size}`;
  const volume = `${grouped(dataset.sessionsPerDay)} sessions a day`;
  const range = `from ${bound(dataset.start)} to ${bound(dataset.end)} (excluded)`;
  return `fixtures dataset, seed ${dataset.seed}, ${volume}, ${range}${size}`;
}

/** The CORS origins in force, for the banner: none when CORS is off. */
function corsLines(origins: StubCommand["corsOrigins"]): string[] {
  if (origins === undefined) return [];
  const allowed = origins === "*" ? "* (any origin)" : origins.join(", ");
  return [`  cors:    ${allowed} (pages there may call the API, never ${ADMIN_BASE_PATH}/)`];
}

function banner(
  url: string,
  command: StubCommand,
  source: EventSource,
  tokens: readonly Pick<TokenGrant, "token" | "name" | "secret" | "description">[],
): string {
  const endpoint = `${url}/api/reporting/workflow/v1/orgs/${EXAMPLE_ORGANIZATION_ID}/workflows/${EXAMPLE_WORKFLOW_ID}/step/1`;
  const lines = [
    `giosg-reporting-stub ${version} listening on ${url}`,
    `  data:    ${dataLine(command, source)}`,
    `  docs:    ${url}/docs   (OpenAPI: ${url}/openapi.json, health: ${url}/healthz)`,
    ...(command.admin ? [`  admin:   ${url}${ADMIN_BASE_PATH}/`, ...adminRouteLines("    ")] : []),
    ...(command.latencyMs > 0 ? [`  latency: ${command.latencyMs} ms`] : []),
    ...corsLines(command.corsOrigins),
    "  tokens (Authorization: Token <token> or Bearer <token>):",
    // A secret token is shown by its name only, bracketed so that it is not taken for a token.
    ...tokens.map(({ token, name, secret, description }) =>
      `    ${(secret ? `[secret ${name}]` : token).padEnd(24)} ${description ?? ""}`.trimEnd(),
    ),
    "",
    "Try the documentation's example:",
    `  curl -s -X POST '${endpoint}' \\`,
    `    -H 'Authorization: Token ${tokens.find(({ secret }) => !secret)?.token ?? "<token>"}' -H 'Content-Type: application/json' \\`,
    `    -d '${JSON.stringify(basicRequestExample.body)}'`,
    "Every organization and workflow id served: add --list to this command.",
    "",
  ];
  return lines.join("\n");
}

/** The connection bounds given on the command line; the others keep their defaults. */
function boundsOf(command: StubCommand): ConnectionBounds {
  const bounds: { -readonly [Name in keyof ConnectionBounds]: number } = {};
  for (const name of BOUND_NAMES) {
    const value = command[name];
    if (value !== undefined) bounds[name] = value;
  }
  return bounds;
}

async function main(argv: readonly string[]): Promise<void> {
  const command = parseStubCommandLine(argv);
  if (command.help) {
    process.stdout.write(HELP);
    return;
  }
  if (command.version) {
    process.stdout.write(`${version}\n`);
    return;
  }
  const { record, upstream } = command;
  if (record !== undefined && upstream !== undefined) {
    await runRecorder({ ...command, record, upstream }, version);
    return;
  }
  // Before anything else can fail or take time: whoever starts it sees this first.
  const exposure = command.admin && !command.list ? adminExposureWarning(command.host) : undefined;
  if (exposure !== undefined) process.stderr.write(exposure);
  const tokens = command.tokens === undefined ? undefined : readTokensFile(command.tokens);
  const source =
    command.data !== undefined && command.workflows !== undefined
      ? await fileSource(command.data, command.workflows)
      : warmingFixtureSource({
          ...(command.seed === undefined ? {} : { seed: command.seed }),
          ...(command.sessionsPerDay === undefined
            ? {}
            : { sessionsPerDay: command.sessionsPerDay }),
        });
  if (command.list) {
    const listed = await held(source);
    process.stdout.write(listing(listed, dataLine(command, listed)));
    return;
  }
  const recordingCoverage =
    command.data === undefined ? undefined : recordingCoverageBeside(command.data);
  const stub = await startStub({
    source,
    ...(recordingCoverage === undefined ? {} : { recordingCoverage }),
    port: command.port,
    host: command.host,
    latencyMs: command.latencyMs,
    admin: command.admin,
    ...(tokens === undefined ? {} : { tokens }),
    ...(command.maxBodyBytes === undefined ? {} : { maxBodyBytes: command.maxBodyBytes }),
    // Only the admin routes read the journal: without them, nothing is kept (nor made) for it.
    ...(command.admin
      ? command.journalLimit === undefined
        ? {}
        : { journalLimit: command.journalLimit }
      : { journalLimit: 0 }),
    ...boundsOf(command),
    ...(command.corsOrigins === undefined ? {} : { corsOrigins: command.corsOrigins }),
    ...(command.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
  });
  // Stopping is not a failure: exit 0 once closed. A second signal (a terminal's Ctrl-C reaches both
  // this process and a wrapper that forwards it) must not kill the process half-way.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Only now is a warming dataset's worker started: a failure to listen leaves no build behind, and the
  // worker takes no time from the start. /healthz and the answers do not wait for it (meanwhile each
  // query's events are generated, the same answers); the banner, with the number of events, does.
  // Tables that cannot be held end the command, as they did before it listened.
  const served = await held(stub.source).catch(async (error: unknown) => {
    await stub.close();
    throw error;
  });
  process.stdout.write(banner(stub.url, command, served, stub.tokens));
  if (recordingCoverage !== undefined)
    process.stdout.write(
      "A recording (recording.json beside the data): each answer says in X-Stub-Recording-Coverage whether the recording covers it (complete, partial, none); each window it does not cover is warned of once.\n",
    );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    const port = /:(\d+)$/.exec((error as Error).message)?.[1] ?? "the port";
    reportError(
      BIN,
      new Error(`--port: ${port} is already in use; try another, or --port 0 for a free one`),
    );
    return;
  }
  reportError(BIN, error);
});

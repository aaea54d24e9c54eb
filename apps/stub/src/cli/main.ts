import { createRequire } from "node:module";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { DataFileError, fileSource } from "../data/file-source";
import { fixtureSource } from "../data/fixture-source";
import { readTokensFile, TokensError } from "../http/tokens";
import { startStub } from "../server";
import { HELP, parseStubCommandLine, type StubCommand, UsageError } from "./args";

/** The package's version, read beside the built bin (dist/cli.js → package.json). */
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

function banner(
  url: string,
  command: StubCommand,
  tokens: readonly { token: string; description?: string | undefined }[],
): string {
  const endpoint = `${url}/api/reporting/workflow/v1/orgs/${EXAMPLE_ORGANIZATION_ID}/workflows/${EXAMPLE_WORKFLOW_ID}/step/1`;
  const lines = [
    `giosg-reporting-stub ${version} listening on ${url}`,
    `  data:    ${command.data ? `${command.data} (workflows: ${command.workflows})` : `embedded fixtures dataset, seed ${command.seed ?? 42}`}`,
    `  docs:    ${url}/docs   (OpenAPI: ${url}/openapi.json, health: ${url}/healthz)`,
    ...(command.admin
      ? [`  admin:   ${url}/__stub/scenario (POST /__stub/latency, /fail, /drop, /reset)`]
      : []),
    ...(command.latencyMs > 0 ? [`  latency: ${command.latencyMs} ms`] : []),
    "  tokens (Authorization: Token <token> or Bearer <token>):",
    ...tokens.map(({ token, description }) =>
      `    ${token.padEnd(24)} ${description ?? ""}`.trimEnd(),
    ),
    "",
    "Try the documentation's example:",
    `  curl -s -X POST '${endpoint}' \\`,
    `    -H 'Authorization: Token ${tokens[0]?.token ?? "demo"}' -H 'Content-Type: application/json' \\`,
    `    -d '${JSON.stringify(basicRequestExample.body)}'`,
    "",
  ];
  return lines.join("\n");
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
  const tokens = command.tokens === undefined ? undefined : readTokensFile(command.tokens);
  const source =
    command.data !== undefined && command.workflows !== undefined
      ? await fileSource(command.data, command.workflows)
      : fixtureSource({
          ...(command.seed === undefined ? {} : { seed: command.seed }),
          ...(command.sessionsPerDay === undefined
            ? {}
            : { sessionsPerDay: command.sessionsPerDay }),
        });
  const stub = await startStub({
    source,
    port: command.port,
    host: command.host,
    latencyMs: command.latencyMs,
    admin: command.admin,
    ...(tokens === undefined ? {} : { tokens }),
    ...(command.maxBodyBytes === undefined ? {} : { maxBodyBytes: command.maxBodyBytes }),
    ...(command.corsOrigins === undefined ? {} : { corsOrigins: command.corsOrigins }),
    ...(command.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
  });
  process.stdout.write(banner(stub.url, command, stub.tokens));
  const stop = () => {
    stub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof UsageError || error instanceof TokensError || error instanceof DataFileError;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    process.stderr.write(
      `giosg-reporting-stub: the port is already in use (${(error as Error).message}); try --port 0\n`,
    );
  } else {
    process.stderr.write(`giosg-reporting-stub: ${(error as Error).message}\n`);
  }
  if (error instanceof UsageError) process.stderr.write("Run with --help for the options.\n");
  process.exitCode = known || code === "EADDRINUSE" ? 2 : 1;
});

// The stub's route table: which middlewares and handlers answer which paths, in order.
import { contract, errorBody } from "@giosg-reporting/contract";
import type { DatasetOptions } from "@giosg-reporting/fixtures";
import type { HttpBindings } from "@hono/node-server";
import { Hono, type MiddlewareHandler } from "hono";
import type { EventSource } from "../data/event-source";
import type { RecordingCoverage } from "../record/coverage";
import { adminGuard } from "./admin/admin-guard";
import { applyScenario } from "./admin/apply-scenario";
import {
  DEFAULT_JOURNAL_LIMIT,
  Journal,
  type JournalEntry,
  type JournalFilter,
} from "./admin/journal";
import { journalRoutes } from "./admin/journal-routes";
import { type JournalingVariables, journaling } from "./admin/journaling";
import { ADMIN_BASE_PATH, scenarioRoutes } from "./admin/scenario";
import { Scenario } from "./admin/scenario-state";
import { coverageHeader } from "./api/coverage-header";
import {
  answerSourceData,
  parseSourceDataQuery,
  type ValidSourceDataQuery,
} from "./api/source-data";
import { answerStepDownload, parseDownload, type ValidDownload } from "./api/step-download";
import type { StepFastPathParts } from "./api/step-fast-path";
import { answerStepSourceData, parseQuery, type ValidQuery } from "./api/step-source-data";
import { ValidationMemo } from "./api/validation-memo";
import { answerWorkflowInfo } from "./api/workflow-info";
import type { XlsxBody } from "./bodies/file-body";
import {
  contractError,
  errorResponse,
  INTERNAL_ERROR_BODY,
  jsonResponse,
} from "./bodies/json-response";
import { requestLog } from "./request-log";
import { apiCors, securityHeaderLists, securityHeaders } from "./security/browser-headers";
import { corsOriginProblem } from "./security/cors-origins";
import { type TokenAuthVariables, tokenAuth } from "./security/token-auth";
import { DEFAULT_TOKENS, parseTokens, type TokenConfig, type TokenGrant } from "./security/tokens";
import { CLIENT_CLOSED_REQUEST, clientWentAway } from "./transport/client-gone";
import { type JsonBodyVariables, jsonBody } from "./transport/json-body";

/** Options of the stub (`createStub`, the MSW handlers); every one has a default. */
export interface StubOptions {
  /** Where the events come from; by default the fixtures dataset of {@link StubOptions.dataset}. */
  readonly source?: EventSource;
  /** Options of the fixtures dataset served when no `source` is given (`seed`, range, volume). */
  readonly dataset?: DatasetOptions;
  /** The accepted tokens; by default `demo` and one token for each cause of 403 ({@link DEFAULT_TOKENS}). */
  readonly tokens?: readonly TokenConfig[];
  /** Milliseconds added before every answer of the API route (default 0). */
  readonly latencyMs?: number;
  /** Serve the scenario-control routes under `/__stub/` (default false). */
  readonly admin?: boolean;
  /** The largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
  /**
   * Called with one line per request answered (method, path, status, milliseconds), and with
   * `corsOrigins` one for each origin refused; none by default.
   */
  readonly log?: (line: string) => void;
  /**
   * Origins allowed to call the stub from a browser (CORS): none by default, `"*"` for any. A page on
   * another origin is named once, through `log` (else `console.warn`).
   */
  readonly corsOrigins?: "*" | readonly string[];
  /** API requests the journal keeps, the last ones (default 1,000; 0 keeps none). */
  readonly journalLimit?: number;
  /**
   * For a replay of a recording: the windows it holds (`recording.json`); each answer then says how
   * much of it they cover (`X-Stub-Recording-Coverage`) and each window not covered is warned of once.
   */
  readonly recordingCoverage?: RecordingCoverage;
}

/** The Hono environment of the stub's app: Node's bindings when served by @hono/node-server. */
export type StubEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: TokenAuthVariables &
    JsonBodyVariables<ValidQuery | ValidDownload | ValidSourceDataQuery> &
    JournalingVariables;
};

/** A stub: its Hono app, and what the app serves. */
export interface Stub {
  /** The Hono app; `app.fetch` answers a `Request`. */
  readonly app: Hono<StubEnv>;
  /** The scenario control (what the admin routes change). */
  readonly scenario: Scenario;
  /** The events served. */
  readonly source: EventSource;
  /** The accepted tokens. */
  readonly tokens: readonly TokenGrant[];
  /** A `fetch` answered in process by the app, with no socket: inject it into a client under test. */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The journal of API requests (`GET /__stub/requests` with `admin`). */
  readonly journal: Journal;
  /** The API requests journaled, oldest first (the last `journalLimit`). */
  readonly requests: readonly JournalEntry[];
  /** Forgets the API requests journaled: all of them, or one token's (by its name). */
  clearRequests(filter?: JournalFilter): void;
}

const ROUTE = contract.getStepSourceData;
/** Every API route's path and method, for their 405s and the other spelling of their trailing slash. */
const API_ROUTES = [
  contract.getStepSourceData,
  contract.downloadStepSourceData,
  contract.getWorkflowInfo,
  contract.getSourceData,
] as const;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function checkOption(name: string, value: number | undefined, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${value}`);
  }
}

/** What the stub takes from the platform it runs on (Node, a browser). */
export interface StubPlatform {
  /** The events served when no `source` is given: the fixtures dataset of `dataset`. */
  readonly fixtureSource: (dataset: DatasetOptions | undefined) => EventSource;
  /** The reference page's routes (`/openapi.json`, `/docs`), where the platform can serve its files. */
  readonly docsRoutes?: () => Hono;
  /** Writes XLSX downloads, where the platform can (Node); without it they are a 406 `format_unavailable`. */
  readonly xlsxBody?: XlsxBody;
  /** Gives `app` the step route's fast path on a socket, where the platform serves one (Node). */
  readonly stepFastPath?: (app: object, parts: StepFastPathParts) => void;
}

/** The path with its trailing slash toggled: the spelling the API does not have. */
function otherSpelling(path: string): string {
  return path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
}

/**
 * Builds the stub on `platform`: the contract's step endpoint and its siblings (download, info,
 * source data) answered from `source` (by default the fixtures' default dataset) with the API's
 * semantics, each path spelled as documented, errors in the API's shape on every path,
 * `/healthz`, the platform's reference page, and with `admin` the scenario control under `/__stub/`.
 */
export function assembleStub(options: StubOptions, platform: StubPlatform): Stub {
  checkOption("latencyMs", options.latencyMs, 600_000);
  checkOption("maxBodyBytes", options.maxBodyBytes, 1024 ** 3);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (options.corsOrigins !== undefined && options.corsOrigins !== "*") {
    for (const origin of options.corsOrigins) {
      const problem = corsOriginProblem(origin);
      if (problem !== undefined) throw new RangeError(`corsOrigins: ${problem}`);
    }
  }
  const source = options.source ?? platform.fixtureSource(options.dataset);
  const tokens = parseTokens(options.tokens ?? DEFAULT_TOKENS);
  const tokensByValue = new Map(tokens.map((grant) => [grant.token, grant]));
  const tokenNames = tokens.map(({ name }) => name);
  const scenario = new Scenario(options.latencyMs ?? 0, tokenNames);
  const journal = new Journal(options.journalLimit ?? DEFAULT_JOURNAL_LIMIT);
  const validation = new ValidationMemo();
  const app = new Hono<StubEnv>();
  const warn = options.log ?? ((line: string) => console.warn(`giosg-reporting-stub: ${line}`));
  // Middlewares that would do nothing are left out of the chain: each one run costs every request.
  const covered = (route: Parameters<typeof coverageHeader>[1]) =>
    options.recordingCoverage === undefined
      ? []
      : [coverageHeader(options.recordingCoverage, route, source.catalog, warn)];
  // A journal that keeps nothing (`journalLimit: 0`) needs no record made of each request.
  const journaled = (...args: Parameters<typeof journaling>) =>
    journal.limit === 0 ? [] : [journaling(...args)];
  // A route's middlewares and handler, in order, those left out given as [].
  const route = (method: "GET" | "POST", path: string, ...handlers: readonly unknown[]) =>
    app.on(method, path, ...(handlers.flat() as [MiddlewareHandler<StubEnv>]));

  if (options.log) app.use(requestLog(options.log));
  const security = securityHeaderLists();
  app.use(securityHeaders(security));
  if (options.corsOrigins !== undefined) {
    const warn = options.log ?? ((line: string) => console.warn(`giosg-reporting-stub: ${line}`));
    app.use(apiCors(options.corsOrigins, warn));
  }
  app.get("/healthz", () => jsonResponse(200, { status: "ok" }));
  if (platform.docsRoutes) app.route("/", platform.docsRoutes());
  if (options.admin) {
    // Before any admin route reads a byte: no web page on another origin gets in.
    app.use(`${ADMIN_BASE_PATH}/*`, adminGuard());
    app.route("/", scenarioRoutes({ scenario, tokenNames, maxBodyBytes }));
    app.route("/", journalRoutes(journal));
  }

  // Each route's body, read by its jsonBody, or for the journal when an earlier answer came first.
  const queryBody = { maxBodyBytes, parse: parseQuery(validation) };
  const downloadBody = { maxBodyBytes, parse: parseDownload(validation) };
  const sourceDataBody = { maxBodyBytes, parse: parseSourceDataQuery(validation) };
  route(
    "POST",
    ROUTE.path,
    // First, so that every answer is journaled, a scenario's failure included.
    journaled(journal, tokensByValue, validation, queryBody),
    applyScenario(scenario, tokensByValue, queryBody),
    tokenAuth(tokensByValue),
    jsonBody(queryBody),
    covered("rows"),
    answerStepSourceData(source, tokens),
  );
  route(
    "POST",
    contract.downloadStepSourceData.path,
    journaled(journal, tokensByValue, validation, downloadBody),
    applyScenario(scenario, tokensByValue, downloadBody),
    tokenAuth(tokensByValue),
    jsonBody(downloadBody),
    covered("rows"),
    answerStepDownload(source, tokens, platform.xlsxBody),
  );
  route(
    "GET",
    contract.getWorkflowInfo.path,
    journaled(journal, tokensByValue, validation),
    applyScenario(scenario, tokensByValue),
    tokenAuth(tokensByValue),
    covered("info"),
    answerWorkflowInfo(source, tokens, validation),
  );
  route(
    "POST",
    contract.getSourceData.path,
    journaled(journal, tokensByValue, validation, sourceDataBody),
    applyScenario(scenario, tokensByValue, sourceDataBody),
    tokenAuth(tokensByValue),
    jsonBody(sourceDataBody),
    covered("source_data"),
    answerSourceData(source, tokens),
  );
  for (const { path, method } of API_ROUTES) {
    // Every other method Node hands over (HEAD, TRACE, PROPFIND, …; CONNECT never reaches an app).
    app.all(path, (c) =>
      contractError(
        { status: 405, body: errorBody("method_not_allowed", c.req.method, method) },
        { allow: method },
      ),
    );
    // The spelling the API does not have: named, so that a client's slash is fixed before it meets the API.
    app.all(otherSpelling(path), (c) => {
      const requested = new URL(c.req.url).pathname;
      return errorResponse(
        404,
        errorBody("wrong_trailing_slash", c.req.method, requested, otherSpelling(requested)),
      );
    });
  }
  // With no middleware in force but the security headers and the log, a Node server answers the step
  // route's plain requests past Hono (its request, router, context and chain cost more than the rest
  // of a whole answer's work), byte for byte as the app does, and gives it every other request.
  if (
    platform.stepFastPath !== undefined &&
    options.corsOrigins === undefined &&
    options.recordingCoverage === undefined &&
    journal.limit === 0
  ) {
    const parts = { source, tokens, tokensByValue, scenario, validation, maxBodyBytes, security };
    platform.stepFastPath(app, options.log ? { ...parts, log: options.log } : parts);
  }
  app.notFound((c) =>
    errorResponse(404, errorBody("not_found", c.req.method, new URL(c.req.url).pathname)),
  );
  app.onError((error, c) => {
    if (clientWentAway(error, c.env)) return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    console.error("giosg-reporting-stub: unexpected error", error);
    return contractError({ status: 500, body: INTERNAL_ERROR_BODY });
  });
  const fetch = async (input: Request | string | URL, init?: RequestInit) =>
    app.fetch(new Request(input, init));
  return {
    app,
    scenario,
    source,
    tokens,
    fetch,
    journal,
    get requests() {
      return journal.entries();
    },
    clearRequests: (filter?: JournalFilter) => journal.clear(filter),
  };
}

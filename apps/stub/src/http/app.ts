import {
  contract,
  errorBody,
  type PathParams,
  type StepSourceDataRequest,
} from "@giosg-reporting/contract";
import type { DatasetOptions } from "@giosg-reporting/fixtures";
import type { HttpBindings } from "@hono/node-server";
import type { ServerInferResponses } from "@ts-rest/core";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { EventSource } from "../data/event-source";
import { fixtureSource } from "../data/fixture-source";
import { runQuery } from "../query/engine";
import { authenticate } from "./auth";
import { withBodyFault } from "./body-faults";
import { CLIENT_CLOSED_REQUEST, clientWentAway } from "./client-gone";
import { DOCS_CONTENT_SECURITY_POLICY, docsRoutes } from "./docs";
import {
  errorResponse,
  INTERNAL_ERROR_BODY,
  invalidRequestBody,
  jsonResponse,
  malformedJsonBody,
} from "./json-response";
import { readBodyText } from "./request-body";
import { rowsBody } from "./rows-body";
import { Scenario, scenarioRoutes } from "./scenario";
import { DEFAULT_TOKENS, parseTokens, type TokenConfig, type TokenGrant } from "./tokens";
import { ValidationMemo } from "./validation-memo";
import { wholeAnswer } from "./whole-answer";

/** Options of {@link createStub}; every one has a default. */
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
  /** Called with one line per request answered (method, path, status, milliseconds); none by default. */
  readonly log?: (line: string) => void;
  /** Origins allowed to call the stub from a browser (CORS): none by default, `"*"` for any. */
  readonly corsOrigins?: "*" | readonly string[];
}

/** The Hono environment of the stub's app: Node's bindings when served by @hono/node-server. */
export type StubEnv = { Bindings: Partial<HttpBindings>; Variables: { grant: TokenGrant } };

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
}

const ROUTE = contract.getStepSourceData;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function checkOption(name: string, value: number | undefined, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${value}`);
  }
}

/** The route's error answers as ts-rest infers them from the contract: status and body checked together. */
type ContractError = Exclude<ServerInferResponses<typeof ROUTE>, { status: 200 }>;

function contractError(answer: ContractError, headers: Record<string, string> = {}): Response {
  return errorResponse(answer.status, answer.body, headers);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops the client's connection, or (in process, with no socket) answers a body that fails to read. */
function dropConnection(bindings: Partial<HttpBindings> | undefined): Response {
  const socket = bindings?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return new Response(null, { status: 204 }); // never sent: the socket is gone
  }
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error("connection dropped by the stub's scenario"));
      },
    }),
  );
}

/**
 * Builds the stub: the contract's endpoint answered from `source` (by default the fixtures' default
 * dataset) with the API's semantics, errors in the API's shape on every path, `/openapi.json`,
 * `/docs`, `/healthz`, and with `admin` the scenario control under `/__stub/`.
 */
export function createStub(options: StubOptions = {}): Stub {
  checkOption("latencyMs", options.latencyMs, 600_000);
  checkOption("maxBodyBytes", options.maxBodyBytes, 1024 ** 3);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const source = options.source ?? fixtureSource(options.dataset);
  const tokens = parseTokens(options.tokens ?? DEFAULT_TOKENS);
  const tokensByValue = new Map(tokens.map((grant) => [grant.token, grant]));
  // Each token's readable organizations as the engine takes them, built once rather than per request.
  const readable = new Map(
    tokens.map((grant) => [
      grant,
      grant.organizations === "all" ? ("all" as const) : new Set(grant.organizations),
    ]),
  );
  const scenario = new Scenario(options.latencyMs ?? 0);
  const validation = new ValidationMemo();
  const app = new Hono<StubEnv>();

  const { log } = options;
  if (log) {
    app.use(async (c, next) => {
      const started = performance.now();
      await next();
      const ms = (performance.now() - started).toFixed(1);
      log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms} ms`);
    });
  }
  // nosniff, no framing, no referrer, and so on, on every answer; the docs page also gets a strict CSP.
  // (No HSTS: the stub speaks plain HTTP on a loopback address.)
  const commonHeaders = secureHeaders({ strictTransportSecurity: false });
  const docsHeaders = secureHeaders({
    strictTransportSecurity: false,
    xFrameOptions: "DENY",
    contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY,
  });
  app.use((c, next) =>
    (c.req.path === "/docs" || c.req.path.startsWith("/docs/") ? docsHeaders : commonHeaders)(
      c,
      next,
    ),
  );
  if (options.corsOrigins !== undefined) {
    const origins = options.corsOrigins;
    app.use(
      cors({
        origin: origins === "*" ? "*" : [...origins],
        allowMethods: ["GET", "POST", "OPTIONS"],
        allowHeaders: ["Authorization", "Content-Type", "Accept"],
        maxAge: 600,
      }),
    );
  }
  app.get("/healthz", () => jsonResponse(200, { status: "ok" }));
  app.route("/", docsRoutes());
  if (options.admin) app.route("/", scenarioRoutes(scenario));

  app.post(
    ROUTE.path,
    async (c, next) => {
      const step = scenario.next();
      if (step.latencyMs > 0) await sleep(step.latencyMs);
      if (step.kind === "drop") return dropConnection(c.env);
      if (step.kind === "fail") return step.response;
      await next();
      if (step.bodyFault) {
        const socket = c.env?.incoming?.socket;
        c.res = withBodyFault(c.res, step.bodyFault, socket ? () => socket.destroy() : undefined);
        // Hono carries the replaced answer's headers over: a faulty body has no known length.
        c.res.headers.delete("content-length");
      }
      return undefined;
    },
    async (c, next) => {
      const authentication = authenticate(c.req.header("authorization"), tokensByValue);
      if (!authentication.ok) {
        const headers: Record<string, string> =
          authentication.status === 401 ? { "www-authenticate": 'Token realm="api"' } : {};
        return contractError(authentication, headers);
      }
      c.set("grant", authentication.grant);
      return next();
    },
    async (c) => {
      const contentType = c.req.header("content-type") ?? "";
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        return contractError({
          status: 415,
          body: errorBody("unsupported_media_type", contentType),
        });
      }
      const read = await readBodyText(c.req.raw, c.env, maxBodyBytes);
      if ("tooLarge" in read) {
        return contractError({ status: 413, body: errorBody("payload_too_large", maxBodyBytes) });
      }
      const body = validation.body(read.text);
      if ("malformed" in body) {
        return contractError({ status: 400, body: malformedJsonBody(body.malformed) });
      }
      const params = validation.pathParams(c.req.param());
      if (!params.success || !body.success) {
        const issues = [...(params.error?.issues ?? []), ...(body.error?.issues ?? [])];
        return contractError({ status: 400, body: invalidRequestBody(issues) });
      }
      const grant = c.get("grant");
      const outcome = runQuery(source, {
        params: params.data satisfies PathParams,
        body: body.data satisfies StepSourceDataRequest,
        organizations: readable.get(grant) ?? new Set<string>(),
      });
      if (outcome.status !== 200) return contractError(outcome);
      const headers = { "content-type": "application/json" };
      const answer = await rowsBody(outcome);
      return "pieces" in answer
        ? wholeAnswer(answer.pieces, headers)
        : new Response(answer.stream, { headers });
    },
  );
  // Every other method Node hands over (HEAD, TRACE, PROPFIND, …; CONNECT never reaches an app).
  app.all(ROUTE.path, (c) =>
    contractError(
      { status: 405, body: errorBody("method_not_allowed", c.req.method) },
      { allow: "POST" },
    ),
  );
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
  return { app, scenario, source, tokens, fetch };
}

/** The stub's Hono app, for in-process use (`app.fetch(request)`); see {@link createStub}. */
export function createStubApp(options: StubOptions = {}): Stub["app"] {
  return createStub(options).app;
}

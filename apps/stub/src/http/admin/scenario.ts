// The admin routes under /__stub/: the scenario's controls (each one JSON body, optionally scoped to a token) and the stub's memory.
import type { HttpBindings } from "@hono/node-server";
import { type Handler, Hono } from "hono";
import type { H } from "hono/types";
import { z } from "zod/v3";
import { errorResponse, invalidRequestBody, jsonResponse } from "../bodies/json-response";
import { type JsonBodyVariables, jsonBody, parseWith } from "../transport/json-body";
import {
  FAILURE_STATUSES,
  type FailureStatus,
  type Scenario,
  type ScenarioControls,
} from "./scenario-state";

/** Where the admin routes live. */
export const ADMIN_BASE_PATH = "/__stub";

/** Every admin route: method, path and one-line effect; the help, the banner and the routes all come from it. */
export const ADMIN_ROUTES = [
  {
    method: "GET",
    path: "/__stub/scenario",
    effect: "the scenario in force (?token=<name>: that token's own)",
  },
  { method: "POST", path: "/__stub/latency", effect: "latency before every API answer" },
  {
    method: "POST",
    path: "/__stub/fail",
    effect: "answer 429, 500, 502, 503 or 504 to the next requests",
  },
  {
    method: "POST",
    path: "/__stub/drop",
    effect: "drop the connection of the next requests, before or during the body",
  },
  { method: "POST", path: "/__stub/slow", effect: "send the next answers' bodies slowly" },
  { method: "POST", path: "/__stub/truncate", effect: "cut the next answers' bodies short" },
  { method: "GET", path: "/__stub/memory", effect: "the stub's memory (?gc=1: after a full GC)" },
  { method: "POST", path: "/__stub/reset", effect: "back to the start options" },
] as const satisfies readonly {
  readonly method: "GET" | "POST";
  readonly path: `${typeof ADMIN_BASE_PATH}/${string}`;
  readonly effect: string;
}[];

/** One admin route, as {@link ADMIN_ROUTES} lists it. */
export type AdminRoute = (typeof ADMIN_ROUTES)[number];

/** What the admin routes act on. */
export interface AdminOptions {
  /** The scenario the controls change. */
  readonly scenario: Scenario;
  /** The names of the accepted tokens: what a control's `token` may name. */
  readonly tokenNames: readonly string[];
  /** The largest body read, in bytes; a larger one gets 413. */
  readonly maxBodyBytes: number;
}

const count = z.number().int().min(1).default(1);
const failureStatus = z
  .number()
  .refine(
    (status): status is FailureStatus => (FAILURE_STATUSES as readonly number[]).includes(status),
    { message: `Must be one of ${FAILURE_STATUSES.join(", ")}` },
  );

/** A control's body: its own fields, and the token it is scoped to, if any (by the token's name). */
const scopable = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.object({ ...shape, token: z.string().optional() }).strict();

/** A control: its body's schema, and what it does to the unscoped or one token's controls. */
interface Control<Input extends { readonly token?: string | undefined }> {
  readonly schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
  readonly apply: (controls: ScenarioControls, input: Input) => void;
}

function control<Input extends { readonly token?: string | undefined }>(
  schema: Control<Input>["schema"],
  apply: Control<Input>["apply"],
): Control<Input> {
  return { schema, apply };
}

/** Each control's body, and what it does to the controls it is given. */
const CONTROLS = {
  "/__stub/latency": control(
    scopable({ ms: z.number().int().min(0).max(600_000) }),
    (controls, { ms }) => controls.setLatency(ms),
  ),
  "/__stub/fail": control(
    scopable({
      status: failureStatus,
      count,
      retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    }),
    (controls, input) => controls.fail(input.status, input.count, input.retryAfterSeconds),
  ),
  "/__stub/drop": control(
    scopable({ count, during: z.boolean().default(false) }),
    (controls, input) =>
      input.during
        ? controls.faultBody({ kind: "drop-during" }, input.count)
        : controls.drop(input.count),
  ),
  "/__stub/slow": control(
    scopable({ count, chunkDelayMs: z.number().int().min(0).max(60_000).default(200) }),
    (controls, input) =>
      controls.faultBody({ kind: "slow", chunkDelayMs: input.chunkDelayMs }, input.count),
  ),
  "/__stub/truncate": control(scopable({ count }), (controls, input) =>
    controls.faultBody({ kind: "truncate" }, input.count),
  ),
  "/__stub/reset": control(scopable({}), (controls) => controls.reset()),
} as const;

/** The stub's memory; with `?gc=1` and Node's `--expose-gc`, after a full GC: what is left is what the stub holds. */
function memory(url: URL): Response {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = url.searchParams.get("gc") === "1" && gc !== undefined;
  if (collected) gc();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return jsonResponse(200, {
    rssMiB: mib(rss),
    heapUsedMiB: mib(heapUsed),
    heapTotalMiB: mib(heapTotal),
    externalMiB: mib(external),
    collected,
  });
}

type AdminEnv = { Bindings: Partial<HttpBindings> };
/** A route's handlers, middlewares first (each typed by what it leaves for the next). */
// biome-ignore lint/suspicious/noExplicitAny: each route's handlers agree among themselves; the table holds them all
type AdminHandlers = readonly H<any>[];

/** A 400 naming `token` when it names none of the stub's tokens. */
function unknownToken(names: readonly string[]): Response {
  const message = `Must name one of the stub's tokens: ${names.join(", ")}`;
  return errorResponse(400, invalidRequestBody([{ code: "custom", path: ["token"], message }]));
}

/** What each route does: keyed by the listed paths, so that no route exists unlisted, nor listed undone. */
function adminHandlers(options: AdminOptions): Record<AdminRoute["path"], AdminHandlers> {
  const { scenario, tokenNames, maxBodyBytes } = options;
  const known = new Set(tokenNames);
  /** The scenario in force, or that token's own; 400 for a name no token has. */
  const state = (token: string | undefined) => {
    if (token === undefined) return jsonResponse(200, scenario.state);
    if (!known.has(token)) return unknownToken(tokenNames);
    return jsonResponse(200, scenario.tokenState(token));
  };
  const stateQuery = z.object({ token: z.string().optional() });

  /** One route for every control: reads and validates its JSON body, applies it (scoped by `token`), answers the state. */
  function controlRoute<Input extends { readonly token?: string | undefined }>({
    schema,
    apply,
  }: Control<Input>): AdminHandlers {
    const applied: Handler<{ Variables: JsonBodyVariables<Input> }> = (c) => {
      const input = c.var.body;
      if (input.token === undefined) apply(scenario, input);
      else if (known.has(input.token)) apply(scenario.forToken(input.token), input);
      return state(input.token);
    };
    // A control without a body (reset, or every default) needs no media type.
    return [jsonBody({ maxBodyBytes, emptyBody: "{}", parse: parseWith(schema) }), applied];
  }

  return {
    "/__stub/scenario": [
      (c) => {
        const query = stateQuery.safeParse(c.req.query());
        if (!query.success) return errorResponse(400, invalidRequestBody(query.error.issues));
        return state(query.data.token);
      },
    ],
    "/__stub/latency": controlRoute(CONTROLS["/__stub/latency"]),
    "/__stub/fail": controlRoute(CONTROLS["/__stub/fail"]),
    "/__stub/drop": controlRoute(CONTROLS["/__stub/drop"]),
    "/__stub/slow": controlRoute(CONTROLS["/__stub/slow"]),
    "/__stub/truncate": controlRoute(CONTROLS["/__stub/truncate"]),
    "/__stub/memory": [(c) => memory(new URL(c.req.url))],
    "/__stub/reset": controlRoute(CONTROLS["/__stub/reset"]),
  };
}

/**
 * The admin routes of {@link ADMIN_ROUTES}, with their full paths (mount at `/`, behind the admin
 * guard): see the package README.
 */
export function scenarioRoutes(options: AdminOptions): Hono<AdminEnv> {
  const admin = new Hono<AdminEnv>();
  const handlers = adminHandlers(options);
  for (const { method, path } of ADMIN_ROUTES) admin.on(method, path, ...(handlers[path] as [H]));
  return admin;
}

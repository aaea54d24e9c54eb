import { type ErrorCode, errorBody } from "@giosg-reporting/contract";
import { Hono } from "hono";
import { z } from "zod";
import type { BodyFault } from "./body-faults";
import {
  errorResponse,
  invalidRequestBody,
  jsonResponse,
  malformedJsonBody,
} from "./json-response";

/** Statuses the stub can be told to answer instead of serving. */
export const FAILURE_STATUSES = [429, 500, 502, 503, 504] as const;

/** A status the stub can be told to answer. */
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

/** The catalogue's code for each failure the stub can be told to answer. */
const FAILURE_CODES = {
  429: "throttled",
  500: "internal_error",
  502: "bad_gateway",
  503: "service_unavailable",
  504: "gateway_timeout",
} as const satisfies { [Status in FailureStatus]: ErrorCode<Status> };

/** What the stub does with the next API request. */
export type ScenarioStep =
  | { readonly kind: "serve"; readonly latencyMs: number; readonly bodyFault?: BodyFault }
  | { readonly kind: "drop"; readonly latencyMs: number }
  | { readonly kind: "fail"; readonly latencyMs: number; readonly response: Response };

/** The scenario now in force, as the admin route shows it. */
export interface ScenarioState {
  /** Milliseconds added before each API answer. */
  readonly latencyMs: number;
  /** A status answered to the next `remaining` API requests, if any. */
  readonly failure: {
    readonly status: FailureStatus;
    readonly remaining: number;
    readonly retryAfterSeconds?: number;
  } | null;
  /** How many of the next API requests get their connection dropped. */
  readonly drops: number;
  /** A fault in sending the next `remaining` answers' bodies, if any. */
  readonly bodyFault: (BodyFault & { readonly remaining: number }) | null;
}

/** Latency, failures and dropped connections for the API route: set at start, changed by the admin route. */
export class Scenario {
  readonly #initialLatencyMs: number;
  #latencyMs: number;
  #failure: { status: FailureStatus; remaining: number; retryAfterSeconds?: number } | null = null;
  #drops = 0;
  #bodyFault: (BodyFault & { remaining: number }) | null = null;

  constructor(latencyMs = 0) {
    this.#initialLatencyMs = latencyMs;
    this.#latencyMs = latencyMs;
  }

  /** The scenario now in force. */
  get state(): ScenarioState {
    return {
      latencyMs: this.#latencyMs,
      failure: this.#failure && { ...this.#failure },
      drops: this.#drops,
      bodyFault: this.#bodyFault && { ...this.#bodyFault },
    };
  }

  /** Adds `ms` milliseconds before each API answer. */
  setLatency(ms: number): void {
    this.#latencyMs = ms;
  }

  /** Answers `status` to the next `count` API requests (with `Retry-After` for 429 when given). */
  fail(status: FailureStatus, count: number, retryAfterSeconds?: number): void {
    this.#failure = {
      status,
      remaining: count,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }

  /** Drops the connection of the next `count` API requests. */
  drop(count: number): void {
    this.#drops = count;
  }

  /** Sends the next `count` answers' bodies with a fault: slowly, cut by a dropped connection, or cut short. */
  faultBody(fault: BodyFault, count: number): void {
    this.#bodyFault = { ...fault, remaining: count };
  }

  /** Back to the start options: the start latency, no failures, no drops. */
  reset(): void {
    this.#bodyFault = null;
    this.#latencyMs = this.#initialLatencyMs;
    this.#failure = null;
    this.#drops = 0;
  }

  /** Decides what happens to the next API request, and counts it. */
  next(): ScenarioStep {
    const latencyMs = this.#latencyMs;
    if (this.#drops > 0) {
      this.#drops -= 1;
      return { kind: "drop", latencyMs };
    }
    const failure = this.#failure;
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      if (failure.remaining === 0) this.#failure = null;
      const headers: Record<string, string> = {};
      if (failure.retryAfterSeconds !== undefined)
        headers["retry-after"] = String(failure.retryAfterSeconds);
      const body =
        failure.status === 429
          ? errorBody("throttled", failure.retryAfterSeconds)
          : errorBody(FAILURE_CODES[failure.status]);
      return { kind: "fail", latencyMs, response: errorResponse(failure.status, body, headers) };
    }
    const bodyFault = this.#bodyFault;
    if (bodyFault && bodyFault.remaining > 0) {
      bodyFault.remaining -= 1;
      if (bodyFault.remaining === 0) this.#bodyFault = null;
      const { remaining: _, ...fault } = bodyFault;
      return { kind: "serve", latencyMs, bodyFault: fault };
    }
    return { kind: "serve", latencyMs };
  }
}

const latencySchema = z.object({ ms: z.number().int().min(0).max(600_000) }).strict();
const failSchema = z
  .object({
    status: z
      .number()
      .refine(
        (status): status is FailureStatus =>
          (FAILURE_STATUSES as readonly number[]).includes(status),
        {
          message: `Must be one of ${FAILURE_STATUSES.join(", ")}`,
        },
      ),
    count: z.number().int().min(1).default(1),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();
const dropSchema = z
  .object({ count: z.number().int().min(1).default(1), during: z.boolean().default(false) })
  .strict();
const slowSchema = z
  .object({
    count: z.number().int().min(1).default(1),
    chunkDelayMs: z.number().int().min(0).max(60_000).default(200),
  })
  .strict();
const truncateSchema = z.object({ count: z.number().int().min(1).default(1) }).strict();

async function parseJson<T extends z.ZodTypeAny>(
  request: Request,
  schema: T,
): Promise<z.output<T> | Response> {
  let json: unknown;
  try {
    const text = await request.text();
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    return errorResponse(400, malformedJsonBody(error));
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    return errorResponse(400, invalidRequestBody(result.error.issues));
  }
  return result.data;
}

/** Where the admin routes live. */
export const ADMIN_BASE_PATH = "/__stub";

/** Every admin route: method, path and one-line effect; the help, the banner and the routes all come from it. */
export const ADMIN_ROUTES = [
  { method: "GET", path: "/__stub/scenario", effect: "the scenario in force" },
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

type AdminHandler = (request: Request, url: URL) => Response | Promise<Response>;

/** What each route does: keyed by the listed paths, so that no route exists unlisted, nor listed undone. */
function adminHandlers(scenario: Scenario): Record<AdminRoute["path"], AdminHandler> {
  const state = () => jsonResponse(200, scenario.state);
  return {
    "/__stub/scenario": state,
    "/__stub/latency": async (request) => {
      const input = await parseJson(request, latencySchema);
      if (input instanceof Response) return input;
      scenario.setLatency(input.ms);
      return state();
    },
    "/__stub/fail": async (request) => {
      const input = await parseJson(request, failSchema);
      if (input instanceof Response) return input;
      scenario.fail(input.status, input.count, input.retryAfterSeconds);
      return state();
    },
    "/__stub/drop": async (request) => {
      const input = await parseJson(request, dropSchema);
      if (input instanceof Response) return input;
      if (input.during) scenario.faultBody({ kind: "drop-during" }, input.count);
      else scenario.drop(input.count);
      return state();
    },
    "/__stub/slow": async (request) => {
      const input = await parseJson(request, slowSchema);
      if (input instanceof Response) return input;
      scenario.faultBody({ kind: "slow", chunkDelayMs: input.chunkDelayMs }, input.count);
      return state();
    },
    "/__stub/truncate": async (request) => {
      const input = await parseJson(request, truncateSchema);
      if (input instanceof Response) return input;
      scenario.faultBody({ kind: "truncate" }, input.count);
      return state();
    },
    "/__stub/memory": (_request, url) => {
      // With ?gc=1 and Node's --expose-gc, collect garbage first: what is left is what the stub holds.
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
    },
    "/__stub/reset": () => {
      scenario.reset();
      return state();
    },
  };
}

/** The admin routes of {@link ADMIN_ROUTES}, with their full paths (mount at `/`): see the package README. */
export function scenarioRoutes(scenario: Scenario): Hono {
  const admin = new Hono();
  const handlers = adminHandlers(scenario);
  for (const { method, path } of ADMIN_ROUTES) {
    const handler = handlers[path];
    admin.on(method, path, (c) => handler(c.req.raw, new URL(c.req.url)));
  }
  return admin;
}

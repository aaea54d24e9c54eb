// The scenario in force: latency and faults for the API route, for every request or for one token's.
import { type ErrorCode, errorBody } from "@giosg-reporting/contract";
import { errorResponse } from "../bodies/json-response";
import type { BodyFault } from "./body-faults";

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

/** A failure answered to the next `remaining` requests. */
interface Failure {
  readonly status: FailureStatus;
  readonly remaining: number;
  readonly retryAfterSeconds?: number;
}

/** The scenario now in force, as the admin route shows it. */
export interface ScenarioState {
  /** Milliseconds added before each API answer. */
  readonly latencyMs: number;
  /** A status answered to the next `remaining` API requests, if any. */
  readonly failure: Failure | null;
  /** How many of the next API requests get their connection dropped. */
  readonly drops: number;
  /** A fault in sending the next `remaining` answers' bodies, if any. */
  readonly bodyFault: (BodyFault & { readonly remaining: number }) | null;
}

/** One token's own scenario: `latencyMs` is `null` while the unscoped latency applies to it. */
export interface TokenScenarioState extends Omit<ScenarioState, "latencyMs"> {
  /** The token's name. */
  readonly token: string;
  /** Milliseconds added before each of this token's answers; `null`: the unscoped latency. */
  readonly latencyMs: number | null;
}

/** The controls of a scenario: the unscoped one (every request) or one token's (see {@link Scenario.forToken}). */
export interface ScenarioControls {
  /** Adds `ms` milliseconds before each API answer. */
  setLatency(ms: number): void;
  /** Answers `status` to the next `count` API requests (1 by default; with `Retry-After` for 429 when given). */
  fail(status: FailureStatus, count?: number, retryAfterSeconds?: number): void;
  /** Drops the connection of the next `count` API requests (1 by default). */
  drop(count?: number): void;
  /** Sends the next `count` answers' bodies (1 by default) with a fault: slowly, cut by a dropped connection, or cut short. */
  faultBody(fault: BodyFault, count?: number): void;
  /** Back to the start: for the unscoped scenario the start options and no token's own; for a token, the unscoped one. */
  reset(): void;
}

/** One set of faults, counted down as requests take them. */
class Faults {
  latencyMs: number | null;
  failure: { status: FailureStatus; remaining: number; retryAfterSeconds?: number } | null = null;
  drops = 0;
  bodyFault: (BodyFault & { remaining: number }) | null = null;

  constructor(latencyMs: number | null) {
    this.latencyMs = latencyMs;
  }

  state() {
    return {
      failure: this.failure && { ...this.failure },
      drops: this.drops,
      bodyFault: this.bodyFault && { ...this.bodyFault },
    };
  }

  /** The next request's step from these faults; `undefined` when none is pending. */
  take(latencyMs: number): ScenarioStep | undefined {
    if (this.drops > 0) {
      this.drops -= 1;
      return { kind: "drop", latencyMs };
    }
    const failure = this.failure;
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      if (failure.remaining === 0) this.failure = null;
      return { kind: "fail", latencyMs, response: failureResponse(failure) };
    }
    const bodyFault = this.bodyFault;
    if (bodyFault && bodyFault.remaining > 0) {
      bodyFault.remaining -= 1;
      if (bodyFault.remaining === 0) this.bodyFault = null;
      const { remaining: _, ...fault } = bodyFault;
      return { kind: "serve", latencyMs, bodyFault: fault };
    }
    return undefined;
  }
}

function failureResponse(failure: Failure): Response {
  const headers: Record<string, string> = {};
  if (failure.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(failure.retryAfterSeconds);
  const body =
    failure.status === 429
      ? errorBody("throttled", failure.retryAfterSeconds)
      : errorBody(FAILURE_CODES[failure.status]);
  return errorResponse(failure.status, body, headers);
}

/**
 * A control's `count` as given (1 when left out, as over HTTP); anything but a whole number of 1 or
 * more throws, so that a count a plain-JS caller got wrong is never ignored in silence.
 */
function checkedCount(control: string, count: unknown): number {
  if (count === undefined) return 1;
  if (typeof count === "number" && Number.isSafeInteger(count) && count >= 1) return count;
  const given = typeof count === "string" ? `"${count}"` : String(count);
  throw new RangeError(
    `scenario.${control}: count must be a whole number of 1 or more, got ${given}`,
  );
}

function control(faults: () => Faults, reset: () => void): ScenarioControls {
  return {
    setLatency(ms) {
      faults().latencyMs = ms;
    },
    fail(status, count, retryAfterSeconds) {
      faults().failure = {
        status,
        remaining: checkedCount("fail", count),
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      };
    },
    drop(count) {
      faults().drops = checkedCount("drop", count);
    },
    faultBody(fault, count) {
      faults().bodyFault = { ...fault, remaining: checkedCount("faultBody", count) };
    },
    reset,
  };
}

/**
 * Latency, failures, dropped connections and body faults for the API route: set at start, changed by
 * the admin routes. The unscoped controls apply to every request; {@link Scenario.forToken} scopes
 * them to the requests of one token, which take their token's faults first, then the unscoped ones.
 */
export class Scenario implements ScenarioControls {
  readonly #initialLatencyMs: number;
  readonly #tokenNames: ReadonlySet<string> | undefined;
  #all: Faults;
  readonly #tokens = new Map<string, Faults>();
  readonly #controls: ScenarioControls;

  /** `tokenNames`, when given, are the names {@link Scenario.forToken} accepts. */
  constructor(latencyMs = 0, tokenNames?: Iterable<string>) {
    this.#initialLatencyMs = latencyMs;
    this.#all = new Faults(latencyMs);
    this.#tokenNames = tokenNames === undefined ? undefined : new Set(tokenNames);
    this.#controls = control(
      () => this.#all,
      () => {
        this.#all = new Faults(this.#initialLatencyMs);
        this.#tokens.clear();
      },
    );
  }

  /** The unscoped scenario now in force. */
  get state(): ScenarioState {
    return { latencyMs: this.#all.latencyMs ?? 0, ...this.#all.state() };
  }

  /** Whether any token has a scenario of its own (else a request's token need not be looked at). */
  get scoped(): boolean {
    return this.#tokens.size > 0;
  }

  /**
   * Whether every request is served as it is for now: no latency, no fault pending, no token's own
   * scenario ({@link Scenario.next} would answer `serve` with no latency and change nothing).
   */
  get inert(): boolean {
    const all = this.#all;
    return (
      this.#tokens.size === 0 &&
      !all.latencyMs &&
      all.drops === 0 &&
      all.failure === null &&
      all.bodyFault === null
    );
  }

  /** One token's own scenario. */
  tokenState(token: string): TokenScenarioState {
    this.#check(token);
    const own = this.#tokens.get(token) ?? new Faults(null);
    return { token, latencyMs: own.latencyMs, ...own.state() };
  }

  /** The controls scoped to the requests of the token named `token` (its `name`, else the token itself). */
  forToken(token: string): ScenarioControls {
    this.#check(token);
    const faults = () => {
      let own = this.#tokens.get(token);
      if (own === undefined) {
        own = new Faults(null);
        this.#tokens.set(token, own);
      }
      return own;
    };
    return control(faults, () => this.#tokens.delete(token));
  }

  /** {@inheritDoc ScenarioControls.setLatency} */
  setLatency(ms: number): void {
    this.#controls.setLatency(ms);
  }

  /** {@inheritDoc ScenarioControls.fail} */
  fail(status: FailureStatus, count?: number, retryAfterSeconds?: number): void {
    this.#controls.fail(status, count, retryAfterSeconds);
  }

  /** {@inheritDoc ScenarioControls.drop} */
  drop(count?: number): void {
    this.#controls.drop(count);
  }

  /** {@inheritDoc ScenarioControls.faultBody} */
  faultBody(fault: BodyFault, count?: number): void {
    this.#controls.faultBody(fault, count);
  }

  /** Back to the start options: the start latency, no faults, and no token's own scenario. */
  reset(): void {
    this.#controls.reset();
  }

  /** Decides what happens to the next API request (of the token named `token`, if any), and counts it. */
  next(token?: string): ScenarioStep {
    const own = token === undefined ? undefined : this.#tokens.get(token);
    const latencyMs = own?.latencyMs ?? this.#all.latencyMs ?? 0;
    return own?.take(latencyMs) ?? this.#all.take(latencyMs) ?? { kind: "serve", latencyMs };
  }

  #check(token: string): void {
    if (this.#tokenNames !== undefined && !this.#tokenNames.has(token)) {
      throw new RangeError(`no token is named "${token}"`);
    }
  }
}

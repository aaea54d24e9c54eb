// The options of a conformance run, their defaults, and the checks that name a wrong one by its flag.
import { dateTimeWithOffsetSchema, uuidSchema } from "@giosg-reporting/contract";
import { CheckRunError } from "./run-error";

/** Options of {@link runConformanceCheck}; each names the CLI flag that sets it. */
export interface CheckOptions {
  /** `--base-url`: where the API is, such as `https://api.giosg.com` or a stub's URL. */
  readonly baseUrl: string;
  /** `--token` (or `GIOSG_TOKEN`): the API token; it never appears in any output. */
  readonly token: string;
  /** `--token-type`: `Authorization: Token …` (default) or `Bearer …`. */
  readonly tokenType?: "Token" | "Bearer";
  /** `--organization`: the organization's id (UUID). */
  readonly organization: string;
  /** `--workflow`: the workflow's id (UUID). */
  readonly workflow: string;
  /** `--step`: the step's index, an integer ≥ 1 (default 1). */
  readonly step?: number;
  /**
   * `--interval`: where discovery looks, `<start>/<end>` in ISO 8601 with an offset (default: from the
   * workflow's `start_date` to its `end_date` or now, as its `info/` answers; else the 30 days before now).
   */
  readonly interval?: string | { readonly start: string; readonly end: string };
  /** `--pace-ms`: milliseconds between the end of one request and the start of the next (default 250). */
  readonly paceMs?: number;
  /** `--sample`: discovery's `limit`, the most rows the window is chosen from (default 200). */
  readonly sample?: number;
  /** Milliseconds of silence allowed per attempt (default 30000). */
  readonly timeoutMs?: number;
  /**
   * `--max-answer-bytes`: the most bytes of one answer read (default 4194304, 4 MiB); past it the
   * answer is audited up to there, the rest not read, and its check is not made whole (skipped).
   */
  readonly maxAnswerBytes?: number;
  /**
   * `--max-answer-rows`: the most rows of one answer read (default 10 times `sample`, 2000); past it,
   * as for bytes. The checks compare answers of fewer rows than `sample` (goal events' aside).
   */
  readonly maxAnswerRows?: number;
  /** The `fetch` the client uses (default the global one). */
  readonly fetch?: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** What "now" is for the default interval (default the current time). */
  readonly now?: Date;
}

/** The options with defaults applied and checked. */
export interface ResolvedCheckOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly tokenType: "Token" | "Bearer";
  readonly organization: string;
  readonly workflow: string;
  readonly step: number;
  readonly interval: { readonly start: string; readonly end: string };
  /** Whether `interval` was given, rather than the default (which the workflow's info may replace). */
  readonly intervalGiven: boolean;
  readonly paceMs: number;
  readonly sample: number;
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  readonly maxAnswerRows: number;
  readonly fetch: CheckOptions["fetch"];
  /** What "now" is: the default interval's end, and an open-ended workflow's. */
  readonly now: Date;
}

/** The most bytes of one answer read by default: 4 MiB, some 10 times what 200 rows of 2 KB take. */
export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;
/** The most rows of one answer read by default, in samples: W's answer has fewer rows than one sample. */
export const DEFAULT_MAX_ANSWER_SAMPLES = 10;
/** The longest text JavaScript holds, in characters: an answer's bound cannot pass it. */
const MAX_TEXT_BYTES = 2 ** 29 - 24;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const usage = (flag: string, message: string) =>
  new CheckRunError("usage", `${flag}: ${message}`, flag);

function wholeNumber(
  flag: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min)
    throw usage(flag, `must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  if (value > max) throw usage(flag, `must be at most ${max}, got ${value}`);
  return value;
}

function uuid(flag: string, value: unknown): string {
  if (typeof value !== "string" || value === "") throw usage(flag, "is required (a UUID)");
  const parsed = uuidSchema.safeParse(value);
  if (!parsed.success)
    throw usage(
      flag,
      `must be a UUID such as e40bcb66-8c63-4aa7-8d81-68d8e8cef907, got "${value}"`,
    );
  return parsed.data;
}

/** `<start>/<end>`: two ISO 8601 date-times with `Z` or an offset, start before end. */
export function parseInterval(text: string, flag = "--interval"): { start: string; end: string } {
  const parts = text.split("/");
  const [start, end] = parts;
  if (parts.length !== 2 || !start || !end)
    throw usage(
      flag,
      `must be <start>/<end>, such as 2022-11-01T00:00:00Z/2022-12-01T00:00:00Z, got "${text}"`,
    );
  for (const [name, value] of [
    ["start", start],
    ["end", end],
  ] as const)
    if (!dateTimeWithOffsetSchema.safeParse(value).success)
      throw usage(flag, `${name} "${value}" is not an ISO 8601 date-time with Z or an offset`);
  if (Date.parse(start) >= Date.parse(end))
    throw usage(flag, `start must be before end, got "${text}"`);
  return { start, end };
}

/**
 * The interval a workflow's `info/` says it collected events in: from its `start_date` (down to the
 * whole hour) to its `end_date` or `now` (up to the next whole hour); undefined without a start.
 */
export function intervalOfInfo(
  info: unknown,
  now: Date,
): { start: string; end: string } | undefined {
  const { start_date: start, end_date: end } = (info ?? {}) as {
    start_date?: unknown;
    end_date?: unknown;
  };
  if (typeof start !== "string" || !dateTimeWithOffsetSchema.safeParse(start).success)
    return undefined;
  const ended =
    typeof end === "string" && dateTimeWithOffsetSchema.safeParse(end).success
      ? Math.min(Date.parse(end), now.getTime())
      : now.getTime();
  const from = Math.floor(Date.parse(start) / HOUR) * HOUR;
  const to = Math.ceil(ended / HOUR) * HOUR;
  if (!(from < to)) return undefined;
  return { start: new Date(from).toISOString(), end: new Date(to).toISOString() };
}

/** The 30 days before `now`, ending at the last whole hour. */
export function defaultInterval(now: Date): { start: string; end: string } {
  const end = Math.floor(now.getTime() / HOUR) * HOUR;
  return { start: new Date(end - 30 * DAY).toISOString(), end: new Date(end).toISOString() };
}

function httpUrl(value: unknown): string {
  if (typeof value !== "string" || value === "") throw usage("--base-url", "is required");
  try {
    const url = new URL(value);
    if ((url.protocol === "http:" || url.protocol === "https:") && url.host !== "") return value;
  } catch {}
  throw usage("--base-url", `must be an absolute http:// or https:// URL, got "${value}"`);
}

/** Applies the defaults and checks every option; a {@link CheckRunError} of kind `usage` names the flag at fault. */
export function resolveCheckOptions(options: CheckOptions): ResolvedCheckOptions {
  const baseUrl = httpUrl(options.baseUrl);
  if (typeof options.token !== "string" || options.token === "")
    throw usage("--token", "is required (or set GIOSG_TOKEN)");
  const tokenType = options.tokenType ?? "Token";
  if (tokenType !== "Token" && tokenType !== "Bearer")
    throw usage("--token-type", `must be Token or Bearer, got "${String(tokenType)}"`);
  const now = options.now ?? new Date();
  const interval =
    options.interval === undefined
      ? defaultInterval(now)
      : typeof options.interval === "string"
        ? parseInterval(options.interval)
        : parseInterval(`${options.interval.start}/${options.interval.end}`);
  const resolved = {
    baseUrl,
    token: options.token,
    tokenType,
    organization: uuid("--organization", options.organization),
    workflow: uuid("--workflow", options.workflow),
    step: wholeNumber("--step", options.step, 1, 1),
    interval,
    intervalGiven: options.interval !== undefined,
    paceMs: wholeNumber("--pace-ms", options.paceMs, 250, 0),
    sample: wholeNumber("--sample", options.sample, 200, 1),
    timeoutMs: wholeNumber("--timeout-ms", options.timeoutMs, 30_000, 0),
    maxAnswerBytes: wholeNumber(
      "--max-answer-bytes",
      options.maxAnswerBytes,
      DEFAULT_MAX_ANSWER_BYTES,
      1024,
      MAX_TEXT_BYTES,
    ),
    fetch: options.fetch,
    now,
  };
  const fallbackRows = DEFAULT_MAX_ANSWER_SAMPLES * resolved.sample;
  return {
    ...resolved,
    maxAnswerRows: wholeNumber("--max-answer-rows", options.maxAnswerRows, fallbackRows, 1),
  };
}

// The client's options: what each means, its default, and the check that names a wrong one.
import { API_BASE_URL, toFieldErrors } from "@giosg-reporting/contract";
import { z } from "zod/v3";
import { ReportingApiError } from "./errors";

/** How the client retries: on network errors and timeouts, on 429 (honouring Retry-After within the budget) and on 502, 503 and 504. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  readonly retries?: number;
  /** The first backoff in milliseconds, doubled at each retry, with jitter (default 250). */
  readonly baseDelayMs?: number;
  /** The longest single wait in milliseconds (default 5000): a `Retry-After` asking more ends the call, saying so. */
  readonly maxDelayMs?: number;
  /** No retry starts after this many milliseconds since the first attempt (default 30000). */
  readonly maxElapsedMs?: number;
}

/** A retry about to be made, as {@link ClientOptions.onRetry} hears of it. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first request): the next is attempt + 1. */
  readonly attempt: number;
  /** Why: the status answered (429, 502, 503 or 504), or `network` or `timeout` when no answer came or a 200 answer was cut off or stalled. */
  readonly reason: number | "network" | "timeout";
  /** Milliseconds waited before the next attempt (the backoff or what `Retry-After` asked). */
  readonly waitMs: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The API token (`Token`) or OAuth2 access token (`Bearer`). */
  readonly token: string;
  /** How the token is sent: `Authorization: Token …` (default) or `Bearer …`. */
  readonly tokenType?: "Token" | "Bearer";
  /** The API's base URL, an absolute http(s) URL (default `https://api.giosg.com`). */
  readonly baseUrl?: string;
  /** The `fetch` to use (default the global one): inject a stub's `app.fetch` or a custom agent. */
  readonly fetch?: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /**
   * Milliseconds of the API's silence allowed (default 30000; 0 for none): for whole answers
   * (`getStepSourceData`, `getSourceData`, `getWorkflowInfo`, `raw`), the most an attempt may take,
   * answer included; for streams and downloads, the longest wait for the next bytes (an idle timeout
   * that does not run while your code holds a row or a chunk).
   */
  readonly timeoutMs?: number;
  /**
   * Milliseconds the whole call may take, retries and waits included, and for streams and downloads
   * the whole iteration or file (default 0: no deadline). Past it the call ends with a `timeout` error.
   */
  readonly deadlineMs?: number;
  /**
   * The largest whole answer read, in bytes (default 128 MiB), for `getStepSourceData`,
   * `getSourceData`, `getWorkflowInfo` and `raw`, and the largest downloaded file unless the download
   * says `maxBytes`: a larger one (or one whose `content-length` says so) is a `too-large` error.
   */
  readonly maxAnswerBytes?: number;
  /**
   * The most bytes a stream may send without completing a row, in bytes (default 1 MiB): more is a
   * `too-large` error, so that no answer, however hostile, holds more than this at once.
   */
  readonly maxRowBytes?: number;
  /** Retry options, or `false` for no retries. */
  readonly retry?: RetryOptions | false;
  /** Called before each retry's wait, with the failed attempt, why it failed and the wait (to count or log retries). */
  readonly onRetry?: (retry: RetryEvent) => void;
  /** Check answers against the contract (default true). */
  readonly validateResponse?: boolean;
  /** Extra headers sent with every request (for example a `User-Agent`). */
  readonly headers?: Readonly<Record<string, string>>;
}

const whole = (max: number) => z.number().int().min(0).max(max);

/** The longest text V8 holds, in characters: a byte cap above it could not be read into one string. */
const MAX_TEXT_BYTES = 2 ** 29 - 24;
const bytes = (fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(MAX_TEXT_BYTES, {
      message: `Must be at most ${MAX_TEXT_BYTES} (the longest text JavaScript holds)`,
    })
    .default(fallback);

/** Whether `text` is an absolute http(s) URL with a host (`localhost:4010` is not: its scheme would be `localhost:`). */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host !== "";
  } catch {
    return false;
  }
}

const baseUrlSchema = z.string().refine(isHttpUrl, (text) => ({
  message: `Must be an absolute http:// or https:// URL such as ${API_BASE_URL} or http://127.0.0.1:4010, got "${text}"`,
}));

const optionsSchema = z
  .object({
    token: z
      .string()
      .min(1, { message: "Must not be empty" })
      .regex(/^\S+$/, { message: "Must not contain spaces" }),
    tokenType: z.enum(["Token", "Bearer"]).default("Token"),
    baseUrl: baseUrlSchema.default(API_BASE_URL),
    fetch: z.function().optional(),
    timeoutMs: whole(3_600_000).default(30_000),
    deadlineMs: whole(86_400_000).default(0),
    maxAnswerBytes: bytes(128 * 1024 * 1024),
    maxRowBytes: bytes(1024 * 1024),
    retry: z
      .union([
        z.literal(false),
        z
          .object({
            retries: whole(100).default(3),
            baseDelayMs: whole(600_000).default(250),
            maxDelayMs: whole(3_600_000).default(5_000),
            maxElapsedMs: whole(86_400_000).default(30_000),
          })
          .strict(),
      ])
      .default({}),
    onRetry: z.function().optional(),
    validateResponse: z.boolean().default(true),
    headers: z.record(z.string()).default({}),
  })
  .strict();

/** The options with their defaults filled in. */
export type ResolvedOptions = z.output<typeof optionsSchema>;
/** The retry options with their defaults filled in, or `false`. */
export type ResolvedRetry = ResolvedOptions["retry"];

/** Checks the options and fills in defaults; throws an `invalid-request` error naming the failing option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const fieldErrors = toFieldErrors(result.error.issues);
    throw new ReportingApiError({
      kind: "invalid-request",
      message: `Invalid client options: ${fieldErrors.map(({ path, message }) => `${path}: ${message}`).join("; ")}`,
      fieldErrors,
    });
  }
  return { ...result.data, baseUrl: result.data.baseUrl.replace(/\/+$/, "") };
}

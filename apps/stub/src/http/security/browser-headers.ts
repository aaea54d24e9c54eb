// What browsers are told: security headers on every answer, and CORS for the allowed origins, never on the admin routes.
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { ADMIN_BASE_PATH } from "../admin/scenario";
import { addHeaders, hasPlainHeaders } from "../bodies/whole-answer";

/** What the docs page may load: only the stub's own files (Swagger UI sets inline styles and data: images). */
export const DOCS_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Where the API's routes are: their answers are for pages on other origins too. */
const API_PATH_PREFIX = "/api/";

/** A page's kind, by its path: the docs page, an API route, or anything else. */
type Variant = "common" | "api" | "docs";

/** A header: its lower-case name and its value. */
type Header = readonly [string, string];

/** Each kind of page's security headers, in the order `Headers` gives them, once worked out. */
export interface SecurityHeaderLists {
  /** Settles once every list is worked out (a turn or two after they are made). */
  readonly ready: Promise<void>;
  /** The lists worked out so far, by kind of page. */
  readonly lists: Partial<Record<Variant, readonly Header[]>>;
}

/**
 * nosniff, no framing, no referrer, and so on, for every kind of page; the docs page also gets a
 * strict CSP. The API's answers say `Cross-Origin-Resource-Policy: cross-origin`: they are read by
 * pages on other origins through CORS, and a `no-cors` request, which carries no token, gets only an
 * error body the page cannot read; the client's `no-cors` probe then learns that the API answers, so
 * that it can tell a CORS refusal from a network failure. (No HSTS: the stub speaks plain HTTP on a
 * loopback address.) Each variant's headers are hono's, set once on a probe (none depends on the
 * request: no nonce): a whole answer then takes them into its plain headers, with no `Headers` made.
 */
export function securityHeaderLists(): SecurityHeaderLists {
  const variants = {
    common: secureHeaders({ strictTransportSecurity: false }),
    api: secureHeaders({
      strictTransportSecurity: false,
      crossOriginResourcePolicy: "cross-origin",
    }),
    docs: secureHeaders({
      strictTransportSecurity: false,
      xFrameOptions: "DENY",
      contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY,
    }),
  };
  const lists: SecurityHeaderLists["lists"] = {};
  const ready = Promise.all(
    (Object.keys(variants) as Variant[]).map(async (variant) => {
      const probe = { res: new Response(null) } as unknown as Context;
      await variants[variant](probe, async () => {});
      lists[variant] = [...probe.res.headers];
    }),
  ).then(() => undefined);
  return { ready, lists };
}

/** The security headers of {@link securityHeaderLists} on every answer, by its path's kind of page. */
export function securityHeaders(
  { ready, lists }: SecurityHeaderLists = securityHeaderLists(),
): MiddlewareHandler {
  return async (c, next) => {
    const { path } = c.req;
    const variant: Variant =
      path === "/docs" || path.startsWith("/docs/")
        ? "docs"
        : path.startsWith(API_PATH_PREFIX)
          ? "api"
          : "common";
    await next();
    if (lists[variant] === undefined) await ready;
    addHeaders(c.res, lists[variant] ?? []);
    // As hono's `removePoweredBy` does (a whole answer never has it).
    if (!hasPlainHeaders(c.res)) c.res.headers.delete("X-Powered-By");
  };
}

/**
 * The answer's headers a client reads that a page cannot read unless CORS exposes them: a download's
 * file name, how long a 429 or 503 asks to wait, and how much of a replayed answer its recording
 * covers. (`Content-Type` and `Content-Length`, which the client reads too, are always readable.)
 */
export const CORS_EXPOSED_HEADERS = [
  "Content-Disposition",
  "Retry-After",
  "X-Stub-Recording-Coverage",
] as const;

/** Refused origins named in the log, at most: past them, one line says that more are not named. */
export const MAX_REFUSED_ORIGINS_LOGGED = 100;

/** An `Origin` as sent when it is plain printable text, else quoted with its escapes shown. */
function shown(origin: string): string {
  const cut = origin.length > 200 ? `${origin.slice(0, 200)}…` : origin;
  return /^[\x21-\x7e]+$/.test(cut) ? cut : JSON.stringify(cut);
}

/**
 * Says once per origin, through `warn`, that a page on an origin CORS does not allow called the API
 * (its preflight or the request itself): the browser hides why its call failed, the stub's output
 * need not. The stub's own origin (its docs page) is not refused.
 */
function refusalLog(origins: readonly string[], warn: (line: string) => void) {
  const allowed = new Set(origins);
  const named = new Set<string>();
  const list = origins.length === 0 ? "none" : origins.join(", ");
  return (c: Context) => {
    const origin = c.req.header("origin");
    if (origin === undefined || allowed.has(origin) || named.has(origin)) return;
    if (named.size > MAX_REFUSED_ORIGINS_LOGGED) return;
    if (origin === new URL(c.req.url).origin) return;
    named.add(origin);
    if (named.size > MAX_REFUSED_ORIGINS_LOGGED) {
      warn(`CORS: more origins refused; past ${MAX_REFUSED_ORIGINS_LOGGED}, they are not named`);
      return;
    }
    warn(`CORS: refused origin ${shown(origin)} (allowed: ${list})`);
  };
}

/**
 * CORS for `origins` (`"*"` for any) on every route but the admin routes: a page allowed to read the
 * API is not thereby allowed to change the scenario. A page on another origin is named once through
 * `warn`.
 */
export function apiCors(
  origins: "*" | readonly string[],
  warn: (line: string) => void,
): MiddlewareHandler {
  const allow = cors({
    origin: origins === "*" ? "*" : [...origins],
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Accept"],
    exposeHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: 600,
  });
  const refused = origins === "*" ? undefined : refusalLog(origins, warn);
  const admin = `${ADMIN_BASE_PATH}/`;
  return (c, next) => {
    if (c.req.path.startsWith(admin)) return next();
    refused?.(c);
    return allow(c, next);
  };
}

// What browsers are told: security headers on every answer, and CORS for the allowed origins, never on the admin routes.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { ADMIN_BASE_PATH } from "./scenario";

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

/**
 * nosniff, no framing, no referrer, and so on, on every answer; the docs page also gets a strict CSP.
 * (No HSTS: the stub speaks plain HTTP on a loopback address.)
 */
export function securityHeaders(): MiddlewareHandler {
  const common = secureHeaders({ strictTransportSecurity: false });
  const docs = secureHeaders({
    strictTransportSecurity: false,
    xFrameOptions: "DENY",
    contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY,
  });
  return (c, next) =>
    (c.req.path === "/docs" || c.req.path.startsWith("/docs/") ? docs : common)(c, next);
}

/**
 * CORS for `origins` (`"*"` for any) on every route but the admin routes: a page allowed to read the
 * API is not thereby allowed to change the scenario.
 */
export function apiCors(origins: "*" | readonly string[]): MiddlewareHandler {
  const allow = cors({
    origin: origins === "*" ? "*" : [...origins],
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Accept"],
    // A download's file name, which a page's client reads from the answer.
    exposeHeaders: ["Content-Disposition"],
    maxAge: 600,
  });
  const admin = `${ADMIN_BASE_PATH}/`;
  return (c, next) => (c.req.path.startsWith(admin) ? next() : allow(c, next));
}

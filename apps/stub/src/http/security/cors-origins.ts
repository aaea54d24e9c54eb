// Checks that an allowed CORS origin is written as browsers send `Origin`, since any other spelling never matches.

/** Schemes other than http(s): `scheme://host[:port]`, lower case, as browsers send them. */
const OTHER_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(?::\d+)?$/;

/** The origin a browser would send for what was probably meant (`https://a.example/` → `https://a.example`). */
function intendedOrigin(value: string): string | undefined {
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:|$)/i.test(value);
  const withScheme = value.includes("://") ? value : `${local ? "http" : "https"}://${value}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
    return url.host === "" ? undefined : `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Why an allowed origin can never match a browser's `Origin` header (or would let any page in, as
 * `null` would), with its fixed form; `undefined` when it is `*` or exactly `scheme://host[:port]`
 * (no path, no trailing slash, lower case, no default port).
 */
export function corsOriginProblem(value: string): string | undefined {
  if (value === "*") return undefined;
  // Sandboxed frames and files send `Origin: null`, which any page can make a browser send.
  if (value === "null")
    return `"null" would let any page in (sandboxed frames send it): name the page's origin`;
  const intended = intendedOrigin(value);
  if (intended === value && (/^https?:/.test(value) || OTHER_ORIGIN.test(value))) return undefined;
  const fix = intended === undefined ? "" : `: use "${intended}"`;
  return `"${value}" never matches a browser's Origin (scheme://host[:port], no path, no trailing slash)${fix}`;
}

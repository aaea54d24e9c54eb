// The file name a `Content-Disposition` header suggests (RFC 6266: `filename*` over `filename`), made safe to save under.

/** Splits a header's parameters at `;` outside quoted strings: `[name, raw value]`, names lowercased. */
function parametersOf(header: string): [string, string][] {
  const parameters: [string, string][] = [];
  let part = "";
  let quoted = false;
  const flush = () => {
    const at = part.indexOf("=");
    if (at > 0)
      parameters.push([part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()]);
    part = "";
  };
  for (let i = 0; i < header.length; i += 1) {
    const char = header[i] as string;
    if (quoted && char === "\\" && i + 1 < header.length) {
      part += char + header[i + 1];
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      part += char;
    } else if (char === ";" && !quoted) flush();
    else part += char;
  }
  flush();
  return parameters;
}

/** A `filename` value: a quoted string unquoted (a missing closing quote tolerated), or a token as it is. */
function unquoted(value: string): string {
  if (!value.startsWith('"')) return value;
  const end = value.endsWith('"') && value.length > 1 ? value.length - 1 : value.length;
  return value.slice(1, end).replace(/\\(.)/g, "$1");
}

/** A `filename*` value (RFC 8187: `charset'language'percent-encoded`), or undefined if it cannot be read. */
function extended(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(unquoted(value));
  if (match === null) return undefined;
  const charset = (match[1] as string).toLowerCase();
  const encoded = match[2] as string;
  try {
    if (charset === "utf-8") return decodeURIComponent(encoded);
    if (charset === "iso-8859-1")
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
  } catch {
    return undefined; // malformed percent-encoding: `filename` is the fallback
  }
  return undefined;
}

/**
 * A name safe to save under: its last path segment (never a directory of the caller's), without
 * control characters; undefined if nothing usable is left.
 */
function safe(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const base = [...(name.split(/[/\\]/).pop() ?? "")]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join("")
    .trim();
  return base === "" || base === "." || base === ".." ? undefined : base;
}

/**
 * The file name a `Content-Disposition` header suggests: `filename*` (RFC 8187, UTF-8 or ISO-8859-1)
 * when it can be read, else `filename` (quoted or not); only its last path segment, so that it never
 * names a directory. Undefined when the header is absent or names no usable file.
 */
export function fileNameOf(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined) return undefined;
  const parameters = parametersOf(header);
  const value = (name: string) => parameters.find(([key]) => key === name)?.[1];
  const star = value("filename*");
  return (
    safe(star === undefined ? undefined : extended(star)) ?? safe(unquoted(value("filename") ?? ""))
  );
}

/** The longest file name taken from a server, in characters. */
export const MAX_FILE_NAME_LENGTH = 200;

/** Letters, digits, spaces and a few plain punctuation marks: no quotes, slashes, colons, wildcards, controls or bidi overrides. */
const PLAIN_NAME = /^[\p{L}\p{N} ._\-()[\]+,@&'€$#!%~=]+$/u;

/**
 * Whether a server's file name is safe to save as it is: plain characters only, no leading dot (no
 * `.npmrc`), at most {@link MAX_FILE_NAME_LENGTH} characters, and the format's extension (no
 * `package.json` for a CSV).
 */
export function isSafeFileName(name: string, extension: string): boolean {
  return (
    name.length <= MAX_FILE_NAME_LENGTH &&
    !name.startsWith(".") &&
    PLAIN_NAME.test(name) &&
    name.toLowerCase().endsWith(`.${extension.toLowerCase()}`) &&
    name.length > extension.length + 1
  );
}

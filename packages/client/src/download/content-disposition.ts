// The file name a `Content-Disposition` header suggests (RFC 6266: `filename*` over `filename`), made safe to save under.

/** Splits a header's parameters at `;` outside quoted strings: raw values by lowercased name, the first of each. */
function parametersOf(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  let part = "";
  let quoted = false;
  const flush = () => {
    const at = part.indexOf("=");
    const name = part.slice(0, at).trim().toLowerCase();
    if (at !== -1 && !parameters.has(name)) parameters.set(name, part.slice(at + 1).trim());
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
  return value.slice(1, value.endsWith('"') ? -1 : undefined).replace(/\\(.)/g, "$1");
}

/** The charsets a `filename*` may name (RFC 8187 requires UTF-8 and allows ISO-8859-1), by lowercased name. */
const DECODERS = new Map<string, (encoded: string) => string | undefined>([
  [
    "utf-8",
    (encoded) => {
      try {
        return decodeURIComponent(encoded);
      } catch {
        return undefined; // malformed percent-encoding: `filename` is the fallback
      }
    },
  ],
  [
    "iso-8859-1",
    (encoded) =>
      encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
  ],
]);

/**
 * A `filename*` value (RFC 8187: `charset'language'percent-encoded`), or undefined when it cannot be
 * read: not in that form, another charset (never guessed), or a malformed percent-encoding.
 */
function extended(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(unquoted(value));
  if (match === null) return undefined;
  return DECODERS.get((match[1] as string).toLowerCase())?.(match[2] as string);
}

/**
 * A name safe to save under: its last path segment (never a directory of the caller's); undefined if
 * it holds a control character (a name the server garbled or crafted is not repaired) or nothing
 * usable is left.
 */
function safe(name: string | undefined): string | undefined {
  if (name === undefined || /\p{Cc}/u.test(name)) return undefined;
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1).trim();
  return base === "" || base === "." || base === ".." ? undefined : base;
}

/**
 * The file name a `Content-Disposition` header suggests: `filename*` (RFC 8187, UTF-8 or ISO-8859-1)
 * when it can be read, else `filename` (quoted or not); only its last path segment, so that it never
 * names a directory. Undefined when the header is absent or names no usable file.
 */
export function fileNameOf(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const parameters = parametersOf(header);
  const star = parameters.get("filename*");
  return (
    safe(star === undefined ? undefined : extended(star)) ??
    safe(unquoted(parameters.get("filename") ?? ""))
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
    name.toLowerCase().endsWith(`.${extension.toLowerCase()}`)
  );
}

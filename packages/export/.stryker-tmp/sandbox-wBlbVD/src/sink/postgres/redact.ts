// @ts-nocheck
// Keeps a connection string's password out of every message: the string shown with the password masked, and errors scrubbed.

/** The password of a `postgresql://user:password@host/db` URL or a `password=… ` keyword string, as written and decoded. */
function passwordsOf(connectionString: string): string[] {
  const found: string[] = [];
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:([^@/?#]*)@/i.exec(connectionString);
  if (url?.[1]) found.push(url[1]);
  const query = /[?&]password=([^&#]*)/i.exec(connectionString);
  if (query?.[1]) found.push(query[1]);
  const keyword = /(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString);
  if (keyword?.[1]) found.push(keyword[1], keyword[1].replace(/^'|'$/g, ""));
  const decoded = found.flatMap((secret) => {
    try {
      return [decodeURIComponent(secret)];
    } catch {
      return [];
    }
  });
  return [...new Set([...found, ...decoded])].filter((secret) => secret !== "");
}

/** Masks the connection string's password wherever it appears in `text` (longest first). */
export function redactor(connectionString: string): (text: string) => string {
  const secrets = passwordsOf(connectionString).sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((masked, secret) => masked.replaceAll(secret, "***"), text);
}

/** The connection string for messages: the password masked. */
export function shownConnection(connectionString: string): string {
  return redactor(connectionString)(connectionString);
}

/** The error with the password masked in its message and stack (and its cause's), or a new Error when it was not one. */
export function scrubbed(error: unknown, redact: (text: string) => string): Error {
  const result = error instanceof Error ? error : new Error(String(error));
  try {
    result.message = redact(result.message);
    if (result.stack) result.stack = redact(result.stack);
    // Node's URL errors carry the input; pg's errors may carry the connection's parameters.
    for (const key of ["input", "cause"] as const) {
      const value = (result as unknown as Record<string, unknown>)[key];
      if (typeof value === "string")
        (result as unknown as Record<string, unknown>)[key] = redact(value);
      else if (value instanceof Error) scrubbed(value, redact);
    }
  } catch {
    return new Error(redact(String(result.message)));
  }
  return result;
}

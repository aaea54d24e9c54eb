// The one redaction every string the run writes goes through, so that the token never leaves the process.

/** What stands in for the token wherever it would appear. */
export const REDACTED = "[redacted]";

/** A function that replaces every occurrence of a secret (as written, URL-encoded or JSON-escaped) in a text. */
export type Redact = (text: string) => string;

/** The redaction of `secrets` (empty ones ignored): every written form of each is replaced by {@link REDACTED}. */
export function redactor(secrets: readonly (string | undefined)[]): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so that a form containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return out;
  };
}

/** A JSON-safe value with every string in it (keys included) redacted. */
export function redactDeep<T>(value: T, redact: Redact): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === "object" && item !== null)
      return Object.fromEntries(
        Object.entries(item).map(([key, inner]) => [redact(key), walk(inner)]),
      );
    return item;
  };
  return walk(value) as T;
}

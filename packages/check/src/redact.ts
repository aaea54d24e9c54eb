// The one redaction every string the run writes goes through, so that the token never leaves the process.

/** What stands in for the token wherever it would appear. */
export const REDACTED = "[redacted]";

/** The mark a text cut short ends with (the contract's audit and the evidence lines both use it). */
export const CUT_MARK = "…";

/** The shortest prefix of a secret that is redacted when a cut leaves it just before {@link CUT_MARK}. */
export const MIN_PREFIX = 8;

/** A function that replaces every occurrence of a secret (as written, URL-encoded or JSON-escaped) in a text. */
export type Redact = (text: string) => string;

/**
 * The redaction of `secrets` (empty ones ignored): every written form of each is replaced by
 * {@link REDACTED}, and so is a prefix of one of {@link MIN_PREFIX} characters or more that a cut left
 * just before {@link CUT_MARK}.
 */
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
    return out.includes(CUT_MARK) ? redactCutPrefixes(out, ordered) : out;
  };
}

/** `text` with the longest prefix (of MIN_PREFIX characters or more) of any form ending just before each cut mark replaced. */
function redactCutPrefixes(text: string, forms: readonly string[]): string {
  const pieces = text.split(CUT_MARK);
  for (let i = 0; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    let longest = 0;
    for (const form of forms)
      for (let k = Math.min(form.length - 1, piece.length); k >= MIN_PREFIX && k > longest; k--)
        if (piece.endsWith(form.slice(0, k))) {
          longest = k;
          break;
        }
    if (longest > 0) pieces[i] = `${piece.slice(0, piece.length - longest)}${REDACTED}`;
  }
  return pieces.join(CUT_MARK);
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

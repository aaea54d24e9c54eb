// Text from a server as one printable line: what it sent (an error's `detail`) cannot break a log's lines or drive a terminal.

/** Line breaks, other control characters (C0, DEL, C1) and the line, paragraph and direction marks that reorder or split a line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters escaped
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Escapes as JSON writes them where it has a short one. */
const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` with each unprintable character escaped (`\n`, `\r`, `\t`, else `\u001b` and the like). */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (char) => SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

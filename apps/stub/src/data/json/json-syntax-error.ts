// Where a JSON syntax error is in the text that failed to parse, as a line and a column for a person to find.

/**
 * Where in `text` a JSON syntax error is: its `position`, or (where V8 quotes the text around an
 * unexpected token instead) the token's place in that quoted context.
 */
function positionOf(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  if (message === "Unexpected end of JSON input") return text.length;
  const quoted =
    /^Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!quoted) return undefined;
  const [, token = "", context = ""] = quoted;
  const at = text.indexOf(context);
  if (at < 0 || text.indexOf(context, at + 1) >= 0) return undefined;
  return at + context.indexOf(token);
}

/** V8's quote of the text around an unexpected token, after the token. */
const QUOTED_TEXT = /, (?:\.\.\.)?"[\s\S]*?"(?:\.\.\.)? is not valid JSON$/;

/**
 * A JSON syntax error's message with the line and column it names in `text` (`line 3, column 15: …`);
 * with `quoteText` false, without the text V8 quotes around an unexpected token (a secret, maybe):
 * the line and column say where it is.
 */
export function syntaxErrorOf(text: string, error: unknown, quoteText = true): string {
  const said = (error as Error).message;
  const position = positionOf(text, said);
  // Node 22 and later add `(line 3 column 24)` of their own: said once, in the form Node 20 gets too.
  const message = (quoteText ? said : said.replace(QUOTED_TEXT, "")).replace(
    / \(line \d+ column \d+\)$/,
    "",
  );
  if (position === undefined) return message;
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${message}`;
}

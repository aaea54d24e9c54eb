// Where each entry of a JSON file's top-level list starts, as line numbers, so a refusal can name the line.

/** Skips the string opening at `at` and returns where it ends. */
function skipString(text: string, at: number): number {
  let index = at + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
  return index + 1;
}

/** Skips the JSON value starting at `at` (the text is known to parse) and returns where it ends. */
function skipValue(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return skipString(text, at);
  let index = at;
  if (first === "{" || first === "[") {
    let depth = 0;
    while (index < text.length) {
      const char = text[index];
      if (char === '"') {
        index = skipString(text, index);
        continue;
      }
      if (char === "{" || char === "[") depth += 1;
      else if ((char === "}" || char === "]") && --depth === 0) return index + 1;
      index += 1;
    }
    return index;
  }
  while (index < text.length && !/[\s,}\]]/.test(text[index] as string)) index += 1;
  return index;
}

/** Skips whitespace (and a byte-order mark) from `at`. */
function skipSpace(text: string, at: number): number {
  let index = at;
  while (index < text.length && /[\s\uFEFF]/.test(text[index] as string)) index += 1;
  return index;
}

/**
 * The 1-based line of each element of the list under `key` in a JSON object text that `JSON.parse`
 * accepted; `undefined` when the top level is not an object or `key` holds no list. Like `JSON.parse`,
 * a repeated key counts at its last occurrence.
 */
export function elementLines(text: string, key: string): number[] | undefined {
  let index = skipSpace(text, 0);
  if (text[index] !== "{") return undefined;
  let found: number[] | undefined;
  index = skipSpace(text, index + 1);
  while (text[index] === '"') {
    const keyEnd = skipValue(text, index);
    const name = JSON.parse(text.slice(index, keyEnd)) as string;
    index = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    if (name === key) found = text[index] === "[" ? elementStarts(text, index) : undefined;
    index = skipSpace(text, skipValue(text, index));
    if (text[index] === ",") index = skipSpace(text, index + 1);
  }
  return found?.map((offset) => lineAt(text, offset));
}

/** The offsets where the elements of the list opening at `at` start. */
function elementStarts(text: string, at: number): number[] {
  const starts: number[] = [];
  let index = skipSpace(text, at + 1);
  while (index < text.length && text[index] !== "]") {
    starts.push(index);
    index = skipSpace(text, skipValue(text, index));
    if (text[index] === ",") index = skipSpace(text, index + 1);
  }
  return starts;
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (
    let index = text.indexOf("\n");
    index !== -1 && index < offset;
    index = text.indexOf("\n", index + 1)
  )
    line += 1;
  return line;
}

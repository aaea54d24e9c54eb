// The splitter's test helpers: split an answer's chunks, or say the error splitting them throws.
import { expect } from "vitest";
import { AnswerSplitError, AnswerSplitter } from "../../src/answers/reader/answer-splitter";
import { chunksOf } from "./answer-arbitraries";

/** UTF-8 bytes of `text`. */
export const encode = (text: string) => new TextEncoder().encode(text);
/** How many cases each property runs. */
export const RUNS = { numRuns: 400 };

/** Splits `chunks`, returning what the splitter saw. */
export function split(chunks: readonly Uint8Array[], maxValueBytes = 1 << 20) {
  const splitter = new AnswerSplitter({ maxValueBytes });
  const rows: unknown[] = [];
  for (const chunk of chunks) rows.push(...splitter.write(chunk));
  splitter.end();
  return { rows, fields: splitter.fields, extraKeys: [...splitter.extraKeys] };
}

/** The error `write`s then `end` throw for `text` (in one chunk unless cut), or undefined. */
export function failure(text: string | Uint8Array, maxValueBytes = 1 << 20, at: number[] = []) {
  const bytes = typeof text === "string" ? encode(text) : text;
  try {
    split(chunksOf(bytes, at), maxValueBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AnswerSplitError);
    return error as AnswerSplitError;
  }
  return undefined;
}

/** The top-level keys of a valid JSON text whose top level is an object, in order, duplicates kept. */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let keyNext = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (depth === 1 && keyNext) keys.push(JSON.parse(text.slice(i, j + 1)));
      keyNext = false;
      i = j;
    } else if (c === "{" || c === "[") {
      depth += 1;
      keyNext = depth === 1;
    } else if (c === "}" || c === "]") depth -= 1;
    else if (c === "," && depth === 1) keyNext = true;
  }
  return keys;
}

/** What the splitter must say of `bytes`, from JSON.parse of the whole: the answer, or "error". */
export function oracle(bytes: Uint8Array) {
  const text = new TextDecoder().decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "error";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "error";
  const answer = value as Record<string, unknown>;
  if (!Object.hasOwn(answer, "fields") || !Array.isArray(answer.data)) return "error";
  const keys = topLevelKeys(text.replace(/^\uFEFF/, ""));
  if (keys.filter((k) => k === "fields").length > 1 || keys.filter((k) => k === "data").length > 1)
    return "error";
  const extraKeys = [...new Set(keys.filter((k) => k !== "fields" && k !== "data"))];
  return { rows: answer.data, fields: answer.fields, extraKeys };
}

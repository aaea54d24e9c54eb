// The splitter with a check of rows from their bytes: the rows it passes are not parsed, and everything else it hands out (other rows, NDJSON, texts, the kind of error) is what it hands out without the check.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnswerSplitError, AnswerSplitter } from "../src/answers/reader/answer-splitter";
import { rowBytesCheckOf } from "../src/answers/reader/row-bytes-check";
import { advancedRowSchema } from "../src/api/rows/rows";
import { chunksOf, cuts } from "./helpers/answer-arbitraries";
import { advancedRowText, byteEdit, edited } from "./helpers/contract-rows";
import { encode, RUNS } from "./helpers/split";

const makeCheck = rowBytesCheckOf(advancedRowSchema, "timestamp");
if (makeCheck === undefined) throw new Error("the contract's rows must be checked from bytes");
const FIELDS = '[{"name":"timestamp","type":"datetime","tz":"UTC"}]';
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const fatal = new TextDecoder("utf-8", { fatal: true });
/** Whether the bytes are UTF-8. */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What a splitter hands out for `chunks`: rows, times, NDJSON and texts (as text), or its error. */
function splitAll(chunks: readonly Uint8Array[], checked: boolean, maxValueBytes = 1 << 20) {
  const splitter = new AnswerSplitter({
    maxValueBytes,
    ndjson: true,
    rowText: true,
    ...(checked ? { rowCheck: () => makeCheck?.() } : {}),
  });
  const rows: unknown[] = [];
  const times: number[] = [];
  const texts: (string | undefined)[] = [];
  const lines: number[] = [];
  try {
    for (const chunk of chunks) {
      const written = splitter.write(chunk);
      rows.push(...written);
      if (checked) {
        expect(splitter.times).toHaveLength(written.length);
        times.push(...splitter.times);
      }
      expect(splitter.rowTexts).toHaveLength(written.length);
      texts.push(
        ...splitter.rowTexts.map((text) => (text === undefined ? undefined : decode(text))),
      );
      const { bytes, ends } = splitter.ndjson;
      expect(ends).toHaveLength(written.length);
      if (ends.length > 0) expect(ends[ends.length - 1]).toBe(bytes.length);
      lines.push(...bytes);
    }
    splitter.end();
  } catch (error) {
    if (!(error instanceof AnswerSplitError)) throw error;
    return { error: { reason: error.reason, message: error.message }, rows };
  }
  return { rows, times, texts, ndjson: new Uint8Array(lines) };
}

/** An answer of `rows` with `separator` between them (as the API writes it: a bare comma). */
const answerOf = (rows: readonly string[], separator = ",") =>
  `{"fields":${FIELDS},"data":[${rows.join(separator)}]}`;

/** What may stand between rows: a bare comma mostly, whitespace around it now and then. */
const separator = fc.constantFrom(",", ",", ",", ", ", " ,", ",\n  ", "\r\n,\t");

describe("rows checked from their bytes", () => {
  it("are all passed, none parsed, with their times, NDJSON and texts as without the check, whatever the chunks", () => {
    fc.assert(
      fc.property(
        fc.array(advancedRowText, { maxLength: 12 }),
        separator,
        cuts,
        (written, between, at) => {
          const chunks = chunksOf(encode(answerOf(written, between)), at);
          const plain = splitAll(chunks, false);
          const checked = splitAll(chunks, true);
          expect(checked.rows).toEqual(written.map(() => undefined));
          expect(checked.times).toEqual(
            plain.rows.map((row) => Date.parse((row as { timestamp: string }).timestamp)),
          );
          expect(checked.ndjson).toEqual(plain.ndjson);
          expect(checked.texts).toEqual(plain.texts);
        },
      ),
      RUNS,
    );
  });

  it("are all passed at every cut near their ends and starts, whitespace around their commas or not", () => {
    const [first, second] = fc.sample(advancedRowText, { seed: 7, numRuns: 2 }) as [string, string];
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    for (const between of [",", " , ", ",\n  ", "\r\n,\t"]) {
      const text = answerOf([first, second, first], between);
      const bytes = encode(text);
      const plain = splitAll([bytes], false);
      // Every byte within 40 of a row's edge, and every 50th elsewhere.
      const edges = [...text.matchAll(/\{"timestamp"|\}(?=\s*[,\]])/g)].map((m) => m.index);
      for (let at = 0; at <= bytes.length; at += 1) {
        if (at % 50 !== 0 && !edges.some((edge) => Math.abs(edge - at) <= 40)) continue;
        const checked = splitAll([bytes.subarray(0, at), bytes.subarray(at)], true);
        expect(checked.rows, `cut at ${at}`).toEqual([undefined, undefined, undefined]);
        expect(same(checked.ndjson as Uint8Array, plain.ndjson as Uint8Array), `cut at ${at}`).toBe(
          true,
        );
      }
    }
  });

  it("leave rows in other forms to JSON.parse: the same rows, NDJSON and errors as without the check", () => {
    /** A row of the contract's bytes, as the API writes it or edited (other forms, broken ones, bytes that are not UTF-8). */
    const row = fc.oneof(
      { weight: 3, arbitrary: advancedRowText.map(encode) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(advancedRowText, fc.array(byteEdit, { minLength: 1, maxLength: 2 }))
          .map(([text, edits]) => edited(encode(text), edits)),
      },
      { weight: 1, arbitrary: advancedRowText.map((text) => encode(text.replace(/,"/g, ', "'))) },
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), separator, cuts, (written, between, at) => {
        const rows = written.flatMap((bytes, k) => (k === 0 ? [bytes] : [encode(between), bytes]));
        const answer = Buffer.concat([encode(answerOf([])).subarray(0, -2), ...rows, encode("]}")]);
        const chunks = chunksOf(answer, at);
        const plain = splitAll(chunks, false);
        const checked = splitAll(chunks, true);
        // A broken answer is the same kind of error; it may name an earlier fault of it (the check
        // parses the rows before a row it passes at once, not at the chunk's end).
        expect(checked.error?.reason).toBe(plain.error?.reason);
        if (plain.error) return;
        // Without the check, a run of rows holding one whose bytes are not UTF-8 is written as
        // JSON.stringify writes it, all of it; with it, runs are cut at each row it passes, which
        // keeps its bytes. So: the lines are UTF-8 and the same values; a row passed keeps its bytes.
        const lines = (ndjson: Uint8Array | undefined) =>
          decode(ndjson ?? new Uint8Array())
            .split("\n")
            .slice(0, -1);
        expect(isUtf8(checked.ndjson as Uint8Array)).toBe(true);
        const checkedLines = lines(checked.ndjson);
        const plainLines = lines(plain.ndjson);
        expect(checkedLines.map((line) => JSON.parse(line))).toEqual(
          plainLines.map((line) => JSON.parse(line)),
        );
        checked.rows.forEach((got, k) => {
          if (got !== undefined) return;
          const bytes = decode(written[k] as Uint8Array).trim();
          expect(checked.texts?.[k]).toBe(bytes);
          expect(checkedLines[k]).toBe(bytes);
        });
        if (plain.texts?.every((text) => text !== undefined))
          expect(checked.ndjson).toEqual(plain.ndjson);
        expect(checked.rows).toHaveLength(plain.rows.length);
        checked.rows.forEach((got, k) => {
          if (got !== undefined) expect(got).toEqual(plain.rows[k]);
          else
            expect(checked.times?.[k]).toBe(
              Date.parse((plain.rows[k] as { timestamp: string }).timestamp),
            );
        });
      }),
      { numRuns: 600 },
    );
  });

  it("are held to maxValueBytes as parsed rows are", () => {
    fc.assert(
      fc.property(
        fc.array(advancedRowText, { minLength: 1, maxLength: 4 }),
        cuts,
        (written, at) => {
          const text = answerOf(written);
          const longest = Math.max(...written.map((w) => encode(w).length));
          const chunks = chunksOf(encode(text), at);
          expect(splitAll(chunks, true, longest - 1).error).toEqual(
            splitAll(chunks, false, longest - 1).error,
          );
          expect(splitAll(chunks, true, longest - 1).error?.reason).toBe("too-large");
        },
      ),
      RUNS,
    );
  });

  it("keep a time for each row, NaN for rows parsed, when the check is made for no answer", () => {
    fc.assert(
      fc.property(fc.array(advancedRowText, { maxLength: 40 }), cuts, (written, at) => {
        const splitter = new AnswerSplitter({ maxValueBytes: 1 << 20, rowCheck: () => undefined });
        for (const chunk of chunksOf(encode(answerOf(written)), at)) {
          const rows = splitter.write(chunk);
          expect(splitter.times).toEqual(rows.map(() => Number.NaN));
        }
      }),
      RUNS,
    );
  });

  it("are checked by the check made for the answer's fields, once its data starts; none when data comes first", () => {
    const seen: unknown[] = [];
    const rowCheck = (fields: unknown) => {
      seen.push(fields);
      return makeCheck?.();
    };
    fc.assert(
      fc.property(advancedRowText, (row) => {
        seen.length = 0;
        const first = new AnswerSplitter({ maxValueBytes: 1 << 20, rowCheck });
        expect(first.write(encode(answerOf([row, row])))).toEqual([undefined, undefined]);
        expect(seen).toEqual([JSON.parse(FIELDS)]);
        seen.length = 0;
        const dataFirst = new AnswerSplitter({ maxValueBytes: 1 << 20, rowCheck });
        const rows = dataFirst.write(encode(`{"data":[${row}],"fields":${FIELDS}}`));
        expect(rows).toEqual([JSON.parse(row)]);
        expect(dataFirst.times).toEqual([Number.NaN]);
        expect(seen).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});

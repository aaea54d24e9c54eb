// The splitter's row texts (rowText): each row's bytes exactly as sent, whatever the chunks, or none where they cannot be one NDJSON line.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnswerSplitter } from "../src/answers/reader/answer-splitter";
import { ndjsonOf } from "../src/answers/reader/row-text";
import { answerText, chunksOf, cuts, sameKeyRows, valueText } from "./helpers/answer-arbitraries";
import { encode, RUNS } from "./helpers/split";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * Splits `chunks` with rowText: the rows, and each row's text (as a string; null where none). A
 * second splitter, with ndjson, splits them too: each write's lines must be the texts' NDJSON, byte
 * for byte, each row's line ending where its own does.
 */
function splitWithTexts(chunks: readonly Uint8Array[]) {
  const splitter = new AnswerSplitter({ maxValueBytes: 1 << 20, rowText: true });
  const lined = new AnswerSplitter({ maxValueBytes: 1 << 20, ndjson: true });
  const rows: unknown[] = [];
  const texts: (string | null)[] = [];
  const lines: string[] = [];
  for (const chunk of chunks) {
    const written = splitter.write(chunk);
    expect(splitter.rowTexts).toHaveLength(written.length);
    rows.push(...written);
    for (const text of splitter.rowTexts) texts.push(text === undefined ? null : decode(text));
    const ndjson = ndjsonOf(written, splitter.rowTexts);
    lines.push(decode(ndjson));
    expect(lined.write(chunk)).toEqual(written);
    const { bytes, ends } = lined.ndjson;
    expect(bytes).toEqual(ndjson);
    expect(ends).toEqual(lineEnds(ndjson));
  }
  splitter.end();
  lined.end();
  return { rows, texts, ndjson: lines.join("") };
}

/** Where each line of NDJSON bytes ends (just past its line feed). */
function lineEnds(ndjson: Uint8Array): number[] {
  const ends: number[] = [];
  ndjson.forEach((byte, at) => {
    if (byte === 0x0a) ends.push(at + 1);
  });
  return ends;
}

/** What each row's text must be: its bytes as written, unless a line break sits between its values. */
const expectedText = (row: string) => (/[\r\n]/.test(row) ? null : row);

/** The NDJSON of rows whose texts are `texts`: each text, or the row's JSON.stringify, and "\n". */
const expectedNdjson = (rows: unknown[], texts: (string | null)[]) =>
  rows.map((row, k) => `${texts[k] ?? JSON.stringify(row)}\n`).join("");

describe("row texts", () => {
  it("are each row's bytes as sent, for rows that start alike (the guessed path), whatever the chunks", () => {
    fc.assert(
      fc.property(sameKeyRows, cuts, (written, at) => {
        const text = `{"fields":[],"data":[${written.join(",")}]}`;
        const { rows, texts, ndjson } = splitWithTexts(chunksOf(encode(text), at));
        expect(rows).toEqual(written.map((row) => JSON.parse(row)));
        expect(texts).toEqual(written.map(expectedText));
        expect(ndjson).toBe(expectedNdjson(rows, texts));
      }),
      RUNS,
    );
  });

  it("are each row's bytes as sent in any answer's layout, whatever the chunks", () => {
    fc.assert(
      fc.property(answerText(sameKeyRows), cuts, (text, at) => {
        const rowsOf = JSON.parse(text.replace(/^\uFEFF/, "")).data as unknown[];
        const { rows, texts, ndjson } = splitWithTexts(chunksOf(encode(text), at));
        expect(rows).toEqual(rowsOf);
        texts.forEach((line, k) => {
          if (line !== null) expect(JSON.parse(line)).toEqual(rows[k]);
        });
        expect(ndjson).toBe(expectedNdjson(rows, texts));
      }),
      RUNS,
    );
  });

  it("are exactly the rows' own texts, any JSON values, any whitespace between them", () => {
    const rowTexts = fc.array(valueText, { maxLength: 12 });
    fc.assert(
      fc.property(
        rowTexts,
        fc.array(fc.constantFrom("", " ", "\n", "\r\n", "\t"), { minLength: 2, maxLength: 2 }),
        cuts,
        (values, [before, after], at) => {
          const text = `{"fields":[],"data":[${values.map((value) => `${before}${value}${after}`).join(",")}]}`;
          const { rows, texts, ndjson } = splitWithTexts(chunksOf(encode(text), at));
          expect(texts).toEqual(values.map(expectedText));
          expect(rows).toEqual(values.map((value) => JSON.parse(value)));
          expect(ndjson).toBe(expectedNdjson(rows, texts));
        },
      ),
      RUNS,
    );
  });

  it("are the rows' bytes when their strings hold braces, or nested values start like rows", () => {
    const rows = [
      '{"timestamp":"2022-11-01T00:00:00Z","label":"{x}"}',
      '{"timestamp":"2022-11-01T00:00:01Z","label":"}{","x":[{"timestamp":1},{"timestamp":2}]}',
      '{"timestamp":"2022-11-01T00:00:02Z","label":"\\"{\\\\"}',
      '{"timestamp":"2022-11-01T00:00:03Z","x":{"y":{}}}',
      '{"timestamp":"2022-11-01T00:00:04Z"}',
    ];
    const text = `{"fields":[],"data":[${rows.join(",")}]}`;
    for (const size of [1, 3, 17, 23, 40, 50, 64, 70, 90, 100, 128, text.length]) {
      const chunks = chunksOf(
        encode(text),
        Array.from({ length: text.length }, (_, k) => k * size),
      );
      expect(splitWithTexts(chunks).texts).toEqual(rows);
    }
  });

  it("are none for rows spread over lines, whatever the chunks (the guessed path too)", () => {
    const rows = Array.from({ length: 12 }, (_, k) =>
      k % 3 === 1 ? `{"id":${k},\n"v":"a"}` : k % 3 === 2 ? `{"id":${k},\r"v":"b"}` : `{"id":${k}}`,
    );
    const text = `{"fields":[],"data":[${rows.join(",")}]}`;
    const bytes = encode(text);
    for (let cut = 0; cut <= bytes.length; cut += 1)
      for (const size of [9, 31]) {
        const at = [cut, ...Array.from({ length: 20 }, (_, k) => cut + (k + 1) * size)];
        expect(splitWithTexts(chunksOf(bytes, at)).texts).toEqual(rows.map(expectedText));
      }
  });

  it("are the rows' bytes when a row is not an object (braces in an array's strings)", () => {
    const rows = ['["{","}"]', "{}", '"}{"', "{}", "1"];
    const text = `{"fields":[],"data":[${rows.join(",")}]}`;
    expect(splitWithTexts([encode(text)]).texts).toEqual(rows);
  });

  it("are none for the rows of a stretch that is not UTF-8; their NDJSON is JSON.stringify's", () => {
    const head = encode('{"fields":[],"data":[{"id":1,"v":"a"},{"id":2,"v":"');
    const tail = encode('"},{"id":3,"v":"ok"}]}');
    const bytes = new Uint8Array([...head, 0xff, 0xc3, ...tail]);
    const { rows, texts, ndjson } = splitWithTexts([bytes]);
    expect(rows).toEqual([
      { id: 1, v: "a" },
      { id: 2, v: "\uFFFD\uFFFD" },
      { id: 3, v: "ok" },
    ]);
    expect(texts).toEqual([null, null, null]);
    expect(ndjson).toBe(expectedNdjson(rows, texts));
    // Cut inside the bad row, after the rows' first key is known (the guessed path, the row carried).
    const guessed = new Uint8Array([
      ...encode('{"fields":[],"data":[{"id":0},{"id":1,"v":"a"},{"id":2,"v":"'),
      0xff,
      ...encode('x"},{"id":3}]}'),
    ]);
    for (let cut = 30; cut < guessed.length; cut += 1) {
      const { rows: got, texts: lines } = splitWithTexts([
        guessed.slice(0, cut),
        guessed.slice(cut),
      ]);
      expect(got[2]).toEqual({ id: 2, v: "\uFFFDx" });
      expect(lines[2]).toBeNull();
    }
    // Row 1 complete in a chunk of its own: only the stretch holding the bad bytes loses its texts
    // (row 3 may be parsed with row 2 or alone).
    const apart = splitWithTexts([head.subarray(0, 38), bytes.subarray(38)]);
    expect(apart.texts.slice(0, 2)).toEqual(['{"id":1,"v":"a"}', null]);
    expect([null, '{"id":3,"v":"ok"}']).toContain(apart.texts[2]);
    expect(apart.ndjson).toBe(expectedNdjson(apart.rows, apart.texts));
  });

  it("keep non-ASCII text as its UTF-8 bytes, escapes as written", () => {
    const rows = ['{"v":"Jyväskylä 🚀"}', '{"v":"\\u00e4\\n\\/"}', '{"v":1.0,"w":-0,"x":1e2}'];
    const text = `{"fields":[],"data":[${rows.join(",")}]}`;
    const bytes = encode(text);
    for (let cut = 0; cut <= bytes.length; cut += 1)
      expect(splitWithTexts([bytes.slice(0, cut), bytes.slice(cut)]).texts).toEqual(rows);
  });

  it("are kept only with rowText", () => {
    const splitter = new AnswerSplitter({ maxValueBytes: 1024 });
    expect(splitter.write(encode('{"fields":[],"data":[{"a":1},{"a":2}]}'))).toHaveLength(2);
    expect(splitter.rowTexts).toEqual([]);
  });
});

describe("ndjsonOf", () => {
  it("joins texts from one buffer, from several and JSON.stringify's into the same lines", () => {
    const buffer = encode('{"a":1},{"a":2} ,{"a":3}');
    const texts = [buffer.subarray(0, 7), buffer.subarray(8, 15), buffer.subarray(17, 24)];
    const other = encode('{"b": 4}');
    const rows = [{ a: 1 }, { a: 2 }, { a: 3 }, { b: 4 }, { c: "ä" }];
    expect(decode(ndjsonOf(rows, [...texts, other, undefined]))).toBe(
      '{"a":1}\n{"a":2}\n{"a":3}\n{"b": 4}\n{"c":"ä"}\n',
    );
    expect(ndjsonOf([], [])).toEqual(new Uint8Array(0));
  });
});

// The answer splitter against JSON.parse of the whole answer: the same rows and fields whatever the
// chunks, an AnswerSplitError exactly when JSON.parse fails or the shape is wrong, bounded memory.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnswerSplitError } from "../src/answers/reader/answer-splitter";
import { answerText, chunksOf, cuts, sameKeyRows, valueText } from "./helpers/answer-arbitraries";
import { encode, oracle, RUNS, split } from "./helpers/split";

describe("a valid answer in any chunks", () => {
  it("gives the rows and fields JSON.parse gives, for any rows, keys, whitespace and cuts", () => {
    fc.assert(
      fc.property(answerText(fc.array(valueText, { maxLength: 12 })), cuts, (text, at) => {
        const bytes = encode(text);
        expect(split(chunksOf(bytes, at))).toEqual(oracle(bytes));
      }),
      RUNS,
    );
  });

  it("gives the same rows when rows start alike (the guessed row starts are checked)", () => {
    fc.assert(
      fc.property(answerText(sameKeyRows), cuts, (text, at) => {
        const bytes = encode(text);
        expect(split(chunksOf(bytes, at))).toEqual(oracle(bytes));
      }),
      RUNS,
    );
  });

  it("reads a tricky answer cut into two at every byte, and byte by byte", () => {
    const text = `\uFEFF {"x" : [1,{"data":2}], "fields":["é\\"]\\\\"], "data" : [ {"id":"a\\u00e9,]}\\ud83d\\ude00"}, {"id":-1.5e-3,"n":[null,true,{"id":"😀"}]} ,"\\ud800",[[]] ,{} ] } `;
    const bytes = encode(text);
    const want = oracle(bytes);
    expect(want).not.toBe("error");
    for (let cut = 0; cut <= bytes.length; cut += 1)
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(want);
    expect(split([...bytes].map((b) => Uint8Array.of(b)))).toEqual(want);
  });

  it("guesses row starts in big chunks of API-like rows and still gives every row", () => {
    const rows = Array.from({ length: 500 }, (_, k) => ({
      id: `r${k}`,
      nested: [{ id: k }, { id: 'x,{"id":' }],
      text: "ä€😀".repeat(k % 7),
    }));
    const bytes = encode(JSON.stringify({ fields: [{ name: "id" }], data: rows }));
    for (const size of [1000, 4096, 65536]) {
      const chunks = chunksOf(
        bytes,
        Array.from({ length: Math.ceil(bytes.length / size) }, (_, k) => (k + 1) * size),
      );
      expect(split(chunks).rows).toEqual(rows);
    }
  });
});

const interesting = fc.constantFrom(
  ...'"\\,:[]{}0-.eE tnx\u0001'.split("").map((c) => c.charCodeAt(0)),
  0x80,
  0xc3,
  0xef,
  0xff,
);
const corruption = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), byte: interesting }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: interesting }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
);

/** One change to an answer's bytes. */
type Change = { kind: "truncate" | "replace" | "insert" | "delete"; at: number; byte?: number };

function corrupt(bytes: Uint8Array, change: Change): Uint8Array {
  const at = change.at % (bytes.length + 1);
  const list = [...bytes];
  if (change.kind === "truncate") list.length = at;
  else if (change.kind === "replace") list[Math.min(at, list.length - 1)] = change.byte ?? 0;
  else if (change.kind === "insert") list.splice(at, 0, change.byte ?? 0);
  else list.splice(at, 1);
  return Uint8Array.from(list);
}

describe("an invalid answer", () => {
  it("throws an AnswerSplitError exactly when JSON.parse fails or the shape is wrong, else reads it", () => {
    const rows = fc.oneof(fc.array(valueText, { maxLength: 6 }), sameKeyRows);
    fc.assert(
      fc.property(
        answerText(rows),
        fc.array(corruption, { minLength: 1, maxLength: 3 }),
        cuts,
        (text, changes, at) => {
          let bytes: Uint8Array = encode(text);
          for (const change of changes) bytes = corrupt(bytes, change);
          const want = oracle(bytes);
          let got: unknown;
          try {
            got = split(chunksOf(bytes, at));
          } catch (error) {
            expect(error).toBeInstanceOf(AnswerSplitError);
            got = "error";
          }
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

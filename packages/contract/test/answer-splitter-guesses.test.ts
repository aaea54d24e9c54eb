// The splitter's guessed row starts (checked, never trusted) and keys read as JSON.parse reads them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnswerSplitError } from "../src/answers/reader/answer-splitter";
import { chunksOf, stringText } from "./helpers/answer-arbitraries";
import { encode, failure, oracle, split } from "./helpers/split";

describe("guessed row starts", () => {
  const rowsText = (from: number, count: number) =>
    Array.from({ length: count }, (_, k) => `{"id":${from + k},"v":"ä"}`).join(",");
  const head = `{"fields":[],"data":[${rowsText(0, 3)}`;

  it("give every row, whatever the chunks after the first row", () => {
    const text = `${head},${rowsText(3, 200)}]}`;
    const bytes = encode(text);
    const want = (oracle(bytes) as { rows: unknown[] }).rows;
    for (const size of [7, 40, 333, 4096])
      expect(
        split(
          chunksOf(
            bytes,
            Array.from({ length: 900 }, (_, k) => head.length + k * size),
          ),
        ).rows,
      ).toEqual(want);
  });

  it("never take an empty row or a row larger than the cap", () => {
    const empty = [encode(head), encode(`,,{"id":3}]}`)];
    expect(() => split(empty)).toThrow(AnswerSplitError);
    const empty2 = [encode(`${head},`), encode(`,{"id":3}]}`)]; // the guess: no rows before the comma
    expect(() => split(empty2)).toThrow(AnswerSplitError);
    const big = `{"id":"${"x".repeat(94)}"}`; // 103 bytes
    const chunks = [encode(`${head},`), encode(`${rowsText(3, 2)},${big},${rowsText(5, 5)}]}`)];
    expect(
      failure(Uint8Array.from(chunks.flatMap((c) => [...c])), 102, [chunks[0]?.length ?? 0])
        ?.reason,
    ).toBe("too-large");
    expect(split(chunks, 103).rows).toHaveLength(11);
  });

  it("are checked: a wrong guess in a nested value, or a corrupted row, is found", () => {
    const nested = `,{"id":5,"n":[{"id":1},{"id":2}]},{"id":6}]}`;
    expect(split([encode(head), encode(nested)]).rows).toHaveLength(5);
    const bad = `,{"id":3},{"id":tru},{"id":5}]}`;
    const error = failure(encode(head + bad), 1000, [head.length]);
    const at = encode((head + bad).slice(0, (head + bad).indexOf('{"id":tru'))).length;
    expect(error?.message).toContain(`row 4 (from byte ${at})`);
  });
});

describe("keys", () => {
  it("reads keys written with escapes as JSON.parse does", () => {
    fc.assert(
      fc.property(stringText, (key) => {
        const name = JSON.parse(key) as string;
        fc.pre(name !== "fields" && name !== "data");
        const { extraKeys } = split([encode(`{${key}:1,"fields":[],"data":[]}`)]);
        expect(extraKeys).toEqual([name]);
      }),
    );
  });
});

// The splitter's verdicts on answers that are not the step answer's shape, and the cap on one value.
import { describe, expect, it } from "vitest";
import {
  AnswerSplitError,
  AnswerSplitter,
  MAX_EXTRA_KEYS,
} from "../src/answers/reader/answer-splitter";
import { chunksOf } from "./helpers/answer-arbitraries";
import { encode, failure, split } from "./helpers/split";

describe("the splitter's verdicts", () => {
  it.each([
    ["data is an object", '{"fields":[],"data":{}}', "shape"],
    ["data is a string", '{"fields":[],"data":"[]"}', "shape"],
    ["a second data", '{"fields":[],"data":[],"data":[]}', "shape"],
    ["a second fields, escaped", '{"fields":[],"data":[1],"fi\\u0065lds":[]}', "shape"],
    ["no fields", '{"data":[1]}', "shape"],
    ["no data", '{"fields":[]}', "shape"],
    ["an empty object", "{}", "shape"],
    ["an array", "[]", "invalid-json"],
    ["trailing garbage", '{"fields":[],"data":[]}x', "invalid-json"],
    ["a second answer", '{"fields":[],"data":[]} {}', "invalid-json"],
    ["a trailing comma in data", '{"fields":[],"data":[1,]}', "invalid-json"],
    ["a trailing comma in the object", '{"fields":[],"data":[1],}', "invalid-json"],
    ["an empty row", '{"fields":[],"data":[1,,2]}', "invalid-json"],
    ["a leading comma", '{"fields":[],"data":[,1]}', "invalid-json"],
    ["a row closed by }", '{"fields":[],"data":[1}}', "invalid-json"],
    ["a value closed by ]", '{"fields":[],"data":[],"x":1]}', "invalid-json"],
    ["an empty value", '{"fields":,"data":[]}', "invalid-json"],
    ["a missing colon", '{"fields" [],"data":[]}', "invalid-json"],
    ["a key that is not a string", '{fields:[],"data":[]}', "invalid-json"],
    ["a bad escape in a key", '{"fie\\lds":[],"data":[]}', "invalid-json"],
    ["two rows without a comma", '{"fields":[],"data":[1 2]}', "invalid-json"],
    ["an unfinished answer", '{"fields":[],"data":[1', "invalid-json"],
    ["two values in a row", '{"fields":[],"data":[1 "a"]}', "invalid-json"],
    ["two strings in a row", '{"fields":[],"data":["a" "b"]}', "invalid-json"],
    ["a string then an array in a row", '{"fields":[],"data":["a" [1]]}', "invalid-json"],
    ["a number then an object in a row", '{"fields":[],"data":[{"id":1},2 {}]}', "invalid-json"],
    ["two values in fields", '{"fields":1 [2],"data":[]}', "invalid-json"],
    ["a BOM before a row", '{"fields":[],"data":[\uFEFF1]}', "invalid-json"],
    ["a BOM before a value", '{"fields":\uFEFF[],"data":[]}', "invalid-json"],
    ["nothing", "", "invalid-json"],
    ["half a BOM", "\u00ef", "invalid-json"],
    ["a BOM not at the start", ' \uFEFF{"fields":[],"data":[]}', "invalid-json"],
  ])("%s: %s is %s", (_, text, reason) => {
    expect(failure(text)?.reason).toBe(reason);
    expect(failure(text, 1 << 20, [1, 2, 3, 5, 8, 13, 21])?.reason).toBe(reason);
  });

  it("skips a BOM at the very start, even cut into pieces, and only a whole one", () => {
    const bytes = encode('\uFEFF{"fields":[],"data":[1]}');
    for (let cut = 0; cut <= 4; cut += 1) expect(split(chunksOf(bytes, [cut])).rows).toEqual([1]);
    expect(failure(Uint8Array.of(0xef, 0xbb, ...encode('{"fields":[],"data":[]}')))?.reason).toBe(
      "invalid-json",
    );
  });

  it("says which row is not JSON and where it starts", () => {
    const text = '{"fields":[],"data":[{"a":1},{"a":2},{"a":tru}]}';
    for (const at of [[], [5], [30], [35, 40]]) {
      const error = failure(text, 1 << 20, at);
      expect(error?.reason).toBe("invalid-json");
      expect(error?.message).toContain(`row 2 (from byte ${text.indexOf('{"a":tru')})`);
    }
  });

  it("keeps failing once it has failed, with the same error", () => {
    const splitter = new AnswerSplitter({ maxValueBytes: 100 });
    splitter.write(encode('{"fields":[],"data":[{"a":1}'));
    let error: unknown;
    try {
      splitter.write(encode(',{"a":tru},'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AnswerSplitError);
    expect(() => splitter.write(encode('{"a":1}]}'))).toThrow(error as Error);
    expect(() => splitter.end()).toThrow(error as Error);
  });

  it("keeps failing once it has failed", () => {
    const splitter = new AnswerSplitter({ maxValueBytes: 100 });
    expect(() => splitter.write(encode('{"data":{'))).toThrow(AnswerSplitError);
    expect(() => splitter.write(encode("}}"))).toThrow(/data is not an array/);
    expect(() => splitter.end()).toThrow(/data is not an array/);
  });

  it("reads fields and extra keys as they come, and data's start", () => {
    const splitter = new AnswerSplitter({ maxValueBytes: 100 });
    expect(splitter.write(encode('{"x":{"a":[1]},"fields":[{"name":"a"}],"data":[{"a"'))).toEqual(
      [],
    );
    expect(splitter.fields).toEqual([{ name: "a" }]);
    expect(splitter.extraKeys).toEqual(["x"]);
    expect(splitter.dataStarted).toBe(true);
    expect(splitter.write(encode(":1}]}"))).toEqual([{ a: 1 }]);
    splitter.end();
  });

  it("names at most MAX_EXTRA_KEYS extra keys, each once", () => {
    const extras = Array.from({ length: 100 }, (_, k) => `"k${k % 80}":${k}`).join(",");
    const { extraKeys } = split([encode(`{${extras},"fields":[],"data":[]}`)]);
    expect(extraKeys).toEqual(Array.from({ length: MAX_EXTRA_KEYS }, (_, k) => `k${k}`));
  });

  it("refuses a cap that is not a positive integer", () => {
    for (const maxValueBytes of [0, -1, 1.5, Number.NaN])
      expect(() => new AnswerSplitter({ maxValueBytes })).toThrow(RangeError);
  });
});

describe("the cap on one value", () => {
  it("takes a row of exactly maxValueBytes and refuses one byte more, however cut", () => {
    const row = `"${"x".repeat(98)}"`; // 100 bytes
    const text = (r: string) => `{"fields":[],"data":[1,${r},{"id":1},{"id":2}]}`;
    for (const at of [[], [22], [30], [26, 60, 130]]) {
      expect(split(chunksOf(encode(text(row)), at), 100).rows).toHaveLength(4);
      const error = failure(text(`"${"x".repeat(99)}"`), 100, at);
      expect(error?.reason).toBe("too-large");
      expect(error?.message).toContain("row 1 from byte 23");
    }
  });

  it.each([
    ["a row", '{"fields":[],"data":[1,"', "row 1"],
    ["fields", '{"fields":"', 'the value of "fields"'],
    ["an extra value", '{"x":[1,2,"', 'the value of "x"'],
    ["a key", '{"', "a key"],
    ["a number", '{"fields":[],"data":[1', "row 0"],
  ])(
    "refuses an endless %s once past the cap, having kept no more than the cap",
    (_, head, what) => {
      const cap = 256 * 1024;
      const splitter = new AnswerSplitter({ maxValueBytes: cap });
      splitter.write(encode(head));
      const piece = encode(head.endsWith("1") ? "1".repeat(4096) : "a".repeat(4096));
      let written = 0;
      let error: unknown;
      while (written < 10 * cap) {
        try {
          splitter.write(piece);
        } catch (caught) {
          error = caught;
          break;
        }
        written += piece.length;
      }
      expect(error).toBeInstanceOf(AnswerSplitError);
      expect((error as AnswerSplitError).reason).toBe("too-large");
      expect((error as AnswerSplitError).message).toContain(what);
      expect(written).toBeLessThanOrEqual(cap);
    },
  );

  it("keeps no more than the cap of a huge chunk holding one endless string", () => {
    const bytes = encode(`{"fields":[],"data":["${"a".repeat(1 << 20)}`);
    expect(failure(bytes, 1000)?.reason).toBe("too-large");
  });
});

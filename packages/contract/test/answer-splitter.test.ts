// The answer splitter against JSON.parse of the whole answer: the same rows and fields whatever the
// chunks, an AnswerSplitError exactly when JSON.parse fails or the shape is wrong, bounded memory.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AnswerSplitError,
  AnswerSplitter,
  MAX_EXTRA_KEYS,
} from "../src/answers/reader/answer-splitter";
import {
  answerText,
  chunksOf,
  cuts,
  sameKeyRows,
  stringText,
  valueText,
} from "./answer-arbitraries";

const encode = (text: string) => new TextEncoder().encode(text);
const RUNS = { numRuns: 400 };

/** Splits `chunks`, returning what the splitter saw. */
function split(chunks: readonly Uint8Array[], maxValueBytes = 1 << 20) {
  const splitter = new AnswerSplitter({ maxValueBytes });
  const rows: unknown[] = [];
  for (const chunk of chunks) rows.push(...splitter.write(chunk));
  splitter.end();
  return { rows, fields: splitter.fields, extraKeys: [...splitter.extraKeys] };
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
function oracle(bytes: Uint8Array) {
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

/** The error `write`s then `end` throw for `text` (in one chunk unless cut), or undefined. */
function failure(text: string | Uint8Array, maxValueBytes = 1 << 20, at: number[] = []) {
  const bytes = typeof text === "string" ? encode(text) : text;
  try {
    split(chunksOf(bytes, at), maxValueBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AnswerSplitError);
    return error as AnswerSplitError;
  }
  return undefined;
}

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

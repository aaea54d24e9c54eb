// The text of an answer's bytes for JSON.parse, against TextDecoder: the same text for any bytes, valid
// UTF-8 or not, in any pieces (the latin1 fast path for ASCII stretches changes the speed, not the text).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { textOf } from "../src/answers/reader/answer-text";

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/** Bytes that stress a UTF-8 decoder: ASCII, lead bytes, continuations, a BOM, bytes never valid. */
const byte = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constantFrom(
    0xc2,
    0xc3,
    0xe2,
    0xed,
    0xef,
    0xbb,
    0xbf,
    0xf0,
    0xf4,
    0xf5,
    0xc0,
    0xc1,
    0x22,
    0x5c,
  ),
);
/** Text of any characters (astral ones too), encoded: valid UTF-8. */
const validBytes = fc.string({ unit: "binary", maxLength: 60 }).map((text) => encoder.encode(text));
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 60 }),
  fc.array(byte, { maxLength: 60 }).map((bytes) => Uint8Array.from(bytes)),
  validBytes,
  fc
    .tuple(validBytes, fc.array(byte, { maxLength: 6 }), validBytes)
    .map(([a, b, c]) => Uint8Array.from([...a, ...b, ...c])),
);

/** Long ASCII stretches between such bytes: runs fall anywhere in and across the 512-byte blocks scanned. */
const longBytes = fc
  .array(fc.tuple(fc.nat(1100), anyBytes), { maxLength: 6 })
  .map((parts) =>
    Uint8Array.from(parts.flatMap(([ascii, bytes]) => [...Array(ascii).fill(0x61), ...bytes])),
  );

/** `bytes` cut at `cuts` (positions taken modulo its length) into pieces and a last piece. */
function piecesOf(bytes: Uint8Array, cuts: number[]): [Uint8Array[], Uint8Array] {
  const at = [...new Set(cuts.map((cut) => (bytes.length === 0 ? 0 : cut % bytes.length)))].sort(
    (a, b) => a - b,
  );
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of at) {
    pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  return [pieces, bytes.subarray(from)];
}

describe("textOf", () => {
  it("gives TextDecoder's text for any bytes in one piece, valid UTF-8 or not", () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(textOf([], bytes, false)).toBe(decoder.decode(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it("gives TextDecoder's text for long answers whose other bytes fall anywhere", () => {
    fc.assert(
      fc.property(longBytes, fc.array(fc.nat(), { maxLength: 2 }), (bytes, cuts) => {
        expect(textOf([], bytes, false)).toBe(decoder.decode(bytes));
        const [pieces, last] = piecesOf(bytes, cuts);
        expect(textOf(pieces, last, false)).toBe(decoder.decode(bytes));
      }),
      { numRuns: 1500 },
    );
  });

  it("gives TextDecoder's text of the whole for any bytes in any pieces (a character cut between two)", () => {
    fc.assert(
      fc.property(anyBytes, fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        const [pieces, last] = piecesOf(bytes, cuts);
        expect(textOf(pieces, last, false)).toBe(decoder.decode(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["a row with Latin-1 letters", '{"geo_city":"Malmö","os":"Linux"}'],
    ["a row with an emoji and CJK", '{"label":"😀 点","x":"é"}'],
    ["a BOM inside the text (kept)", '{"a":"\uFEFFx"}'],
    ["ASCII only", '{"a":"plain"}'],
    ["empty", ""],
  ])("gives the same text for %s", (_, text) => {
    const bytes = encoder.encode(text);
    expect(textOf([], bytes, false)).toBe(text);
    expect(textOf([bytes.subarray(0, 3)], bytes.subarray(3), false)).toBe(text);
  });
});

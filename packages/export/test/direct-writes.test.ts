// Direct writes: against a file that holds them to O_DIRECT's rules (whole aligned blocks), any pieces give the bytes exactly, the file always the bytes so far, zeros after them; on this system's own O_DIRECT, the same; the probe, and the page cache where there is no aligned memory.

import type { FileHandle } from "node:fs/promises";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BLOCK_BYTES,
  DirectWrites,
  directWritesWork,
  openUnitOutput,
  STAGING_BYTES,
} from "../src/sink/direct-writes";

/**
 * A file that takes only what O_DIRECT takes: a view at a block's offset of its staging memory, a
 * whole number of blocks, at a block's position. `short` cuts each write to that many blocks;
 * `failAt` fails the write at that position.
 */
function directFile(memory: Uint8Array, options: { short?: number; failAt?: number } = {}) {
  let content = new Uint8Array(0);
  const writes: { position: number; length: number }[] = [];
  /** Each write's bytes as they reached the disk (the padding after a cut included). */
  const blocks: Uint8Array[] = [];
  const file = {
    async write(bytes: Uint8Array, offset: number, length: number, position: number) {
      const at = bytes.byteOffset + offset;
      if (bytes.buffer !== memory.buffer) throw new Error("EINVAL: not the staging memory");
      if (at % BLOCK_BYTES || length % BLOCK_BYTES || position % BLOCK_BYTES)
        throw new Error(`EINVAL: unaligned write (${at}, ${length}, ${position})`);
      if (position === options.failAt) throw new Error("EIO: the disk failed");
      const taken = Math.min(length, (options.short ?? Number.POSITIVE_INFINITY) * BLOCK_BYTES);
      const end = position + taken;
      if (end > content.length) {
        const grown = new Uint8Array(end);
        grown.set(content);
        content = grown;
      }
      content.set(new Uint8Array(bytes.buffer, at, taken), position);
      writes.push({ position, length: taken });
      blocks.push(new Uint8Array(bytes.buffer, at, taken).slice());
      return { bytesWritten: taken };
    },
    async truncate(length: number) {
      content = content.slice(0, length);
    },
  } as unknown as FileHandle;
  return { file, content: () => content, writes, blocks };
}

const stagingMemory = () => new Uint8Array(new ArrayBuffer(STAGING_BYTES));

/** `count` bytes that differ from block to block (a shifted copy shows). */
function bytesOf(count: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(count);
  for (let index = 0; index < count; index += 1) bytes[index] = (index * 31 + seed) % 251;
  return bytes;
}

const concat = (parts: readonly Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** Where `actual` first differs from `expected` (its length when one is the other's start), or -1: a short message for MiBs of bytes. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const length = Math.min(actual.length, expected.length);
  for (let index = 0; index < length; index += 1)
    if (actual[index] !== expected[index]) return index;
  return actual.length === expected.length ? -1 : length;
}

describe("DirectWrites", () => {
  it("writes any pieces, in any calls, as exactly their bytes: whole aligned blocks, the tail written as a block then cut", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Calls of pieces, up to a few staging memories in all.
        fc.array(fc.array(fc.integer({ min: 0, max: 3 * STAGING_BYTES }), { maxLength: 3 }), {
          maxLength: 4,
        }),
        async (calls) => {
          const memory = stagingMemory();
          const fake = directFile(memory);
          const writes = new DirectWrites(fake.file, memory);
          const all: Uint8Array[] = [];
          for (const [call, sizes] of calls.entries()) {
            const pieces = sizes.map((size, index) => bytesOf(size, call * 7 + index));
            all.push(...pieces);
            await writes.write(pieces);
          }
          await writes.end();
          expect(fake.content().length).toBe(concat(all).length);
          expect(firstDifference(fake.content(), concat(all))).toBe(-1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("writes nothing for no bytes, and one block cut back for fewer than a block", async () => {
    const memory = stagingMemory();
    const empty = directFile(memory);
    const none = new DirectWrites(empty.file, memory);
    await none.write([]);
    await none.end();
    expect(empty.writes).toEqual([]);
    expect(empty.content().length).toBe(0);

    const small = directFile(memory);
    const line = new DirectWrites(small.file, memory);
    await line.write([new TextEncoder().encode('{"row":1}\n')]);
    await line.end();
    expect(small.writes).toEqual([{ position: 0, length: BLOCK_BYTES }]);
    expect(new TextDecoder().decode(small.content())).toBe('{"row":1}\n');
  });

  it("writes the whole blocks at once, and what is left as a block that the next call writes again", async () => {
    const memory = stagingMemory();
    const fake = directFile(memory);
    const writes = new DirectWrites(fake.file, memory);
    await writes.write([bytesOf(BLOCK_BYTES + 100, 1)]);
    expect(fake.writes).toEqual([
      { position: 0, length: BLOCK_BYTES },
      { position: BLOCK_BYTES, length: BLOCK_BYTES },
    ]);
    // The file is exactly the bytes given so far (a slow answer's rows are in it at once).
    const first = bytesOf(BLOCK_BYTES + 100, 1);
    expect(fake.content().length).toBe(first.length);
    expect(firstDifference(fake.content(), first)).toBe(-1);
    await writes.write([]);
    expect(fake.writes).toHaveLength(2);
    await writes.write([bytesOf(BLOCK_BYTES * 2 - 100, 2)]);
    expect(fake.writes.slice(2)).toEqual([{ position: BLOCK_BYTES, length: BLOCK_BYTES * 2 }]);
    await writes.end();
    expect(fake.writes).toHaveLength(3);
    const expected = concat([bytesOf(BLOCK_BYTES + 100, 1), bytesOf(BLOCK_BYTES * 2 - 100, 2)]);
    expect(firstDifference(fake.content(), expected)).toBe(-1);
  });

  it("pads a block it cuts with zeros, never with what the memory held from another unit", async () => {
    const memory = stagingMemory();
    memory.fill(0x53); // another unit's bytes, left in the lent memory
    const fake = directFile(memory);
    const writes = new DirectWrites(fake.file, memory);
    const line = new TextEncoder().encode('{"a":1}\n{"partial":');
    await writes.write([line]);
    expect(fake.blocks).toHaveLength(1);
    const block = fake.blocks[0] as Uint8Array;
    expect(firstDifference(block.subarray(0, line.length), line)).toBe(-1);
    expect(block.subarray(line.length).every((byte) => byte === 0)).toBe(true);
    expect(fake.content()).toEqual(line);
  });

  it("writes the rest of a short write from where it stopped", async () => {
    const memory = stagingMemory();
    const fake = directFile(memory, { short: 1 });
    const writes = new DirectWrites(fake.file, memory);
    const bytes = bytesOf(5 * BLOCK_BYTES + 7, 3);
    await writes.write([bytes]);
    await writes.end();
    expect(firstDifference(fake.content(), bytes)).toBe(-1);
    expect(fake.writes.length).toBe(6);
  });

  it("rejects with a failing write's error", async () => {
    const memory = stagingMemory();
    const fake = directFile(memory, { failAt: STAGING_BYTES });
    const writes = new DirectWrites(fake.file, memory);
    await expect(writes.write([bytesOf(2 * STAGING_BYTES, 4)])).rejects.toThrow(
      "EIO: the disk failed",
    );
  });
});

describe("direct writes on this system", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "export-direct-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("open a file with O_DIRECT where the probe found them to work (Linux), else through the page cache; the bytes are the same", async () => {
    const works = await directWritesWork(dir, ".partial");
    expect(await readdir(dir)).toEqual([]);
    if (process.platform !== "linux") expect(works).toBe(false);
    const pieces = [bytesOf(3 * STAGING_BYTES + 5, 5), bytesOf(BLOCK_BYTES - 1, 6), bytesOf(1, 7)];
    for (const direct of [true, false]) {
      const path = join(dir, `unit-${direct}.ndjson`);
      const output = await openUnitOutput(path, direct);
      try {
        expect(output.direct).toBe(direct && works);
        await output.writes.write(pieces);
        await output.writes.end();
        await output.file.sync();
      } finally {
        await output.close();
      }
      expect((await stat(path)).size).toBe(3 * STAGING_BYTES + 5 + BLOCK_BYTES);
      expect(firstDifference(new Uint8Array(await readFile(path)), concat(pieces))).toBe(-1);
    }
  });

  it.each([
    [
      "WebAssembly cannot map the memory (a ulimit -v)",
      class {
        constructor() {
          throw new RangeError("WebAssembly.Memory(): could not allocate memory");
        }
      },
    ],
    ["there is no WebAssembly (--jitless)", undefined],
  ])("go through the page cache where %s, with the same bytes", async (_, Memory) => {
    vi.resetModules();
    vi.stubGlobal("WebAssembly", Memory === undefined ? undefined : { Memory });
    try {
      const fresh = await import("../src/sink/direct-writes");
      expect(await fresh.directWritesWork(dir, ".partial")).toBe(false);
      const path = join(dir, "unit.ndjson");
      const output = await fresh.openUnitOutput(path, true);
      try {
        expect(output.direct).toBe(false);
        await output.writes.write([new TextEncoder().encode("{}\n")]);
        await output.writes.end();
      } finally {
        await output.close();
      }
      expect(await readFile(path, "utf8")).toBe("{}\n");
      expect(await readdir(dir)).toEqual(["unit.ndjson"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("probe with a file of their own, leaving nothing, and say no where the folder cannot take one", async () => {
    // Whatever lies at a name an earlier probe might have used is neither followed nor changed.
    await writeFile(join(dir, "victim"), "precious");
    await symlink(join(dir, "victim"), join(dir, "direct-writes-probe.partial"));
    await mkdir(join(dir, "direct-writes-probe-x.partial"));
    const before = (await readdir(dir)).sort();
    await directWritesWork(dir, ".partial");
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(await readFile(join(dir, "victim"), "utf8")).toBe("precious");
    expect(await directWritesWork(join(dir, "missing", "folder"), ".partial")).toBe(false);
  });

  it("empty a file that was there, as a write through the page cache does", async () => {
    const path = join(dir, "unit.ndjson");
    await writeFile(path, "x".repeat(3 * BLOCK_BYTES));
    const output = await openUnitOutput(path, true);
    try {
      await output.writes.write([new TextEncoder().encode("{}\n")]);
      await output.writes.end();
    } finally {
      await output.close();
    }
    expect(await readFile(path, "utf8")).toBe("{}\n");
  });
});

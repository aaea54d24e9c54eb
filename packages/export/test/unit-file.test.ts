// writeUnitFile against a file that answers as told: order kept with one write in flight, a write's worth pulled at most while it waits, short and failing writes, a stalled answer's rows still written.
import type { FileHandle } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { bufferedWrites, CHUNK_BYTES, HOLD_MS, writeUnitFile } from "../src/sink/unit-file";

/** A file that keeps what it is given; each write waits for `gate` (at once by default) and may be cut short or fail. */
function fakeFile(options: { short?: number; fail?: Error; gate?: () => Promise<void> } = {}) {
  const parts: Buffer[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  let writes = 0;
  const written: (() => void)[] = [];
  const take = async (buffers: readonly Uint8Array[]) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    writes += 1;
    try {
      await options.gate?.();
      if (options.fail) throw options.fail;
      const all = Buffer.concat(buffers);
      const kept = options.short ? all.subarray(0, Math.min(all.length, options.short)) : all;
      parts.push(Buffer.from(kept));
      for (const resolve of written.splice(0)) resolve();
      return { bytesWritten: kept.length };
    } finally {
      inFlight -= 1;
    }
  };
  const file = {
    writev: (buffers: readonly Uint8Array[]) => take(buffers),
    write: (buffer: Uint8Array) => take([buffer]),
  } as unknown as FileHandle;
  return {
    file,
    text: () => Buffer.concat(parts).toString("utf8"),
    stats: () => ({ writes, mostInFlight }),
    /** Resolves after the next write lands. */
    nextWrite: () => new Promise<void>((resolve) => written.push(resolve)),
  };
}

const encoder = new TextEncoder();
const lineOf = (index: number) => encoder.encode(`{"row":${index},"pad":"${"x".repeat(200)}"}\n`);

async function* lines(count: number, pulled?: { count: number }) {
  for (let index = 0; index < count; index += 1) {
    if (pulled) pulled.count += 1;
    yield lineOf(index);
  }
}

const expected = (count: number) =>
  Array.from({ length: count }, (_, index) => new TextDecoder().decode(lineOf(index))).join("");

describe("writeUnitFile", () => {
  it("writes every line in order, gathered into about a MiB a write, one write at a time", async () => {
    // Each write waits a turn of the event loop: the next one is gathered meanwhile.
    const fake = fakeFile({ gate: () => new Promise<void>((resolve) => setImmediate(resolve)) });
    const count = 20_000;
    expect(await writeUnitFile(bufferedWrites(fake.file), lines(count), (line) => line)).toBe(
      count,
    );
    expect(fake.text()).toBe(expected(count));
    const bytes = expected(count).length;
    expect(fake.stats().mostInFlight).toBe(1);
    expect(fake.stats().writes).toBeLessThanOrEqual(Math.ceil(bytes / CHUNK_BYTES) + 1);
  });

  it("pulls no more than a write's worth while the write ahead of it waits", async () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const fake = fakeFile({ gate: () => opened });
    const pulled = { count: 0 };
    const done = writeUnitFile(bufferedWrites(fake.file), lines(100_000, pulled), (line) => line);
    // Let the loop run until it waits on the held write.
    for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    const perWrite = Math.ceil(CHUNK_BYTES / lineOf(0).length);
    expect(pulled.count).toBeGreaterThan(perWrite);
    expect(pulled.count).toBeLessThanOrEqual(2 * perWrite + 2);
    open();
    expect(await done).toBe(100_000);
    expect(fake.text()).toBe(expected(100_000));
  });

  it("writes the rest of a short write", async () => {
    const fake = fakeFile({ short: 1000 });
    expect(await writeUnitFile(bufferedWrites(fake.file), lines(50), (line) => line)).toBe(50);
    expect(fake.text()).toBe(expected(50));
  });

  it("rejects with a write's failure and stops pulling the answer", async () => {
    const failure = Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    const fake = fakeFile({ fail: failure });
    const pulled = { count: 0 };
    await expect(
      writeUnitFile(bufferedWrites(fake.file), lines(100_000, pulled), (line) => line),
    ).rejects.toBe(failure);
    expect(pulled.count).toBeLessThan(100_000);
  });

  it("rejects with the answer's failure only once the write in flight has landed", async () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const fake = fakeFile({ gate: () => opened });
    const perWrite = Math.ceil(CHUNK_BYTES / lineOf(0).length);
    const failing = async function* () {
      yield* lines(perWrite + 1);
      throw new Error("the answer was cut");
    };
    let settled = false;
    const done = writeUnitFile(bufferedWrites(fake.file), failing(), (line) => line).finally(() => {
      settled = true;
    });
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    open();
    await expect(done).rejects.toThrow("the answer was cut");
    expect(fake.stats().writes).toBe(1);
  });

  it("writes a stalled answer's rows without waiting for more", async () => {
    const fake = fakeFile();
    let resume: () => void = () => {};
    const stalled = async function* () {
      yield lineOf(0);
      await new Promise<void>((resolve) => {
        resume = resolve;
      });
      yield lineOf(1);
    };
    const landed = fake.nextWrite();
    const done = writeUnitFile(bufferedWrites(fake.file), stalled(), (line) => line);
    await landed;
    expect(fake.text()).toBe(expected(1));
    resume();
    expect(await done).toBe(2);
    expect(fake.text()).toBe(expected(2));
  });

  it("writes a line held behind a slow write once that write lands, the answer stalled", async () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let writes = 0;
    // The first write waits to be let through; the others land at once.
    const fake = fakeFile({ gate: () => (++writes === 1 ? opened : Promise.resolve()) });
    const perWrite = Math.ceil(CHUNK_BYTES / lineOf(0).length);
    let resume: () => void = () => {};
    let reached: () => void = () => {};
    const stall = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const stalled = async function* () {
      // A write's worth (the first write starts), one line more (held), then a stall.
      yield* lines(perWrite + 1);
      reached();
      await new Promise<void>((resolve) => {
        resume = resolve;
      });
    };
    const done = writeUnitFile(bufferedWrites(fake.file), stalled(), (line) => line);
    const landed = fake.nextWrite();
    await stall;
    // Past the hold, so that it most likely ends while the first write waits (the test holds either way).
    await new Promise((resolve) => setTimeout(resolve, 3 * HOLD_MS));
    open();
    await landed;
    // The held line follows the first write by itself, while the answer is still stalled.
    while (fake.text().length < expected(perWrite + 1).length) await fake.nextWrite();
    expect(fake.text()).toBe(expected(perWrite + 1));
    resume();
    expect(await done).toBe(perWrite + 1);
  });

  it("keeps the order of text and byte lines", async () => {
    const fake = fakeFile();
    const mixed = async function* () {
      yield "a,b\n";
      yield encoder.encode("1,2\n");
      yield "3,4\n";
    };
    expect(
      await writeUnitFile(
        bufferedWrites(fake.file),
        mixed(),
        (line) => line as string | Uint8Array,
      ),
    ).toBe(3);
    expect(fake.text()).toBe("a,b\n1,2\n3,4\n");
  });
});

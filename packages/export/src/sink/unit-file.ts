// Writes a unit's lines to its open temporary file in one loop: lines (text or bytes) gathered into writes of about a MiB, one write at a time, backpressure down to the socket.
import type { FileHandle } from "node:fs/promises";

/** Characters of text lines joined before they are encoded into the bytes held for the next write. */
export const CHUNK_CHARS = 64 * 1024;

/** Bytes of lines gathered into one write (one `writev`). */
export const CHUNK_BYTES = 1024 * 1024;

/** The longest a line is held before it is written: a slow answer's rows reach the file soon. */
export const HOLD_MS = 20;

/** Where a unit's bytes go: written in order, one call at a time; `end` once all is written. */
export interface UnitWrites {
  /** Writes every byte of `buffers` after what came before. */
  write(buffers: readonly Uint8Array[]): Promise<void>;
  /** Writes what is still held (all is written then); not called after a failure. */
  end(): Promise<void>;
}

/** Writes every byte of `buffers` at the file's position, again from where a short write stopped. */
async function writeAll(file: FileHandle, buffers: readonly Uint8Array[]): Promise<void> {
  let total = 0;
  for (const buffer of buffers) total += buffer.length;
  let { bytesWritten } = await file.writev(buffers);
  while (bytesWritten < total) {
    const rest = Buffer.concat(buffers).subarray(bytesWritten);
    const { bytesWritten: more } = await file.write(rest);
    bytesWritten += more;
  }
}

/** Writes through the file's own calls (and the system's page cache), holding nothing. */
export const bufferedWrites = (file: FileHandle): UnitWrites => ({
  write: (buffers) => writeAll(file, buffers),
  end: async () => {},
});

/**
 * Writes `lineOf(item)` for each item of `source` to `output` (its file left open: the caller
 * flushes and closes it) and resolves with the number of items once all is written, `output.end()`
 * included. Lines are gathered into writes of about {@link CHUNK_BYTES}, handed to the file
 * straight (no stream between), one write in flight: the next is gathered meanwhile, and the next
 * item is pulled only while less than a write's worth waits, so the answer is read no faster than
 * the file takes it. No line is held longer than {@link HOLD_MS} beyond the write ahead of it, so a
 * slow answer's rows are not held back (a write for each network read would cost the reading thread
 * a wake-up of the writing one each time). On a throw (the source's or a write's), the write in
 * flight is waited for before it rejects.
 */
export async function writeUnitFile<T>(
  output: UnitWrites,
  source: AsyncIterable<T>,
  lineOf: (item: T) => string | Uint8Array,
): Promise<number> {
  let chunk = "";
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let items = 0;
  let writing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  let holding: ReturnType<typeof setTimeout> | undefined;
  let over = false;

  /** Hands what is held to the file; only when no write is in flight (writes keep their order). */
  const startWrite = () => {
    clearTimeout(holding);
    holding = undefined;
    if (chunk !== "") {
      held.push(Buffer.from(chunk));
      chunk = "";
    }
    if (held.length === 0) return;
    const buffers = held;
    held = [];
    heldBytes = 0;
    const write: Promise<void> = output.write(buffers).then(
      () => {
        if (writing === write) writing = undefined;
      },
      (error: unknown) => {
        failure ??= { error };
        if (writing === write) writing = undefined;
      },
    );
    writing = write;
  };
  /** Set while a held write waits for the one ahead of it: one such wait at a time. */
  let waiting = false;
  /** The hold is over: written now, or as soon as the write ahead of it is done. */
  const flushHeld = () => {
    holding = undefined;
    if (over || waiting) return;
    if (writing === undefined) startWrite();
    else {
      waiting = true;
      void writing.then(() => {
        waiting = false;
        if (!over && writing === undefined && holding === undefined) startWrite();
      });
    }
  };
  /** Waits for the write in flight; throws a write's failure. */
  const settle = async () => {
    while (writing !== undefined) await writing;
    if (failure) throw failure.error;
  };

  try {
    for await (const item of source) {
      const line = lineOf(item);
      items += 1;
      if (typeof line === "string") {
        chunk += line;
        if (chunk.length >= CHUNK_CHARS) {
          const bytes = Buffer.from(chunk);
          held.push(bytes);
          heldBytes += bytes.length;
          chunk = "";
        }
      } else if (line.length > 0) {
        if (chunk !== "") {
          const bytes = Buffer.from(chunk);
          held.push(bytes);
          heldBytes += bytes.length;
          chunk = "";
        }
        held.push(line);
        heldBytes += line.length;
      }
      if (heldBytes >= CHUNK_BYTES) {
        await settle();
        startWrite();
      } else if (holding === undefined && (heldBytes > 0 || chunk !== ""))
        holding = setTimeout(flushHeld, HOLD_MS);
    }
    await settle();
    startWrite();
    await settle();
    await output.end();
    return items;
  } catch (error) {
    while (writing !== undefined) await writing;
    throw error;
  } finally {
    over = true;
    clearTimeout(holding);
  }
}

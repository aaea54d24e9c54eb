// Writes a unit's lines to its open temporary file in one loop: lines (text or bytes) gathered into chunks, backpressure down to the socket.
import type { FileHandle } from "node:fs/promises";
import { finished } from "node:stream/promises";

/** Characters of lines joined into one write: a write through the stream costs about what a row's JSON does. */
export const CHUNK_CHARS = 64 * 1024;

/** Bytes of lines gathered into one write (one `writev`). */
export const CHUNK_BYTES = 1024 * 1024;

/** The longest a line is held before it is written: a slow answer's rows reach the file soon. */
export const HOLD_MS = 20;

/**
 * Writes `lineOf(item)` for each item of `source` to `file` (which the stream closes, on its end or
 * its failure) and resolves with the number of items once all is written. Text lines are joined into
 * chunks of about {@link CHUNK_CHARS}, byte lines gathered into writes of about {@link CHUNK_BYTES},
 * and no line is held longer than {@link HOLD_MS}, so a slow answer's rows are not held back (a
 * write for each network read would cost the reading thread a wake-up of the writing one each
 * time). The next item is pulled only while the file keeps up: the answer is read no faster than it
 * is written. One loop, no generator between the source and the file: at 10^6 rows each layer costs
 * seconds.
 */
export async function writeUnitFile<T>(
  file: FileHandle,
  source: AsyncIterable<T>,
  lineOf: (item: T) => string | Uint8Array,
): Promise<number> {
  const stream = file.createWriteStream();
  const done = finished(stream);
  // Rejections are read below; this keeps an early failure from being reported as unhandled.
  done.catch(() => {});
  let chunk = "";
  // Byte lines held, written together; text and bytes are never both held (order is kept).
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let items = 0;
  let holding: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (chunk !== "") {
      stream.write(chunk);
      chunk = "";
    }
    if (held.length > 0) {
      stream.cork();
      for (const bytes of held) stream.write(bytes);
      stream.uncork();
      held = [];
      heldBytes = 0;
    }
  };
  const flushHeld = () => {
    holding = undefined;
    if (!stream.destroyed) flush();
  };
  try {
    for await (const item of source) {
      const line = lineOf(item);
      items += 1;
      if (typeof line === "string") {
        if (held.length > 0) flush();
        chunk += line;
      } else if (line.length > 0) {
        if (chunk !== "") flush();
        held.push(line);
        heldBytes += line.length;
      }
      if (chunk.length >= CHUNK_CHARS || heldBytes >= CHUNK_BYTES) flush();
      else if (holding === undefined) holding = setTimeout(flushHeld, HOLD_MS);
      if (stream.writableNeedDrain || stream.errored) await drained(stream);
    }
    flush();
    stream.end();
    await done;
    return items;
  } catch (error) {
    stream.destroy();
    await done.catch(() => {});
    throw error;
  } finally {
    clearTimeout(holding);
  }
}

/** Resolves once the stream can take more, rejects with its error. */
function drained(stream: NodeJS.WritableStream & { errored: Error | null }): Promise<void> {
  if (stream.errored) return Promise.reject(stream.errored);
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off("drain", onDrain);
      reject(error);
    };
    stream.once("drain", onDrain);
    stream.once("error", onError);
  });
}

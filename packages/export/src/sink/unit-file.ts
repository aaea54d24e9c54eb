// Writes a unit's lines to its open temporary file in one loop: lines joined into chunks, backpressure down to the socket.
import type { FileHandle } from "node:fs/promises";
import { finished } from "node:stream/promises";

/** Characters of lines joined into one write: a write through the stream costs about what a row's JSON does. */
export const CHUNK_CHARS = 64 * 1024;

/**
 * Writes `lineOf(item)` for each item of `source` to `file` (which the stream closes, on its end or
 * its failure) and resolves with the number of items once all is written. Lines are joined into
 * chunks of about {@link CHUNK_CHARS}; when the source pauses (no next item within a turn of the
 * event loop) the lines held are written at once, so a slow answer's rows are not held back. The
 * next item is pulled only while the file keeps up: the answer is read no faster than it is written.
 * One loop, no generator between the source and the file: at 10^6 rows each layer costs seconds.
 */
export async function writeUnitFile<T>(
  file: FileHandle,
  source: AsyncIterable<T>,
  lineOf: (item: T) => string,
): Promise<number> {
  const stream = file.createWriteStream();
  const done = finished(stream);
  // Rejections are read below; this keeps an early failure from being reported as unhandled.
  done.catch(() => {});
  let chunk = "";
  let items = 0;
  let idleFlushDue = false;
  const flush = () => {
    if (chunk !== "") {
      stream.write(chunk);
      chunk = "";
    }
  };
  const idleFlush = () => {
    idleFlushDue = false;
    if (!stream.destroyed) flush();
  };
  try {
    for await (const item of source) {
      chunk += lineOf(item);
      items += 1;
      if (chunk.length >= CHUNK_CHARS) flush();
      else if (!idleFlushDue) {
        idleFlushDue = true;
        setImmediate(idleFlush);
      }
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

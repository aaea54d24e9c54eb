// An NDJSON file's lines as byte ranges, read a chunk at a time: no string per line, bounded memory.
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { DataFileError } from "./data-file-error";

/** The default of `maxLineBytes`: 1 MiB, a thousand times an event's row. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Bytes read at a time. */
const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** Told each line: its bytes are `bytes[start, end)` (without the line break), valid until it returns. */
export type LineHandler = (bytes: Buffer, start: number, end: number, number: number) => void;

/**
 * Calls `onLine` with each line of the file at `path`, numbered from 1, split where `readline` splits
 * (`\n`, `\r\n` and a lone `\r`). A line longer than `maxLineBytes` is a {@link DataFileError} naming
 * the file and the line, found before more than that is held; so is a file that cannot be read.
 */
export async function forEachLine(
  path: string,
  onLine: LineHandler,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): Promise<void> {
  let number = 0;
  const line = (bytes: Buffer, start: number, end: number) => {
    number += 1;
    if (end - start > maxLineBytes) throw tooLong(path, number, maxLineBytes);
    onLine(bytes, start, end, number);
  };
  /** Splits a run of bytes between newlines at each `\r` (one before the `\n` ends the line). */
  const split = (bytes: Buffer, start: number, end: number, returns: boolean) => {
    if (!returns) return line(bytes, start, end);
    for (let from = start; ; ) {
      let at = from;
      while (at < end && bytes[at] !== RETURN) at += 1;
      line(bytes, from, at);
      from = at + 1;
      if (at >= end - 1) return;
    }
  };
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new DataFileError(`${path}: ${(error as Error).message}`);
  }
  /** The start of a line that the chunk read before did not end. */
  let pending = Buffer.allocUnsafe(0);
  let pendingLength = 0;
  const hold = (bytes: Buffer, start: number, end: number) => {
    const length = pendingLength + end - start;
    if (length > maxLineBytes) throw tooLong(path, number + 1, maxLineBytes);
    if (length > pending.length) {
      const bigger = Buffer.allocUnsafe(
        Math.min(Math.max(length, pending.length * 2), maxLineBytes),
      );
      pending.copy(bigger, 0, 0, pendingLength);
      pending = bigger;
    }
    bytes.copy(pending, pendingLength, start, end);
    pendingLength = length;
  };
  // Two chunks: the next one is read while the lines of this one are handled.
  const chunks = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  const readInto = (chunk: Buffer) =>
    handle.read(chunk, 0, CHUNK_BYTES, null).then(
      ({ bytesRead }) => bytesRead,
      (error: Error) => {
        throw new DataFileError(`${path}: ${error.message}`);
      },
    );
  let turn = 0;
  let next = readInto(chunks[0] as Buffer);
  try {
    for (;;) {
      const read = await next;
      if (read === 0) break;
      const view = (chunks[turn] as Buffer).subarray(0, read);
      turn ^= 1;
      next = readInto(chunks[turn] as Buffer);
      const returns = view.indexOf(RETURN) >= 0;
      for (let at = 0; at < read; ) {
        const newline = view.indexOf(NEWLINE, at);
        if (newline < 0) {
          hold(view, at, read);
          break;
        }
        if (pendingLength > 0) {
          hold(view, at, newline);
          const length = pendingLength;
          pendingLength = 0;
          split(pending, 0, length, pending.subarray(0, length).indexOf(RETURN) >= 0);
        } else {
          split(view, at, newline, returns);
        }
        at = newline + 1;
      }
    }
    if (pendingLength > 0)
      split(pending, 0, pendingLength, pending.subarray(0, pendingLength).indexOf(RETURN) >= 0);
  } finally {
    // A read still under way (a line was refused) ends before the file is closed; its error is moot.
    await next.catch(() => 0);
    await handle.close();
  }
}

/**
 * A stream of a file's bytes passed on as they come, that fails with the {@link DataFileError} of
 * {@link forEachLine} once a line (ended as `readline` ends one) passes `maxLineBytes`: put in front
 * of `readline`, it bounds what a line holds before it is one string.
 */
export function lineBound(path: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): Transform {
  /** The bytes of the line under way so far, and the lines ended before it. */
  let run = 0;
  let ended = 0;
  /** The last byte was a `\r`: a `\n` right after it ends no other line. */
  let afterReturn = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      // The next `\r` is looked for again only once passed: a file without any is scanned once for it.
      let ret = chunk.indexOf(RETURN);
      for (let at = 0; at < chunk.length; ) {
        if (ret >= 0 && ret < at) ret = chunk.indexOf(RETURN, at);
        const newline = chunk.indexOf(NEWLINE, at);
        let end = newline < 0 ? chunk.length : newline;
        if (ret >= 0 && ret < end) end = ret;
        if (end > at) afterReturn = false;
        run += end - at;
        if (run > maxLineBytes) return done(tooLong(path, ended + 1, maxLineBytes));
        if (end === chunk.length) break;
        if (chunk[end] === RETURN || !afterReturn) ended += 1;
        afterReturn = chunk[end] === RETURN;
        run = 0;
        at = end + 1;
      }
      done(null, chunk);
    },
  });
}

function tooLong(path: string, number: number, maxLineBytes: number): DataFileError {
  const most = maxLineBytes.toLocaleString("en");
  return new DataFileError(
    `${path}:${number}: a line longer than ${most} bytes (the most a line may hold); an event's row takes about a thousand: is this an NDJSON file of advanced rows?`,
  );
}

// Reads one answer as fast as the socket gives it (node:http, no body parsing): time to first byte,
// bytes, rows (counted by each row's opening `{"timestamp":`) and time, bounded by a deadline.
import { request } from "node:http";

const ROW_START = Buffer.from('{"timestamp":');

/** What one read of an answer measured. */
export interface AnswerRead {
  readonly status: number;
  /** Milliseconds from sending the request to the first byte of the body; undefined if none came. */
  readonly firstByteMs: number | undefined;
  readonly bytes: number;
  readonly rows: number;
  readonly seconds: number;
  /** The body ended; false when the deadline or an error cut it. */
  readonly complete: boolean;
  readonly error?: string;
}

/**
 * Counts the rows that end in `chunk`: those wholly inside it, and those begun in `carry` (the
 * stream's last bytes before it, fewer than a row start's length).
 */
function countRows(carry: Buffer, chunk: Buffer): number {
  let rows = 0;
  if (carry.length > 0) {
    const joined = Buffer.concat([carry, chunk.subarray(0, ROW_START.length - 1)]);
    for (
      let at = joined.indexOf(ROW_START);
      at !== -1 && at < carry.length;
      at = joined.indexOf(ROW_START, at + 1)
    )
      rows += 1;
  }
  for (let at = chunk.indexOf(ROW_START); at !== -1; at = chunk.indexOf(ROW_START, at + 1))
    rows += 1;
  return rows;
}

/** The stream's last bytes, fewer than a row start's length, after `chunk`. */
function nextCarry(carry: Buffer, chunk: Buffer): Buffer {
  const keep = ROW_START.length - 1;
  if (chunk.length >= keep) return Buffer.from(chunk.subarray(chunk.length - keep));
  const joined = Buffer.concat([carry, chunk]);
  return joined.subarray(Math.max(0, joined.length - keep));
}

/** POSTs `body` to `url` with the demo token and reads the answer until it ends or `deadlineMs` passes. */
export function readAnswer(url: string, body: string, deadlineMs: number): Promise<AnswerRead> {
  const started = performance.now();
  let status = 0;
  let firstByteMs: number | undefined;
  let bytes = 0;
  let rows = 0;
  let carry: Buffer = Buffer.alloc(0);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (complete: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      const seconds = (performance.now() - started) / 1000;
      resolve({ status, firstByteMs, bytes, rows, seconds, complete, ...(error ? { error } : {}) });
    };
    const outgoing = request(url, {
      method: "POST",
      headers: {
        authorization: "Token demo",
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      },
    });
    const timer = setTimeout(() => finish(false, "deadline"), deadlineMs);
    outgoing.once("error", (error) => finish(false, error.message));
    outgoing.once("response", (incoming) => {
      status = incoming.statusCode ?? 0;
      incoming.on("data", (chunk: Buffer) => {
        firstByteMs ??= performance.now() - started;
        bytes += chunk.length;
        rows += countRows(carry, chunk);
        carry = nextCarry(carry, chunk);
      });
      incoming.once("end", () => finish(true));
      incoming.once("error", (error) => finish(false, error.message));
      incoming.once("aborted", () => finish(false, "aborted"));
    });
    outgoing.end(body);
  });
}

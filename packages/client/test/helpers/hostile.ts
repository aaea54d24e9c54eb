// A hostile server for the client's tests: raw node:http on 127.0.0.1, one per case, that stops by itself.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { advancedResponseExample } from "@giosg-reporting/contract";
import { isReportingApiError, type ReportingErrorKind } from "../../src/index";

/** A server of one case: its URL, how many requests it had, and how many body bytes it wrote. */
export interface Hostile {
  readonly url: string;
  readonly requests: () => number;
  readonly written: () => number;
  readonly close: () => Promise<void>;
}

/** Answers a request; `count` is the bytes it wrote so far, to be added to as it writes. */
export type Answer = (request: IncomingMessage, response: ServerResponse, count: Counter) => void;

/** The body bytes written so far by one server. */
export interface Counter {
  bytes: number;
}

/** Starts a server on 127.0.0.1 port 0 that answers every request with `answer`. */
export async function hostile(answer: Answer): Promise<Hostile> {
  let requests = 0;
  const counter: Counter = { bytes: 0 };
  const server: Server = createServer((request, response) => {
    requests += 1;
    request.resume();
    answer(request, response, counter);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    written: () => counter.bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ended = (response: ServerResponse) => response.destroyed || response.writableEnded;

/**
 * Writes `piece()` again and again, minding backpressure, until `maxBytes` are written or the client
 * has gone; then ends the answer (cut short: `end` says how it ends).
 */
export async function pour(
  response: ServerResponse,
  counter: Counter,
  piece: () => string | Buffer,
  maxBytes: number,
  end = "",
): Promise<void> {
  let sent = 0;
  while (sent < maxBytes && !ended(response)) {
    const bytes = piece();
    sent += bytes.length;
    counter.bytes += bytes.length;
    if (!response.write(bytes))
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off("drain", done);
          response.off("close", done);
          resolve();
        };
        response.on("drain", done);
        response.on("close", done);
      });
  }
  if (!ended(response)) response.end(end);
}

/** Writes one `piece` every `everyMs` until `times` are written or the client has gone, then ends. */
export function drip(
  response: ServerResponse,
  counter: Counter,
  piece: string,
  everyMs: number,
  times: number,
): void {
  let left = times;
  const timer = setInterval(() => {
    if (ended(response) || left <= 0) {
      clearInterval(timer);
      if (!ended(response)) response.end();
      return;
    }
    left -= 1;
    counter.bytes += piece.length;
    response.write(piece);
  }, everyMs);
  response.on("close", () => clearInterval(timer));
}

/** The advanced `fields` header and one valid row, as JSON text. */
export const FIELDS_JSON = JSON.stringify(advancedResponseExample.fields);
export const ROW_JSON = JSON.stringify(advancedResponseExample.data[0]);
/** The opening of a 200 answer, up to its first row. */
export const OPENING = `{"fields":${FIELDS_JSON},"data":[`;
/** A whole valid answer of `rows` rows. */
export const answerOf = (rows: number) =>
  `${OPENING}${Array.from({ length: rows }, () => ROW_JSON).join(",")}]}`;

export const JSON_HEADERS = { "content-type": "application/json" } as const;

/** How a call ended: fine, or the typed error's kind, attempts and message. */
export type Ending =
  | { ok: true }
  | { ok: false; kind: ReportingErrorKind; attempts: number; message: string; status?: number };

/** Settles `run` or fails the test when it takes longer than `boundMs`: only a hang reaches it. */
export async function ending(run: () => Promise<unknown>, boundMs = 30_000): Promise<Ending> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${boundMs} ms`)), boundMs);
  });
  try {
    await Promise.race([run(), hang]);
    return { ok: true };
  } catch (error) {
    if (!isReportingApiError(error)) throw error;
    const { kind, attempts, message, status } = error;
    return { ok: false, kind, attempts, message, ...(status === undefined ? {} : { status }) };
  } finally {
    clearTimeout(timer);
  }
}

/** A full garbage collection (node's own `gc` when exposed, else exposed here without a command-line flag). */
export const collectGarbage: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  })();

/**
 * Runs `run` while sampling the heap, and returns how far the heap grew above where it was (after a
 * collection) at its highest: what the call held at once.
 */
export async function heapGrowthOf(run: () => Promise<void>): Promise<number> {
  collectGarbage();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 5);
  try {
    await run();
  } finally {
    clearInterval(timer);
    sample();
  }
  return peak - base;
}

export const MiB = 1024 * 1024;

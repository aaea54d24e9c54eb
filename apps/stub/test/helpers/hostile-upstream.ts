// Hostile upstreams for the recorder's tests: endless, hung or same-instant answers on 127.0.0.1, and the process's peak memory while they run.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What an upstream's handler is given: the request, the response, and the request's body. */
export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** A started upstream: its base URL, the bytes it wrote, and a way to close it (and every connection). */
export interface HostileUpstream {
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** An upstream on 127.0.0.1 whose every request (its body read first) `handle` answers. */
export async function hostileUpstream(handle: Handler): Promise<HostileUpstream> {
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => handle(request, response, body));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The bytes an endless body has written so far, shared by the handlers that write it. */
export interface Meter {
  sent: number;
}

/**
 * Writes `head` then `chunk()` again and again, whenever the reader takes more (never ending on its
 * own), counting the bytes into `meter`.
 */
export function writeEndless(
  response: ServerResponse,
  head: string,
  chunk: () => string,
  meter: Meter,
): void {
  response.write(head);
  meter.sent += Buffer.byteLength(head);
  const write = () => {
    for (;;) {
      if (response.destroyed) return;
      const text = chunk();
      meter.sent += Buffer.byteLength(text);
      if (!response.write(text)) return;
    }
  };
  response.on("drain", write);
  write();
}

/** Samples the process's RSS every 20 ms until stopped: the peak's growth over the RSS at the start. */
export function rssGrowth(): { readonly stop: () => number } {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak - start;
    },
  };
}

/** Reads `stream` until `enough()` or its end, dropping what it reads; the bytes read. */
export async function drain(
  stream: ReadableStream<Uint8Array>,
  enough: () => boolean,
): Promise<number> {
  const reader = stream.getReader();
  let read = 0;
  while (!enough()) {
    const next = await reader.read();
    if (next.done) break;
    read += next.value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return read;
}

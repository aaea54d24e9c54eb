// A small fake API on 127.0.0.1 for the row guard: each request answered with valid example rows at the instants a script gives for its window.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { advancedResponseExample } from "@giosg-reporting/contract";
import type { Window } from "../../src";

/** A running fake: its URL, how many answers the client cut before their end, and how to close it. */
export interface FakeRows {
  readonly url: string;
  /** Answers whose connection the client closed before the answer's end. */
  readonly cut: () => number;
  close(): Promise<void>;
}

const [EXAMPLE_ROW] = advancedResponseExample.data;

/**
 * Starts a server answering each request with one example row per instant `instantsOf` returns for the
 * window asked; when `holds(window)`, the answer sends its rows and then never ends. A request with a
 * `limit` gets at most that many rows and its answer ends, unless `ignoresLimit`: then it is answered
 * as any other.
 */
export async function startFakeRows(
  instantsOf: (window: Window) => readonly string[],
  holds: (window: Window) => boolean = () => false,
  { ignoresLimit = false } = {},
): Promise<FakeRows> {
  let cut = 0;
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const { interval, limit } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const window = { start: new Date(interval.start), end: new Date(interval.end) };
    const limited = typeof limit === "number" && !ignoresLimit;
    const data = instantsOf(window)
      .slice(0, limited ? limit : undefined)
      .map((timestamp) => ({ ...EXAMPLE_ROW, timestamp }));
    outgoing.writeHead(200, { "content-type": "application/json" });
    outgoing.on("close", () => {
      if (!outgoing.writableFinished) cut += 1;
    });
    const body = JSON.stringify({ fields: advancedResponseExample.fields, data });
    if (holds(window) && !limited) outgoing.write(body.slice(0, -2));
    else outgoing.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => cut,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

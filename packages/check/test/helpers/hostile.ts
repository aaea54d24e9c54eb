// Hostile servers for the tests, on 127.0.0.1: every request answered 200 with rows that look like the step's, 60 MB of them or without end.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { advancedResponseExample } from "@giosg-reporting/contract";

/** A running hostile server: its URL, how many requests it got, and how to close it. */
export interface HostileServer {
  readonly url: string;
  readonly requests: () => number;
  close(): Promise<void>;
}

const [EXAMPLE_ROW] = advancedResponseExample.data;
/** A row of the example's, 30 KB long (its `source` padded): few rows make many bytes. */
const ROW = JSON.stringify({ ...EXAMPLE_ROW, source: "s".repeat(30_000) });
const HEAD = `{"fields":${JSON.stringify(advancedResponseExample.fields)},"data":[${ROW}`;
/** About 1 MB of rows, each preceded by its comma. */
const ROWS = Buffer.from(`,${ROW}`.repeat(Math.ceil(1_000_000 / (ROW.length + 1))));

/** Writes `chunk` and waits for the socket to take it; false once the caller has gone. */
function send(outgoing: ServerResponse, chunk: Buffer): Promise<boolean> {
  if (outgoing.destroyed) return Promise.resolve(false);
  if (outgoing.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve(!outgoing.destroyed);
    };
    outgoing.on("drain", done);
    outgoing.on("close", done);
  });
}

/**
 * Starts a server that answers every request 200 with `{ fields, data }` of example rows: `megabytes`
 * of them (a whole, valid answer), or rows without end when `megabytes` is `Infinity`.
 */
export async function startHostile(megabytes: number): Promise<HostileServer> {
  let requests = 0;
  const server = createServer(async (incoming, outgoing) => {
    requests += 1;
    incoming.resume();
    outgoing.writeHead(200, { "content-type": "application/json" });
    if (!(await send(outgoing, Buffer.from(HEAD)))) return;
    for (let sent = HEAD.length; sent < megabytes * 1_000_000; sent += ROWS.length)
      if (!(await send(outgoing, ROWS))) return;
    outgoing.end("]}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

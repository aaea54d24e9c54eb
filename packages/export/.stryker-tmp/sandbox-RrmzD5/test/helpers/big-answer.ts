// @ts-nocheck
// A server for the memory test, on 127.0.0.1: every request answered 200 with `megabytes` of valid example rows at the window's start, sent as the socket takes them.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { advancedResponseExample } from "@giosg-reporting/contract";

/** A running server: its URL and how to close it. */
export interface BigAnswerServer {
  readonly url: string;
  close(): Promise<void>;
}

const [EXAMPLE_ROW] = advancedResponseExample.data;
/** A row of the example's, 30 KB long (its `source` padded): few rows make many bytes. */
const rowAt = (timestamp: string) =>
  JSON.stringify({ ...EXAMPLE_ROW, timestamp, source: "s".repeat(30_000) });
/** About 1 MB of rows, each preceded by its comma. */
const ROWS_PER_CHUNK = Math.ceil(1_000_000 / (rowAt("2022-11-01T00:00:00.000Z").length + 1));

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

/** How many rows an answer of `megabytes` holds. */
export const rowsOf = (megabytes: number) => 1 + megabytes * ROWS_PER_CHUNK;

/** Starts a server answering every request with a whole, valid answer of `megabytes` × about 1 MB of rows. */
export async function startBigAnswer(megabytes: number): Promise<BigAnswerServer> {
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    // Every row at the window's start: inside the window asked, as the export's row guard wants it.
    const { interval } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const row = rowAt(new Date(interval.start).toISOString());
    const head = `{"fields":${JSON.stringify(advancedResponseExample.fields)},"data":[${row}`;
    const chunk = Buffer.from(`,${row}`.repeat(ROWS_PER_CHUNK));
    outgoing.writeHead(200, { "content-type": "application/json" });
    if (!(await send(outgoing, Buffer.from(head)))) return;
    for (let sent = 0; sent < megabytes; sent += 1) if (!(await send(outgoing, chunk))) return;
    outgoing.end("]}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

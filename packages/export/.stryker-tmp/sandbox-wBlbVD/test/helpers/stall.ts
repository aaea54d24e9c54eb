// @ts-nocheck
// A server for the half-written test, on 127.0.0.1: forwards to a stub, except one window's requests, answered a row and then held open.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { advancedResponseExample } from "@giosg-reporting/contract";

/** A running stalling server: its URL, a promise of the stalled answer's first row sent, and how to close it. */
export interface StallServer {
  readonly url: string;
  /** Resolves once the stalled window's answer has sent its head and one whole row. */
  readonly stalled: Promise<void>;
  close(): Promise<void>;
}

/** Starts a server forwarding to `target`; a request whose body holds `stallStart` gets `rows` rows (default 1), then nothing more. */
export async function startStall(
  target: string,
  stallStart: string,
  rows = 1,
): Promise<StallServer> {
  let markStalled = () => {};
  const stalled = new Promise<void>((resolve) => {
    markStalled = resolve;
  });
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (body.includes(`"start":"${stallStart}"`)) {
      outgoing.writeHead(200, { "content-type": "application/json" });
      // The rows at the window's start: inside the unit's window, as the export's row guard wants them.
      const row = { ...advancedResponseExample.data[0], timestamp: stallStart };
      const head = `{"fields":${JSON.stringify(advancedResponseExample.fields)},"data":[${`${JSON.stringify(row)},`.repeat(rows)}`;
      outgoing.write(head, () => markStalled());
      return;
    }
    const response = await fetch(new URL(incoming.url ?? "/", target), {
      method: incoming.method ?? "POST",
      headers: {
        "content-type": incoming.headers["content-type"] ?? "application/json",
        authorization: incoming.headers.authorization ?? "",
      },
      body,
    });
    outgoing.writeHead(response.status, { "content-type": "application/json" });
    outgoing.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stalled,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// A server for the truncation tests, on 127.0.0.1: forwards to a stub, except one window's answers, cut at a chosen place among the rows and ended cleanly.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Where an answer is cut: a byte offset of its text, from the offsets of its rows. */
export type CutAt = (answer: string, rowEnds: readonly number[]) => number;

/** A running cutting proxy: its URL, how many answers it cut, and how to close it. */
export interface CuttingProxy {
  readonly url: string;
  /** How many answers it has cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

/** The offset just after each row of the answer's `data` (the stub writes no space between values). */
function rowEndsOf(answer: string): number[] {
  const data = answer.indexOf('"data":[');
  const rows = JSON.parse(answer).data as unknown[];
  const ends: number[] = [];
  let at = data + '"data":['.length;
  for (const row of rows) {
    at += JSON.stringify(row).length;
    ends.push(at);
    at += 1; // the comma, or the closing bracket
  }
  return ends;
}

/**
 * Starts a proxy to `target`: the next `count` requests whose body holds `"start":"<cutStart>"` get
 * the stub's 200 answer cut at `cutAt`, chunked and ended cleanly (no `Content-Length`, no reset: only
 * the JSON tells that the answer is short). Every other request is the stub's answer, whole.
 */
export async function startCuttingProxy(
  target: string,
  cutStart: string,
  cutAt: CutAt,
  count = 1,
): Promise<CuttingProxy> {
  let cuts = 0;
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const response = await fetch(new URL(incoming.url ?? "/", target), {
      method: incoming.method ?? "POST",
      headers: {
        "content-type": incoming.headers["content-type"] ?? "application/json",
        authorization: incoming.headers.authorization ?? "",
      },
      body,
    });
    const text = await response.text();
    if (response.status === 200 && cuts < count && body.includes(`"start":"${cutStart}"`)) {
      cuts += 1;
      outgoing.writeHead(200, { "content-type": "application/json" });
      outgoing.end(text.slice(0, cutAt(text, rowEndsOf(text))));
      return;
    }
    outgoing.writeHead(response.status, { "content-type": "application/json" });
    outgoing.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

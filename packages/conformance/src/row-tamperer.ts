// A tiny node:http server in front of the stub that changes every row of its 200 answers: the
// negative control that proves the validating proxy reports a response that breaks the document.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** Changes one row of a 200 answer (returns the row to send). */
export type RowChange = (row: Record<string, unknown>) => Record<string, unknown>;

/** Adds a column the document does not declare. */
export const addColumn: RowChange = (row) => ({ ...row, extra_column: "not in the document" });

/** Renames `timestamp` (advanced rows) to `time`: a required column goes missing. */
export const renameTimestamp: RowChange = ({ timestamp, ...row }) =>
  timestamp === undefined ? row : { time: timestamp, ...row };

/** A tampering server listening on 127.0.0.1. */
export interface RunningTamperer {
  /** The base URL. */
  readonly url: string;
  /** How many 200 answers had their rows changed. */
  readonly tampered: () => number;
  /** Stops listening and closes open connections. */
  readonly close: () => Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const FORWARDED_HEADERS = ["authorization", "content-type", "accept"];

/** Starts a server that forwards every request to `upstream` and applies `change` to each 200 row. */
export function startTamperer(upstream: string, change: RowChange): Promise<RunningTamperer> {
  let tampered = 0;
  const server = createServer(async (request, reply) => {
    try {
      const body = await readBody(request);
      const headers = Object.fromEntries(
        FORWARDED_HEADERS.flatMap((name) => {
          const value = request.headers[name];
          return typeof value === "string" ? [[name, value]] : [];
        }),
      );
      const answer = await fetch(`${upstream}${request.url ?? "/"}`, {
        method: request.method ?? "GET",
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      let text = await answer.text();
      if (answer.status === 200) {
        const parsed = JSON.parse(text) as { data: Record<string, unknown>[] };
        parsed.data = parsed.data.map(change);
        text = JSON.stringify(parsed);
        tampered += 1;
      }
      reply.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "application/json",
        "content-length": Buffer.byteLength(text),
      });
      reply.end(text);
    } catch (error) {
      reply.writeHead(502, { "content-type": "text/plain" });
      reply.end(`tamperer: ${(error as Error).message}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        tampered: () => tampered,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

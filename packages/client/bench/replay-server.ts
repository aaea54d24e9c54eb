// A raw node:http server answering every request with the same recorded bytes from memory, so that a
// client's reading can be timed without the stub's work. Run as a script, it records one answer first:
// `node --import tsx bench/replay-server.ts '{"url": "...", "headers": {...}, "body": "..."}'` prints
// `<replay url> <bytes>` once it listens.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Where the answer to replay comes from. */
export interface Recording {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The bytes of one answer, in 64 KiB pieces. */
export async function record({ url, headers, body }: Recording): Promise<Buffer[]> {
  const response = await fetch(url, { method: "POST", headers, body });
  if (response.status !== 200 || response.body === null)
    throw new Error(`recording ${url}: status ${response.status}`);
  const whole = Buffer.from(await response.arrayBuffer());
  const pieces: Buffer[] = [];
  for (let at = 0; at < whole.length; at += 65_536) pieces.push(whole.subarray(at, at + 65_536));
  return pieces;
}

/** Listens on 127.0.0.1 (a free port) and answers every request with `pieces`, honouring back-pressure. */
export function startReplay(
  pieces: readonly Buffer[],
): Promise<{ url: string; close: () => Promise<void> }> {
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { "content-type": "application/json", "content-length": length });
    let next = 0;
    const pump = () => {
      while (next < pieces.length) {
        const piece = pieces[next] as Buffer;
        next += 1;
        if (!response.write(piece)) return void response.once("drain", pump);
      }
      response.end();
    };
    pump();
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1]?.endsWith("replay-server.ts") && process.argv[2]) {
  const pieces = await record(JSON.parse(process.argv[2]) as Recording);
  const { url } = await startReplay(pieces);
  process.stdout.write(`${url} ${pieces.reduce((sum, piece) => sum + piece.length, 0)}\n`);
}

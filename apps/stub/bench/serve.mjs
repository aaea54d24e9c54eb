// The benchmark's floors: raw node:http servers, each in its own process, run by node with no
// loader. `<port> answer <file> <headers-json>` sends the stub's exact answer from a precomputed
// Buffer with the stub's headers; `<port> tiny` sends `{}` (what the load generator reaches when
// the server costs nothing); `<port> stream <file> <bytes>` streams that many bytes cut from the
// file, chunked like the stub's unlimited answers. Every mode answers `GET /healthz` with 200.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port, mode, file, extra] = process.argv.slice(2);
const CHUNK_BYTES = 64 * 1024;

/**
 * Writes `total` bytes cut cyclically from `source`, waiting for the socket to drain when full.
 * @param {import("node:http").ServerResponse} response
 * @param {Buffer} source
 * @param {number} total
 */
function stream(response, source, total) {
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const offset = sent % source.length;
      const chunk = source.subarray(
        offset,
        Math.min(source.length, offset + CHUNK_BYTES, offset + total - sent),
      );
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once("drain", pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

const body = file === undefined ? Buffer.from("{}") : readFileSync(file);
/** @type {Record<string, string>} */
const headers =
  mode === "answer" && extra !== undefined
    ? JSON.parse(extra)
    : { "content-type": "application/json" };
const total = Number(extra);

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/healthz") {
    response.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("ok");
    return;
  }
  // Like the stub, the answer starts once the request body has been read.
  request.resume();
  request.once("end", () => {
    if (mode === "stream") {
      response.writeHead(200, headers);
      stream(response, body, total);
    } else {
      response.writeHead(200, { ...headers, "content-length": String(body.length) }).end(body);
    }
  });
});
server.listen(Number(port), "127.0.0.1");

// Fairness between clients over real sockets: while fast readers take endless answers, other requests
// are answered after a bounded amount of work, counted in rows made, never in time.
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { startStub } from "../../src/index";
import { endlessSource } from "../helpers/endless-source";
import { rawPost, rawRequest } from "../helpers/raw-socket";
import { eventually } from "../helpers/waiting";

/** A client that reads an answer as fast as it can and keeps only the count of bytes. */
function fastReader(
  port: number,
  request: string,
): Promise<{ socket: Socket; bytes: () => number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let bytes = 0;
    socket.on("data", (data) => {
      bytes += data.length;
    });
    socket.on("error", () => {});
    socket.once("connect", () => {
      socket.write(request);
      resolve({ socket, bytes: () => bytes });
    });
    socket.once("error", reject);
  });
}

describe("fast readers of endless answers", () => {
  it("leave room for /healthz: it is answered after a few chunks' worth of rows, and they go on", async () => {
    const endless = endlessSource();
    const stub = await startStub({ source: endless.source });
    const readers = await Promise.all(
      [1, 2].map(() => fastReader(stub.port, rawPost(endless.path, endless.payload))),
    );
    try {
      await eventually(() => expect(readers.every(({ bytes }) => bytes() > 1_000_000)).toBe(true));
      // Rows made between sending the probe and its first bytes arriving, read at that very event.
      const sentAt = endless.produced();
      let answeredAt: number | undefined;
      let answer = "";
      const probe = connect(stub.port, "127.0.0.1");
      probe.on("data", (data) => {
        answeredAt ??= endless.produced();
        answer += data.toString();
      });
      probe.write(rawRequest("GET", "/healthz"));
      await eventually(() => expect(answer).toContain('{"status":"ok"}'));
      probe.destroy();
      // Each reader's answer takes a chunk (64 KiB) a turn of the event loop; a few turns pass.
      const made = ((answeredAt ?? Number.POSITIVE_INFINITY) - sentAt) * endless.rowBytes;
      expect(made).toBeLessThan(8 * 1024 * 1024);
      const now = readers.map(({ bytes }) => bytes());
      await eventually(() =>
        expect(readers.every(({ bytes }, i) => bytes() > (now[i] ?? 0))).toBe(true),
      );
    } finally {
      for (const { socket } of readers) socket.destroy();
      await stub.close();
    }
  });
});

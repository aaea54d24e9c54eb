// A TCP proxy to a stub, on 127.0.0.1, that calls `arm` just before the first request asking for a whole window (no `limit`) reaches the stub, and may change each request it relays.

import type { AddressInfo } from "node:net";
import { connect, createServer, type Socket } from "node:net";

/** A running proxy: its URL, and how to close it. */
export interface ArmingProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a proxy relaying bytes to `target` (an `http://127.0.0.1:<port>` URL) as they are: the
 * export's probes (`"limit":1`) pass untouched, and `arm` runs once, synchronously, before the bytes
 * of the first request without a `limit` are relayed, so that what it arms on the stub (a fault
 * scenario) reaches the first unit's request and not the probes before it. Each request is relayed
 * once it is whole (its head, and its body by its `Content-Length`), as `change` makes it.
 */
export async function startArmingProxy(
  target: string,
  arm: () => void,
  /** Each whole request, before it is relayed: what to relay instead (by default, the request). */
  change: (request: Buffer) => Buffer = (request) => request,
): Promise<ArmingProxy> {
  const { port, hostname } = new URL(target);
  let armed = false;
  const sockets = new Set<Socket>();
  const server = createServer((incoming) => {
    const outgoing = connect(Number(port), hostname);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    }
    // Bytes held until a whole request (its head, and its body by Content-Length) is in.
    let pending = Buffer.alloc(0);
    incoming.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headEnd = pending.indexOf("\r\n\r\n");
        if (headEnd < 0) return;
        const head = pending.subarray(0, headEnd).toString("latin1");
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        const end = headEnd + 4 + length;
        if (pending.length < end) return;
        const request = pending.subarray(0, end);
        pending = pending.subarray(end);
        const text = request.toString("latin1");
        if (!armed && text.includes('"interval"') && !text.includes('"limit"')) {
          armed = true;
          arm();
        }
        outgoing.write(change(request));
      }
    });
    outgoing.pipe(incoming);
    incoming.once("close", () => outgoing.destroy());
    outgoing.once("close", () => incoming.destroy());
    incoming.on("error", () => outgoing.destroy());
    outgoing.on("error", () => incoming.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// A server on 127.0.0.1 that takes requests and never answers: for what happens while a request waits.
import { type AddressInfo, createServer, type Socket } from "node:net";

/** A running silent server: its URL, a promise of the first request's bytes arriving, and how to close it. */
export interface SilentServer {
  readonly url: string;
  /** Resolves once a request's first bytes have arrived. */
  readonly asked: Promise<void>;
  close(): Promise<void>;
}

/** Starts a server that accepts connections, reads what comes, and never writes a byte. */
export async function startSilentServer(): Promise<SilentServer> {
  let arrived = () => {};
  const asked = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.once("data", () => arrived());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

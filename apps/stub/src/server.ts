// Starts the stub's app on a node:http server and says where it listens.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Http2Bindings, type HttpBindings, serve } from "@hono/node-server";
import { type RequestListener, stepFastPathOf, withFastPath } from "./http/api/step-fast-path";
import type { Stub, StubOptions } from "./http/app";
import { sendWholeAnswer } from "./http/bodies/send-whole-answer";
import { sendsWholeAnswers } from "./http/bodies/whole-answer";
import { createStub } from "./http/create-stub";
import {
  applyConnectionBounds,
  type ConnectionBounds,
  resolveConnectionBounds,
  serverOptionsOf,
} from "./http/transport/connection-bounds";

/** Options of {@link startStub}: the stub's, where to listen, and the bounds of its connections. */
export interface StartOptions extends StubOptions, ConnectionBounds {
  /** The port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The interface to listen on (default 127.0.0.1). */
  readonly host?: string;
}

/** A stub listening on a socket. */
export interface RunningStub extends Stub {
  /** The base URL, such as `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the stub on a real socket (a free port on 127.0.0.1 by default) and resolves once it listens;
 * rejects with a `RangeError` naming an option out of range.
 */
export async function startStub(options: StartOptions = {}): Promise<RunningStub> {
  const bounds = resolveConnectionBounds(options);
  const stub = createStub(options);
  const host = options.host ?? "127.0.0.1";
  const fastPath = stepFastPathOf(stub.app);
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: async (request, bindings: HttpBindings | Http2Bindings) => {
          sendsWholeAnswers(bindings.outgoing);
          return sendWholeAnswer(await stub.app.fetch(request, bindings), bindings.outgoing);
        },
        port: options.port ?? 0,
        hostname: host,
        serverOptions: serverOptionsOf(bounds),
        // The step route's fast path in front of the app's listener, when the app has one.
        ...(fastPath === undefined
          ? {}
          : {
              createServer: ((serverOptions, listener) =>
                createServer(
                  serverOptions,
                  withFastPath(fastPath, listener as RequestListener),
                )) as typeof createServer,
            }),
      },
      (info: AddressInfo) => {
        const urlHost = info.family === "IPv6" ? `[${info.address}]` : info.address;
        const running = {
          ...stub,
          url: `http://${urlHost}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        };
        // A spread copies a getter's value once: the journal's requests are read when asked for.
        Object.defineProperty(running, "requests", {
          get: () => stub.journal.entries(),
          enumerable: true,
        });
        resolve(running);
      },
    );
    // Listening starts on a later turn of the event loop: no connection arrives before the bounds hold.
    applyConnectionBounds(server as Server, bounds);
    server.once("error", reject);
  });
}

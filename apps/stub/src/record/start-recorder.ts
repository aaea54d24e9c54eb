// Starts the recorder on a socket: the endpoint forwarded to an upstream, rows recorded into a folder.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { DEFAULT_CONNECTION_BOUNDS } from "../http/transport/connection-bounds";
import { lingerAfterEarlyAnswers } from "../http/transport/lingering-close";
import { type RecordingProxyOptions, recordingProxy } from "./record-proxy";
import { Recording } from "./recording";

/** Options of {@link startRecorder}. */
export interface RecorderOptions extends Omit<RecordingProxyOptions, "recording"> {
  /** The folder the recording is kept in (created when missing; a recording there is continued). */
  readonly dir: string;
  /** The port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** The most bytes of rows written to the folder (default 1 GiB; 0: no bound); beyond, answers are relayed, not recorded. */
  readonly maxBytes?: number;
}

/** A recorder listening on a socket. */
export interface RunningRecorder {
  /** The base URL to send the API's requests to, such as `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The recording being written. */
  readonly recording: Recording;
  /** Stops listening, cuts the answers in flight, and leaves a complete dataset in the folder. */
  close(): Promise<void>;
}

/**
 * Starts a recording proxy in front of `upstream`: point a client at its `url` with your own token;
 * the advanced rows it sees end up in `dir` as `events.ndjson` and `workflows.json`, which
 * `--data`/`--workflows` (or `fileSource`) replay.
 */
export async function startRecorder(options: RecorderOptions): Promise<RunningRecorder> {
  const recording = await Recording.open(options.dir, new URL(options.upstream).origin, {
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
  const app = recordingProxy({ ...options, recording });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? "127.0.0.1" },
      (info: AddressInfo) => {
        const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
        let closing: Promise<void> | undefined;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          recording,
          close: () => {
            closing ??= new Promise<void>((done) => {
              server.close(() => done());
              if ("closeAllConnections" in server) server.closeAllConnections();
            }).then(() => recording.close());
            return closing;
          },
        });
      },
    );
    // A body over the limit gets its 413 read, as on the stub (the default bounds).
    lingerAfterEarlyAnswers(server as Server, DEFAULT_CONNECTION_BOUNDS);
    server.once("error", reject);
  });
}

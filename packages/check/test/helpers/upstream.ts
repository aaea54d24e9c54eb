// A deviating upstream for the tests: a node:http server on 127.0.0.1 that forwards to a stub, then transforms the answer.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** An answer as the upstream is about to send it. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body (or the text when it is not JSON). */
  body: unknown;
}

/** What the upstream saw of one request. */
export interface SeenRequest {
  readonly path: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

/** Turns the stub's answer into the deviating one; `index` counts requests from 0. */
export type Transform = (
  answer: UpstreamAnswer,
  request: SeenRequest,
  index: number,
) => UpstreamAnswer | undefined;

/** A running upstream: its URL, what it saw, and how to close it. */
export interface Upstream {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts an upstream on 127.0.0.1:0 forwarding to `target`, its answers passed through `transform`. */
export async function startUpstream(target: string, transform: Transform): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = {
      path: incoming.url ?? "/",
      body: Buffer.concat(chunks).toString("utf8"),
      headers: incoming.headers,
    };
    const index = seen.length;
    seen.push(request);
    const response = await fetch(new URL(request.path, target), {
      method: incoming.method ?? "POST",
      headers: {
        "content-type": incoming.headers["content-type"] ?? "application/json",
        authorization: incoming.headers.authorization ?? "",
      },
      body: request.body,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const answer = transform(
      { status: response.status, headers: { "content-type": "application/json" }, body },
      request,
      index,
    ) ?? { status: response.status, headers: { "content-type": "application/json" }, body };
    outgoing.writeHead(answer.status, answer.headers);
    outgoing.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A fault in how an answer's body is sent: slowly, cut off by a dropped connection, or cut short. */
import { concatBytes } from "../../data/json/bytes";

export type BodyFault =
  | { readonly kind: "slow"; readonly chunkDelayMs: number }
  | { readonly kind: "drop-during" }
  | { readonly kind: "truncate" };

/** Bytes sent per piece of a faulty body. */
const PIECE_BYTES = 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `response`'s body with a fault: `slow` in 1 KiB pieces with a pause after each, `drop-during`
 * drops the connection after the first piece (`drop` destroys the socket; in process the body errors),
 * `truncate` ends the body cleanly after the first piece (the client gets cut-off JSON). The first
 * piece of a body no longer than a piece is its first half, so that even a short answer is cut.
 */
export function withBodyFault(response: Response, fault: BodyFault, drop?: () => void): Response {
  const source = response.body;
  if (source === null) return response;
  const reader = source.getReader();
  let pending: Uint8Array = new Uint8Array(0);
  let ended = false;
  /** The first piece of a body to cut has gone out: the next pull cuts it. */
  let cut = false;

  /** Ends the body as the fault says, after its first piece. */
  const cutShort = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    await reader.cancel();
    if (fault.kind === "truncate") {
      controller.close();
    } else if (drop) {
      await sleep(50); // let the status line, headers and first piece reach the client
      drop();
      controller.close();
    } else {
      controller.error(new Error("connection dropped by the stub's scenario"));
    }
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (fault.kind !== "slow") {
        if (cut) return cutShort(controller);
        // Enough of the body to know whether it is longer than a piece.
        while (!ended && pending.length <= PIECE_BYTES) {
          const next = await reader.read();
          if (next.done) ended = true;
          else pending = pending.length === 0 ? next.value : concatBytes([pending, next.value]);
        }
        const size = pending.length > PIECE_BYTES ? PIECE_BYTES : Math.floor(pending.length / 2);
        cut = true;
        if (size > 0) controller.enqueue(pending.subarray(0, size));
        else await cutShort(controller);
        return;
      }
      while (pending.length === 0) {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          return;
        }
        pending = next.value;
      }
      const piece = pending.subarray(0, PIECE_BYTES);
      pending = pending.subarray(piece.length);
      controller.enqueue(piece);
      await sleep(fault.chunkDelayMs);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(body, { status: response.status, headers });
}

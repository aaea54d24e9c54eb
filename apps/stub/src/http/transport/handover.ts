// What the step route's fast path hands to the Hono app with a request it does not answer itself: the body it read, and a streamed answer it made.
import type { IncomingMessage } from "node:http";
import type { BodyText } from "./request-body";

/** A request the fast path took and gave back to the app (which answers it as if it had had it from the start). */
export interface Handover {
  /** The body as the fast path read it, or the error that ended the read. */
  readonly body: BodyText | { readonly failed: unknown };
  /** The rows' stream the fast path made for a 200 answer that is not sent whole. */
  readonly answer?: { readonly stream: ReadableStream<Uint8Array> };
}

/** A handover's own key on its request: a property, not a WeakMap entry, for the few requests that take it. */
const HANDOVER = Symbol("handover");

type Marked = IncomingMessage & { [HANDOVER]?: Handover };

/**
 * Marks `incoming` as taken by the fast path and given back: its body is read already (what
 * `readBodyText` then gives), and the scenario was inert when it came, so none is applied to it.
 */
export function handOver(incoming: IncomingMessage, handover: Handover): void {
  (incoming as Marked)[HANDOVER] = handover;
}

/** What the fast path handed over with `incoming`, if it took it first. */
export function handedOver(incoming: IncomingMessage | undefined): Handover | undefined {
  return (incoming as Marked | undefined)?.[HANDOVER];
}

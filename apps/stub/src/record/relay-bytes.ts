// An upstream's answer relayed to the caller unread (a download's file): one chunk at a time, at the caller's pace.

/** What {@link relayBytes} needs: the upstream's body, and what to do when it ends or breaks off. */
export interface ByteRelayOptions {
  readonly body: ReadableStream<Uint8Array>;
  /** Called once at the end: the bytes relayed, whether the whole answer came, and why not. */
  readonly onEnd: (bytes: number, complete: boolean, problem?: string) => void;
  /** Cuts the caller's connection when the upstream's answer breaks off; false where there is none (the stream errors instead). */
  readonly breakOff: () => boolean;
}

/**
 * The caller's body: the upstream's bytes unchanged, pulled one chunk at a time when the caller is
 * ready for it, so that memory holds one chunk however large the file; the upstream's failure cuts
 * the caller's answer too, and the caller's going away cancels the upstream's.
 */
export function relayBytes({
  body,
  onEnd,
  breakOff,
}: ByteRelayOptions): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  let ended = false;
  const end = (complete: boolean, problem?: string) => {
    if (ended) return;
    ended = true;
    onEnd(bytes, complete, problem);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (error) {
          end(false, `the upstream's answer broke off: ${(error as Error).message}`);
          if (breakOff()) controller.close();
          else controller.error(error);
          return;
        }
        if (next.done) {
          end(true);
          controller.close();
          return;
        }
        bytes += next.value.byteLength;
        controller.enqueue(next.value);
      },
      async cancel(reason) {
        end(false, "the caller went away");
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

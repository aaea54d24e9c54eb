// Turns of the event loop shared fairly by every answer being produced: one piece of work per turn, in order of arrival.

/**
 * Runs `callback` on the next turn of the event loop, after pending I/O: Node's `setImmediate`, or in a
 * browser (which has none) a message to itself, which does not wait for timers' minimum delay.
 */
const onNextTurn: (callback: () => void) => void =
  typeof globalThis.setImmediate === "function"
    ? (callback) => globalThis.setImmediate(callback)
    : (() => {
        const channel = new MessageChannel();
        const callbacks: (() => void)[] = [];
        // The DOM's `onmessage` (which starts the port), typed here by Node's types, which lack it.
        (channel.port1 as unknown as { onmessage: () => void }).onmessage = () =>
          callbacks.shift()?.();
        return (callback: () => void) => {
          callbacks.push(callback);
          channel.port2.postMessage(undefined);
        };
      })();

/** Answers waiting for their turn, first come first served. */
const waiting: (() => void)[] = [];
let scheduled = false;

function release(): void {
  scheduled = false;
  waiting.shift()?.();
  // Queued from within this turn's check phase, so the next waiter runs on the next turn: I/O
  // (a `/healthz`, a new request, a reader's acknowledgements) is handled in between.
  if (waiting.length > 0) {
    scheduled = true;
    onNextTurn(release);
  }
}

/**
 * Resolves when it is this caller's turn: at most one waiter is released per turn of the event
 * loop, in the order they asked. An answer that awaits this before each chunk of work can hold the
 * loop for one chunk at a time, however many answers run at once.
 */
export function fairTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      onNextTurn(release);
    }
  });
}

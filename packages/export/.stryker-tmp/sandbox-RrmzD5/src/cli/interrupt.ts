// @ts-nocheck
// Ctrl-C and SIGTERM: the first stops the export through its signal (the unit in progress rolled back), a second exits at once.
import { constants } from "node:os";

/** The signals that stop a run. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** The exit code of a run stopped by `signal`, as a shell reports it: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export const exitCodeOf = (signal: NodeJS.Signals): number => 128 + constants.signals[signal];

/** What listens for the signals: the process, or a stand-in in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** Options of {@link handleInterrupts}. */
export interface InterruptOptions {
  /** The controller whose signal the export was given. */
  readonly controller: AbortController;
  /** Told of the first signal (to say the run is stopping). */
  readonly onFirst: (signal: NodeJS.Signals) => void;
  /** Told of a second signal, then `exit` runs. */
  readonly onSecond: (signal: NodeJS.Signals) => void;
  /** Default `process`. */
  readonly source?: SignalSource;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => void;
}

/** The signal heard, and how to stop listening. */
export interface Interrupts {
  /** The first signal heard, if any. */
  readonly signal: NodeJS.Signals | undefined;
  /** Stops listening (the process's own handling of the signals returns). */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM: the first aborts `controller`, a second exits at once with 128 + its number. */
export function handleInterrupts({
  controller,
  onFirst,
  onSecond,
  source = process,
  exit = (code) => process.exit(code),
}: InterruptOptions): Interrupts {
  let heard: NodeJS.Signals | undefined;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => {
      if (heard === undefined) {
        heard = signal;
        onFirst(signal);
        controller.abort(new Error(`interrupted by ${signal}`));
        return;
      }
      onSecond(signal);
      exit(exitCodeOf(heard));
    };
    source.on(signal, listener);
    return [signal, listener] as const;
  });
  return {
    get signal() {
      return heard;
    },
    dispose() {
      for (const [signal, listener] of listeners) source.off(signal, listener);
    },
  };
}

// An error's message as the CLI prints it: one line, whatever a server or a driver put in it.
import { printable } from "@giosg-reporting/client";

/** An error's message (or what was thrown, as text) as one printable line. */
export const messageOf = (error: unknown): string =>
  printable(error instanceof Error ? error.message : String(error));

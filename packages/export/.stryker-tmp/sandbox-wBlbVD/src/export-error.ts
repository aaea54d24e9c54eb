// @ts-nocheck
// The error of an export that could not start: bad options (a usage error naming the option).

/** An export that could not start (the CLI's exit code 2); `option` names the option at fault, such as `--window`. */
export class ExportError extends Error {
  override readonly name = "ExportError";
  /** The option at fault, such as `--window` (`window` from code). */
  readonly option: string;

  constructor(option: string, message: string, options?: { readonly cause?: unknown }) {
    super(`${option}: ${message}`, options);
    this.option = option;
  }
}

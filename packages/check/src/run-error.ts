// The error of a run that could not be made: bad options, a server out of reach, or a token refused.

/** Why a run could not be made: `usage` (an option), `unreachable` (no answer), `refused` (the token), `not-found` (the step). */
export type CheckRunErrorKind = "usage" | "unreachable" | "refused" | "not-found";

/** A run that could not be made (the CLI's exit code 2); its message names the option or says what the server did. */
export class CheckRunError extends Error {
  override readonly name = "CheckRunError";
  /** Why. */
  readonly kind: CheckRunErrorKind;
  /** The option at fault, such as `--interval`, for `usage`. */
  readonly option: string | undefined;

  constructor(kind: CheckRunErrorKind, message: string, option?: string) {
    super(message);
    this.kind = kind;
    this.option = option;
  }
}

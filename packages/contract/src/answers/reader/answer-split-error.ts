// The one error of splitting a streamed answer, and why it happened.

/** Why a streamed answer could not be split. */
export type SplitFailure = "invalid-json" | "too-large" | "shape";

/** A streamed answer that is not JSON, too large in one piece, or not `{fields, data: [...]}`. */
export class AnswerSplitError extends Error {
  /** What is wrong with the answer. */
  readonly reason: SplitFailure;
  constructor(reason: SplitFailure, message: string) {
    super(message);
    this.name = "AnswerSplitError";
    this.reason = reason;
  }
}

/** Parses one JSON text, or throws `invalid-json` saying which value (`what`) it was. */
export function parseValue(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AnswerSplitError("invalid-json", `${what} is not JSON: ${(error as Error).message}`);
  }
}

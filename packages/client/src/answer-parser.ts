// A streamed 200 answer's values as the bytes come, from @streamparser/json: the `fields` header, then each row.
import { JSONParser } from "@streamparser/json";

/** What a streamed answer hands over as its bytes are parsed. */
export interface AnswerEvents {
  /** The top-level `fields` value. */
  readonly fields: (value: unknown) => void;
  /** A member of the top-level `data`, and whether `data` is a list (as the contract says it is). */
  readonly row: (value: unknown, inList: boolean) => void;
}

/** A push parser of a streamed answer: the values that some bytes complete are handed over before `write` returns. */
export interface AnswerParser {
  /** Parses more of the answer; throws if it is not JSON. */
  readonly write: (bytes: Uint8Array) => void;
  /** The answer has ended; throws if it was cut short. */
  readonly end: () => void;
}

/** An {@link AnswerParser} that keeps no more than the value being parsed. */
export function answerParser(events: AnswerEvents): AnswerParser {
  const parser = new JSONParser({ paths: ["$.fields", "$.data.*"], keepStack: false });
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1) {
      if (key === "fields") events.fields(value);
    } else events.row(value, typeof key === "number");
  };
  return {
    write: (bytes) => parser.write(bytes),
    end: () => {
      if (!parser.isEnded) parser.end();
    },
  };
}

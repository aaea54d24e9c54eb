// Streams a query's answer: `fields` first, then each row as it comes, held to the contract and to maxRowBytes.
import { AnswerSplitError, AnswerSplitter, type FieldDescriptor } from "@giosg-reporting/contract";
import { ReportingApiError } from "../errors";
import type { Call } from "../transport/call";
import {
  type OutgoingRequest,
  type Sent,
  send,
  type TransportOptions,
} from "../transport/transport";
import { errorOfAnswer } from "./answer";
import { fieldsOfAnswer } from "./fields";
import { checkFields } from "./validation";

/** What streaming a query needs. */
export interface StreamRequest {
  readonly request: OutgoingRequest;
  /** The call's clocks, ended when the stream is. */
  readonly call: Call;
  readonly transport: TransportOptions;
  /** Whether the query asked for basic rows. */
  readonly basic: boolean;
  readonly validateResponse: boolean;
  readonly maxRowBytes: number;
  /** Caps an error answer's body. */
  readonly maxAnswerBytes: number;
  /** Keep each row's bytes as sent (for batches' NDJSON). */
  readonly rowText?: boolean;
}

function invalid(message: string, sent: Sent, cause?: unknown): ReportingApiError {
  return new ReportingApiError({
    kind: "invalid-response",
    status: 200,
    message,
    attempts: sent.attempts,
    cause,
  });
}

/** What each reason of an {@link AnswerSplitError} makes of the answer, in the client's words. */
const SPLIT_FAILURES = {
  "invalid-json": "is not valid JSON",
  shape: "breaks the contract",
} as const;

/**
 * The rows of a 200 answer as its bytes are split (@link AnswerSplitter): no value (a row, the
 * `fields` header, anything else) may pass `maxRowBytes`, nor may the bytes before `fields` or
 * between two rows, so that nothing (one endless string, a header that never comes, rows before
 * `fields`, endless whitespace) is held or read without end.
 */
export class RowReader {
  /** Rows split and not yet handed out, from {@link head} on. */
  queue: unknown[] = [];
  /** With `rowText`, the texts of the rows in {@link queue}, at the same indexes. */
  texts: (Uint8Array | undefined)[] = [];
  head = 0;
  fields: unknown;
  /** Bytes read since the last row (or since the start while `fields` has not come). */
  #sinceLastValue = 0;
  #finished = false;
  readonly #splitter: AnswerSplitter;

  constructor(
    readonly sent: Sent,
    readonly request: StreamRequest,
  ) {
    this.#splitter = new AnswerSplitter({
      maxValueBytes: request.maxRowBytes,
      rowText: request.rowText === true,
    });
  }

  /** Splits one more chunk of the answer; false once the answer has ended (and been checked). */
  async more(): Promise<boolean> {
    if (this.#finished) return false;
    if (this.request.call.over) throw this.sent.failure(undefined);
    const chunk = await this.sent.read();
    if (chunk === undefined) {
      this.#end();
      return false;
    }
    let rows: unknown[];
    try {
      rows = this.#splitter.write(chunk);
    } catch (error) {
      throw this.#failure(error, "");
    }
    this.fields ??= this.#splitter.fields;
    if (rows.length > 0) {
      const fresh = this.head >= this.queue.length;
      if (fresh) {
        this.queue = rows;
        this.head = 0;
      } else for (const row of rows) this.queue.push(row);
      if (this.request.rowText) {
        const texts = this.#splitter.rowTexts as (Uint8Array | undefined)[];
        if (fresh) this.texts = texts;
        else for (const text of texts) this.texts.push(text);
      }
    }
    // Rows before `fields` are held until it comes: they do not restart the count.
    const progressed = rows.length > 0 && this.fields !== undefined;
    this.#sinceLastValue = progressed ? 0 : this.#sinceLastValue + chunk.byteLength;
    if (this.#sinceLastValue > this.request.maxRowBytes) throw this.#tooLarge();
    return true;
  }

  #tooLarge(): ReportingApiError {
    const where =
      this.fields === undefined ? "before its fields header" : "without completing a row";
    return new ReportingApiError({
      kind: "too-large",
      status: 200,
      message: `The API sent more than maxRowBytes (${this.request.maxRowBytes} bytes) ${where}; raise maxRowBytes if its rows are that large`,
      attempts: this.sent.attempts,
    });
  }

  /** The client's error for a failure of the splitter (`at` says where, if at the end). */
  #failure(error: unknown, at: string): ReportingApiError {
    if (!(error instanceof AnswerSplitError)) throw error;
    if (error.reason === "too-large") return this.#tooLarge();
    const what = at === "" ? SPLIT_FAILURES[error.reason] : at;
    return invalid(`The API's 200 answer ${what}: ${error.message}`, this.sent, error);
  }

  #end(): void {
    this.#finished = true;
    try {
      this.#splitter.end();
    } catch (error) {
      const cut = error instanceof AnswerSplitError && error.reason === "invalid-json";
      throw this.#failure(error, cut ? "is cut short" : "");
    }
  }
}

/**
 * Sends a query and parses its answer as it streams in: resolves once `fields` has arrived (named as
 * the rows are keyed), then yields rows as they are parsed, each checked against the contract.
 * Retries apply until the answer starts; `timeoutMs` measures only the API's silence, and the call's
 * deadline covers the whole iteration.
 */
export async function streamRows(
  request: StreamRequest,
): Promise<{ fields: readonly FieldDescriptor[]; reader: RowReader; sent: Sent }> {
  const { call } = request;
  let sent: Sent;
  try {
    sent = await send(request.request, call, request.transport, async (answer) => answer);
  } catch (error) {
    call.end();
    throw error;
  }
  const reader = new RowReader(sent, request);
  try {
    if (sent.response.status !== 200) throw await errorOfAnswer(sent, request.maxAnswerBytes);
    if (sent.response.body === null) throw invalid("The API's 200 answer has no body", sent);
    while (reader.fields === undefined && (await reader.more()));
    if (request.validateResponse) checkFields(reader.fields, sent.attempts);
  } catch (error) {
    await sent.cancel();
    call.end();
    throw error;
  }
  const fields = fieldsOfAnswer(reader.fields, request.basic) as readonly FieldDescriptor[];
  return { fields, reader, sent };
}

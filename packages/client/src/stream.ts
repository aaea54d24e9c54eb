// Streams a query's answer: `fields` first, then each row as it comes, held to the contract and to maxRowBytes.
import type { FieldDescriptor } from "@giosg-reporting/contract";
import { errorOfAnswer } from "./answer";
import { answerParser } from "./answer-parser";
import type { Call } from "./call";
import { ReportingApiError } from "./errors";
import { fieldsOfAnswer } from "./fields";
import { type OutgoingRequest, type Sent, send, type TransportOptions } from "./transport";
import { checkFields, checkOkBody, checkRow } from "./validation/response";

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

/** The text of some pieces of bytes. */
function textOf(pieces: readonly Uint8Array[]): string {
  const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.byteLength, 0));
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Bytes are parsed in slices of at most this much, so that a run without a row is caught within a slice of `maxRowBytes`. */
const sliceOf = (maxRowBytes: number) =>
  Math.min(64 * 1024, Math.max(256, Math.ceil(maxRowBytes / 16)));

/**
 * The rows of a 200 answer as its bytes are parsed. The bytes since the last value handed over (the
 * `fields` header or a row after it) are counted, slice by slice: past `maxRowBytes` the answer is
 * refused as `too-large`, so that nothing (one endless string, a header that never comes, rows
 * before `fields`) is held beyond it. Until a row has come, the bytes are kept (no more than twice
 * the cap): an answer that ends without rows is then checked whole, as `getStepSourceData` checks it.
 */
class RowReader {
  readonly queue: unknown[] = [];
  head = 0;
  fields: unknown;
  #rows = 0;
  #handedOver = 0;
  #sinceLastValue = 0;
  #notAList = false;
  #kept: Uint8Array[] | undefined = [];
  #chunk: Uint8Array | undefined;
  #offset = 0;
  #finished = false;
  readonly #slice: number;
  readonly #parser = answerParser({
    fields: (value) => {
      if (this.fields !== undefined) return;
      this.fields = value;
      this.#handedOver += 1;
    },
    row: (value, inList) => {
      this.queue.push(value);
      this.#rows += 1;
      if (!inList) this.#notAList = true;
      // Rows before `fields` must all be held until it comes: they do not restart the count.
      if (this.fields !== undefined) this.#handedOver += 1;
    },
  });

  constructor(
    readonly sent: Sent,
    readonly request: StreamRequest,
  ) {
    this.#slice = sliceOf(request.maxRowBytes);
  }

  /** Parses one more slice of the answer; false once the answer has ended (and been checked). */
  async more(): Promise<boolean> {
    if (this.#finished) return false;
    if (this.request.call.over) throw this.sent.failure(undefined);
    if (this.#chunk === undefined || this.#offset >= this.#chunk.byteLength) {
      this.#chunk = await this.sent.read();
      this.#offset = 0;
      if (this.#chunk === undefined) {
        this.#end();
        return false;
      }
    }
    const piece = this.#chunk.subarray(this.#offset, this.#offset + this.#slice);
    this.#offset += piece.byteLength;
    const before = this.#handedOver;
    try {
      this.#parser.write(piece);
    } catch (error) {
      throw invalid(
        `The API's 200 answer is not valid JSON: ${(error as Error).message}`,
        this.sent,
        error,
      );
    }
    if (this.#rows > 0) this.#kept = undefined;
    else this.#kept?.push(piece);
    this.#sinceLastValue =
      before === this.#handedOver ? this.#sinceLastValue + piece.byteLength : 0;
    if (this.#sinceLastValue > this.request.maxRowBytes) throw this.#tooLarge();
    if (this.#notAList && this.request.validateResponse)
      throw invalid("The API's 200 answer breaks the contract: data: Expected array", this.sent);
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

  #end(): void {
    this.#finished = true;
    try {
      this.#parser.end();
    } catch (error) {
      throw invalid(
        `The API's 200 answer is cut short: ${(error as Error).message}`,
        this.sent,
        error,
      );
    }
    if (this.fields === undefined)
      throw invalid("The API's 200 answer has no fields header", this.sent);
    if (this.#rows === 0 && this.#kept !== undefined && this.request.validateResponse) {
      checkOkBody(JSON.parse(textOf(this.#kept)), this.request.basic, this.sent.attempts);
    }
    this.#kept = undefined;
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
): Promise<{ fields: readonly FieldDescriptor[]; rows: AsyncGenerator<unknown> }> {
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

  async function* rows(): AsyncGenerator<unknown> {
    const { queue } = reader;
    let index = 0;
    try {
      for (;;) {
        while (reader.head < queue.length) {
          const row = queue[reader.head];
          queue[reader.head] = undefined;
          reader.head += 1;
          if (request.validateResponse) checkRow(row, request.basic, index, sent.attempts);
          index += 1;
          yield row;
        }
        queue.length = 0;
        reader.head = 0;
        if (!(await reader.more()) && queue.length === 0) return;
      }
    } finally {
      await sent.cancel();
      call.end();
    }
  }
  return { fields, rows: rows() };
}

// Streams a query's answer: `fields` first, then each row as it comes, held to the contract and to maxRowBytes.
import {
  AnswerSplitError,
  AnswerSplitter,
  type FieldDescriptor,
  instantParser,
  type NdjsonLines,
} from "@giosg-reporting/contract";
import { ReportingApiError } from "../errors";
import type { Call } from "../transport/call";
import {
  type OutgoingRequest,
  type Sent,
  send,
  type TransportOptions,
} from "../transport/transport";
import { errorOfAnswer } from "./answer";
import { concatBytes } from "./concat-bytes";
import { fieldsOfAnswer } from "./fields";
import { firstDatetimeName, rowCheckOf } from "./row-check";
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
  /** Make each row's NDJSON line from its bytes as sent (for batches' NDJSON). */
  readonly ndjson?: boolean;
  /**
   * false: a row whose bytes show it valid is not parsed (for batches without rows); each row's time
   * is kept in {@link RowReader.times}. Default true.
   */
  readonly rows?: boolean;
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
  /** With `ndjson`, the NDJSON lines of the rows in {@link queue}, a run of them for each chunk. */
  lines: NdjsonLines[] = [];
  /**
   * With `rows: false`, the times of the rows in {@link queue} (NaN for a row that was parsed, whose
   * queue entry is the row; a row not parsed is `undefined` there).
   */
  times: number[] = [];
  head = 0;
  fields: unknown;
  /** Reads a parsed row's time (its first `datetime` field's, per `fields`), once `fields` has come. */
  #timeOf: ((row: unknown) => number) | undefined;
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
      ndjson: request.ndjson === true,
      ...(request.rows === false ? { rowCheck: rowCheckOf(request.basic) } : {}),
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
      if (this.request.ndjson) {
        if (fresh) this.lines = [this.#splitter.ndjson];
        else this.lines.push(this.#splitter.ndjson);
      }
      if (this.request.rows === false) {
        const { times } = this.#splitter;
        if (fresh) this.times = times as number[];
        else for (const time of times) this.times.push(time);
      }
    }
    // Rows before `fields` are held until it comes: they do not restart the count.
    const progressed = rows.length > 0 && this.fields !== undefined;
    this.#sinceLastValue = progressed ? 0 : this.#sinceLastValue + chunk.byteLength;
    if (this.#sinceLastValue > this.request.maxRowBytes) throw this.#tooLarge();
    return true;
  }

  /** A parsed row's time in ms (of the answer's first `datetime` field; NaN when it is not an instant). */
  timeOf(row: unknown): number {
    if (this.#timeOf === undefined) {
      const field = firstDatetimeName(this.fields);
      const parse = instantParser();
      this.#timeOf = (value) => {
        const text = field === undefined ? undefined : (value as Record<string, unknown>)[field];
        return typeof text === "string" ? parse(text) : Number.NaN;
      };
    }
    return this.#timeOf(row);
  }

  /**
   * The NDJSON of the queue's first `count` rows: a view of one run's lines, or the runs' lines joined
   * (rows held before `fields` came may span several runs). A batch always begins at the queue's
   * start: the queue is emptied before more is read, and a batch cut short by a row that breaks the
   * contract is the last.
   */
  ndjsonOf(count: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let left = count;
    for (const { bytes, ends } of this.lines) {
      if (left === 0) break;
      const taken = Math.min(left, ends.length);
      parts.push(bytes.subarray(0, ends[taken - 1]));
      left -= taken;
    }
    return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
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

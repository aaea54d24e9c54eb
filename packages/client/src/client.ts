// The client: the whole-answer, streaming, download and raw calls over one request, one transport and one error reader.
import {
  type AdvancedRow,
  type BasicRow,
  type DownloadFormat,
  downloadFileName,
  type FieldDescriptor,
  type StepSourceDataResponseFor,
  type WorkflowInfo,
} from "@giosg-reporting/contract";
import { errorOfAnswer, readOkJson } from "./answer/answer";
import { answerOf } from "./answer/fields";
import {
  LazyRows,
  type RowBatch,
  RowIterator,
  takeBatch,
  takeCountedBatch,
} from "./answer/row-iterator";
import { streamRows } from "./answer/stream";
import { checkOkBody, checkWorkflowInfo } from "./answer/validation";
import { acceptOf, type StepSourceDataDownload, startDownload } from "./download/download";
import { ReportingApiError } from "./errors";
import { type ClientOptions, resolveOptions } from "./options";
import { createRawClient, type RawClient } from "./raw";
import {
  type SourceDataQuery,
  type StepDownloadQuery,
  type StepSourceDataQuery,
  toApiRequest,
  toDownloadRequest,
  toSourceDataRequest,
  toWorkflowInfoRequest,
  type WorkflowInfoQuery,
} from "./request/query";
import { requestOf } from "./request/request";
import { Call } from "./transport/call";
import {
  type OutgoingRequest,
  type Sent,
  send,
  type TransportOptions,
} from "./transport/transport";

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (and its retries) when it fires. */
  readonly signal?: AbortSignal;
}

/** Options of a batched stream. */
export interface BatchOptions extends CallOptions {
  /**
   * Whether each batch carries its NDJSON (default true). `false` keeps no row texts and leaves each
   * batch's `ndjson` empty: for a caller that reads only the rows, a batch at a time.
   */
  readonly ndjson?: boolean;
  /**
   * Whether each batch holds its rows as objects (default true). `false` builds no row whose bytes
   * show it valid: each such row is checked against the contract from its bytes as sent, and not
   * parsed (a row in any other form is parsed and checked as before). Each batch's `rows` is then
   * empty; its `count` says how many rows it holds and `times` their times: for a caller that writes
   * the NDJSON, at less cost per row.
   */
  readonly rows?: boolean;
}

/** Options of a download. */
export interface DownloadOptions extends CallOptions {
  /** The largest file read, in bytes (default the client's `maxAnswerBytes`): more is a `too-large` error. */
  readonly maxBytes?: number;
}

/** The rows of a query, typed by its `basic`: basic rows for `true`, advanced rows otherwise. */
export type RowFor<Basic extends boolean | undefined> = Basic extends true ? BasicRow : AdvancedRow;

/** A streamed answer: the `fields` header, and the rows as they arrive. */
export interface StepSourceDataStream<Row> {
  /** The `fields` header. */
  readonly fields: readonly FieldDescriptor[];
  /** The rows, as they arrive; memory does not grow with the answer. */
  readonly rows: AsyncIterable<Row>;
}

/** A streamed answer read in batches: the `fields` header, and the rows as they arrive with their NDJSON. */
export interface StepSourceDataBatches<Row> {
  /** The `fields` header. */
  readonly fields: readonly FieldDescriptor[];
  /** The rows split from each stretch of the answer read, checked, with their NDJSON; memory does not grow with the answer. */
  readonly batches: AsyncIterable<RowBatch<Row>>;
}

/** A client of the Workflow step source data API. */
export interface ReportingClient {
  /** Fetches a step's source data; throws a {@link ReportingApiError} for anything but a valid 200. */
  getStepSourceData<const Basic extends boolean | undefined = undefined>(
    query: StepSourceDataQuery<Basic>,
    options?: CallOptions,
  ): Promise<StepSourceDataResponseFor<Basic>>;
  /** Streams a step's source data: `fields`, then the rows as they arrive (for queries without `limit`). */
  streamStepSourceData<const Basic extends boolean | undefined = undefined>(
    query: StepSourceDataQuery<Basic>,
    options?: CallOptions,
  ): Promise<StepSourceDataStream<RowFor<Basic>>>;
  /**
   * Streams a step's source data in batches: `fields`, then the rows as they arrive, a batch for
   * each stretch of the answer read, with the batch's NDJSON made of the API's own bytes (no second
   * serialization): the way to write an answer to NDJSON at the speed it is read. With
   * `ndjson: false`, the batches hold only the rows (their `ndjson` is empty); with `rows: false`,
   * only the NDJSON, with the rows' count and times.
   */
  streamStepSourceDataBatches<const Basic extends boolean | undefined = undefined>(
    query: StepSourceDataQuery<Basic>,
    options?: BatchOptions,
  ): Promise<StepSourceDataBatches<RowFor<Basic>>>;
  /** Iterates a step's source data row by row as it streams in: memory does not grow with the answer. */
  iterateStepSourceData<const Basic extends boolean | undefined = undefined>(
    query: StepSourceDataQuery<Basic>,
    options?: CallOptions,
  ): AsyncGenerator<RowFor<Basic>, void, undefined>;
  /** Fetches what a workflow is (`info`): its type, name, description, state and dates. */
  getWorkflowInfo(query: WorkflowInfoQuery, options?: CallOptions): Promise<WorkflowInfo>;
  /** Fetches an interaction workflow's outer goal events (`source_data`), typed by `basic` as the step's rows are. */
  getSourceData<const Basic extends boolean | undefined = undefined>(
    query: SourceDataQuery<Basic>,
    options?: CallOptions,
  ): Promise<StepSourceDataResponseFor<Basic>>;
  /**
   * Downloads a step's source data as a file (`csv` or `xlsx`): resolves once the answer starts, with
   * the file's name, type and size, and its bytes to read as they arrive.
   */
  downloadStepSourceData<const Format extends DownloadFormat>(
    query: StepDownloadQuery<Format>,
    options?: DownloadOptions,
  ): Promise<StepSourceDataDownload<Format>>;
  /** Each route as ts-rest's clients call it: `{ status, body, headers }` for every declared status, no throw on those; an undeclared status throws a {@link ReportingApiError}. */
  readonly raw: RawClient;
}

/**
 * Creates a client of the Workflow step source data API, derived from the contract: typed queries and
 * rows, retries, timeouts, typed errors and response validation.
 */
export function createClient(options: ClientOptions): ReportingClient {
  const resolved = resolveOptions(options);
  const transport: TransportOptions = {
    timeoutMs: resolved.timeoutMs,
    retry: resolved.retry,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    // The global fetch is looked up at each call (MSW replaces it after a client is made); neither is called on another `this`.
    fetch: (input, init) =>
      options.fetch === undefined
        ? globalThis.fetch(input, init)
        : options.fetch.call(undefined, input, init),
  };
  const { maxAnswerBytes, validateResponse } = resolved;
  const callOf = (signal: AbortSignal | null | undefined, idle = false) =>
    new Call(signal ?? undefined, resolved.deadlineMs, idle);

  /** Sends a request for a whole answer within the call's clocks, ending them after. */
  async function whole<T>(
    request: OutgoingRequest,
    signal: AbortSignal | null | undefined,
    consume: (sent: Sent) => Promise<T>,
  ): Promise<T> {
    const call = callOf(signal);
    try {
      return await send(request, call, transport, consume);
    } finally {
      call.end();
    }
  }

  const raw = createRawClient({ options: resolved, whole });

  /** A whole answer of rows (the step endpoint's or source_data's): a typed error, or its rows checked. */
  const rows = (request: OutgoingRequest, basic: boolean, call: CallOptions) =>
    whole(request, call.signal, async (sent) => {
      if (sent.response.status !== 200) throw await errorOfAnswer(sent, maxAnswerBytes);
      const answer = await readOkJson(sent, maxAnswerBytes);
      if (validateResponse) checkOkBody(answer, basic, sent.attempts);
      return answerOf(answer, basic) as never;
    });

  /** What streaming a step's rows needs: the request, the call's clocks, the bounds; `ndjson` for batches' NDJSON, `rows: false` for batches without rows. */
  const streamRequest = (
    query: StepSourceDataQuery<boolean | undefined>,
    call: CallOptions,
    ndjson: boolean,
    rows = true,
  ) => {
    const { params, body } = toApiRequest(query);
    return {
      request: requestOf(resolved, "getStepSourceData", params, body),
      call: callOf(call.signal, true),
      transport,
      basic: body.basic,
      validateResponse,
      maxRowBytes: resolved.maxRowBytes,
      maxAnswerBytes,
      ndjson,
      rows,
    };
  };

  const client: ReportingClient = {
    raw,
    async getStepSourceData(query, call = {}) {
      const { params, body } = toApiRequest(query);
      return rows(requestOf(resolved, "getStepSourceData", params, body), body.basic, call);
    },
    async streamStepSourceData(query, call = {}) {
      const request = streamRequest(query, call, false);
      const { fields, reader, sent } = await streamRows(request);
      return { fields, rows: new RowIterator(reader, sent, request) } as never;
    },
    async streamStepSourceDataBatches(query, call?: BatchOptions) {
      const rows = call?.rows !== false;
      const request = streamRequest(query, call ?? {}, call?.ndjson !== false, rows);
      const { fields, reader, sent } = await streamRows(request);
      const take = rows ? takeBatch : takeCountedBatch;
      return { fields, batches: new RowIterator(reader, sent, request, take) } as never;
    },
    iterateStepSourceData(query, call = {}) {
      // Started at the first `next`, as an async generator's body would be.
      return new LazyRows(
        async () => (await client.streamStepSourceData(query, call)).rows as never,
      ) as never;
    },
    async getWorkflowInfo(query, call = {}) {
      const { params } = toWorkflowInfoRequest(query);
      return whole(requestOf(resolved, "getWorkflowInfo", params), call.signal, async (sent) => {
        if (sent.response.status !== 200) throw await errorOfAnswer(sent, maxAnswerBytes);
        const answer = await readOkJson(sent, maxAnswerBytes);
        if (validateResponse) checkWorkflowInfo(answer, sent.attempts);
        return answer as WorkflowInfo;
      });
    },
    async getSourceData(query, call = {}) {
      const { params, body } = toSourceDataRequest(query);
      return rows(requestOf(resolved, "getSourceData", params, body), body.basic, call);
    },
    async downloadStepSourceData(query, call = {}) {
      const { params, body } = toDownloadRequest(query);
      const maxBytes = maxBytesOf(call.maxBytes, maxAnswerBytes);
      return startDownload({
        request: requestOf(resolved, "downloadStepSourceData", params, body, acceptOf(body.format)),
        call: callOf(call.signal, true),
        transport,
        format: body.format as never,
        fallbackName: downloadFileName(params.workflow_id, params.step_index, body),
        maxBytes,
        validateResponse,
      });
    },
  };
  return client;
}

/** A download's byte cap: the call's `maxBytes` (a positive whole number) or the client's `maxAnswerBytes`. */
function maxBytesOf(maxBytes: unknown, fallback: number): number {
  if (maxBytes === undefined) return fallback;
  if (typeof maxBytes === "number" && Number.isSafeInteger(maxBytes) && maxBytes >= 1)
    return maxBytes;
  throw new ReportingApiError({
    kind: "invalid-request",
    message: `Invalid download options: maxBytes: Must be a whole number of bytes, at least 1, got ${String(maxBytes)}`,
    fieldErrors: [{ path: "maxBytes", message: "Must be a whole number of bytes, at least 1" }],
  });
}

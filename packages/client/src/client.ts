import {
  type AdvancedRow,
  type BasicRow,
  contract,
  type FieldDescriptor,
  fieldErrorSchema,
  type StepSourceDataContract,
  type StepSourceDataRequestInput,
  type StepSourceDataResponseFor,
} from "@giosg-reporting/contract";
import { type ApiFetcher, type InitClientReturn, initClient } from "@ts-rest/core";
import { ReportingApiError } from "./errors";
import { answerOf } from "./fields";
import { type ClientOptions, resolveOptions } from "./options";
import { type StepSourceDataQuery, toApiRequest } from "./query";
import { streamRows } from "./stream";
import { type Sent, send, type TransportOptions } from "./transport";
import { checkOkBody } from "./validation/response";

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (and its retries) when it fires. */
  readonly signal?: AbortSignal;
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

/** The ts-rest client over the contract, for those who prefer a status union to thrown errors. */
export type RawClient = InitClientReturn<
  StepSourceDataContract,
  { baseUrl: string; api: ApiFetcher; validateResponse: false }
>;

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
  /** Iterates a step's source data row by row as it streams in: memory does not grow with the answer. */
  iterateStepSourceData<const Basic extends boolean | undefined = undefined>(
    query: StepSourceDataQuery<Basic>,
    options?: CallOptions,
  ): AsyncGenerator<RowFor<Basic>, void, undefined>;
  /** The ts-rest client: `{ status, body }` for every declared status, no throw on those; an undeclared status throws a {@link ReportingApiError}. */
  readonly raw: RawClient;
}

function textOfBody(body: unknown): string | undefined {
  return typeof body === "string" ? body.slice(0, 200) : undefined;
}

/** The statuses the contract declares: any other is an error of its own, never a value of the raw client's union. */
const DECLARED_STATUSES: ReadonlySet<number> = new Set(
  Object.keys(contract.getStepSourceData.responses).map(Number),
);

/**
 * The error for an answer other than 200: `api` for an error status, with the body's `code`, `detail`
 * and field errors when it has them; `invalid-response` for a status below 400 other than 200.
 */
export function apiErrorOf(status: number, body: unknown, attempts: number): ReportingApiError {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const detail = typeof record.detail === "string" ? record.detail : textOfBody(body);
  const code = typeof record.code === "string" ? record.code : undefined;
  const errors = Array.isArray(record.errors)
    ? record.errors.filter((item) => fieldErrorSchema.safeParse(item).success)
    : [];
  const undeclared = DECLARED_STATUSES.has(status)
    ? ""
    : " (a status the contract does not declare)";
  return new ReportingApiError({
    kind: status >= 400 ? "api" : "invalid-response",
    status,
    code,
    detail,
    fieldErrors: errors,
    body,
    attempts,
    message: `The API answered ${status}${code ? ` ${code}` : ""}${undeclared}${detail ? `: ${detail}` : ""}`,
  });
}

/** Reads a whole answer as JSON (an error answer that is not JSON as text). */
export async function readJson(sent: Sent): Promise<unknown> {
  let text: string;
  try {
    text = await sent.response.text();
  } catch (error) {
    throw sent.failure(error);
  } finally {
    sent.done();
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    if (sent.response.status !== 200) return text;
    throw new ReportingApiError({
      kind: "invalid-response",
      status: 200,
      message: `The API's 200 answer is not JSON: ${(error as Error).message}`,
      body: text,
      attempts: sent.attempts,
      cause: error,
    });
  }
}

/**
 * Creates a client of the Workflow step source data API (built on ts-rest's `initClient` over the
 * contract): typed queries and rows, retries, timeouts, typed errors and response validation.
 */
export function createClient(options: ClientOptions): ReportingClient {
  const resolved = resolveOptions(options);
  const transport: TransportOptions = {
    timeoutMs: resolved.timeoutMs,
    retry: resolved.retry,
    fetch: (options.fetch ?? globalThis.fetch) as TransportOptions["fetch"],
  };
  const authorization = `${resolved.tokenType} ${resolved.token}`;
  const headers = { ...resolved.headers, authorization, accept: "application/json" };

  const api: ApiFetcher = async (args) =>
    send(
      args.path,
      { method: args.method, headers: args.headers, body: args.body as string },
      args.fetchOptions?.signal ?? undefined,
      transport,
      async (sent) => {
        const body = await readJson(sent);
        // ts-rest's raw client would hand an undeclared status back typed as a declared one.
        if (!DECLARED_STATUSES.has(sent.response.status))
          throw apiErrorOf(sent.response.status, body, sent.attempts);
        if (sent.response.status === 200 && resolved.validateResponse) {
          const basic = (args.rawBody as { basic?: unknown } | undefined)?.basic === true;
          try {
            checkOkBody(body, basic);
          } catch (error) {
            if (error instanceof ReportingApiError)
              Object.assign(error, { attempts: sent.attempts });
            throw error;
          }
        }
        return {
          status: sent.response.status,
          body,
          headers: sent.response.headers,
          attempts: sent.attempts,
        };
      },
    );

  const raw = initClient(contract, {
    baseUrl: resolved.baseUrl,
    baseHeaders: headers,
    api,
    validateResponse: false,
  });

  const client: ReportingClient = {
    raw,
    async getStepSourceData(query, call = {}) {
      const { params, body } = toApiRequest(query);
      const response = await raw.getStepSourceData({
        params,
        // Parsed, a filter's property is any string: the typed query admits only supported ones.
        body: body as StepSourceDataRequestInput,
        ...(call.signal ? { fetchOptions: { signal: call.signal } } : {}),
      });
      const attempts = (response as { attempts?: number }).attempts ?? 1;
      if (response.status === 200) return answerOf(response.body, body.basic) as never;
      throw apiErrorOf(response.status, response.body, attempts);
    },
    async streamStepSourceData(query, call = {}) {
      const { params, body } = toApiRequest(query);
      return streamRows({
        ...resolved,
        transport,
        headers,
        params,
        body,
        signal: call.signal,
        errorOf: apiErrorOf,
      }) as never;
    },
    async *iterateStepSourceData(query, call = {}) {
      const { rows } = await client.streamStepSourceData(query, call);
      yield* rows as AsyncIterable<never>;
    },
  };
  return client;
}

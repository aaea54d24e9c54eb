import type { FieldDescriptor, PathParams, StepSourceDataRequest } from "@giosg-reporting/contract";
import { contract } from "@giosg-reporting/contract";
import { JSONParser } from "@streamparser/json";
import { insertParamsIntoPath } from "@ts-rest/core";
import { ReportingApiError } from "./errors";
import { fieldsOfAnswer } from "./fields";
import type { ResolvedOptions } from "./options";
import { type Sent, send, type TransportOptions } from "./transport";
import { checkFields, checkRow } from "./validation/response";

/** What streaming a query needs. */
export interface StreamRequest extends Pick<ResolvedOptions, "baseUrl" | "validateResponse"> {
  readonly transport: TransportOptions;
  readonly headers: Record<string, string>;
  readonly params: PathParams;
  readonly body: StepSourceDataRequest;
  readonly signal: AbortSignal | undefined;
  readonly errorOf: (status: number, body: unknown, attempts: number) => ReportingApiError;
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

/**
 * Sends a query and parses its answer as it streams in (@streamparser/json): resolves once `fields`
 * has arrived (named as the rows are keyed), then yields rows as chunks arrive, each checked against
 * the contract. Memory holds one chunk's rows at a time. Retries apply until the answer starts; the
 * timeout is an idle timeout.
 */
export async function streamRows(
  request: StreamRequest,
): Promise<{ fields: readonly FieldDescriptor[]; rows: AsyncGenerator<unknown> }> {
  const route = contract.getStepSourceData;
  const url = `${request.baseUrl}${insertParamsIntoPath({ path: route.path, params: request.params as never })}`;
  const sent = await send(
    url,
    {
      method: route.method,
      headers: { ...request.headers, "content-type": "application/json" },
      body: JSON.stringify(request.body),
    },
    request.signal,
    request.transport,
    async (answer) => answer,
  );
  const { response } = sent;
  if (response.status !== 200 || response.body === null) {
    let text = "";
    try {
      text = await response.text();
    } catch (error) {
      throw sent.failure(error);
    } finally {
      sent.done();
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    if (response.status === 200) throw invalid("The API's 200 answer has no body", sent);
    throw request.errorOf(response.status, body, sent.attempts);
  }

  const basic = request.body.basic;
  const validate = request.validateResponse;
  const queue: unknown[] = [];
  let parseError: unknown;
  let rowIndex = 0;
  const parser = new JSONParser({ paths: ["$.fields", "$.data.*"], keepStack: false });
  let rawFields: unknown;
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && key === "fields") rawFields = value;
    else queue.push(value);
  };
  parser.onError = (error) => {
    parseError = error;
  };
  const reader = response.body.getReader();
  let finished = false;

  /** Reads one more chunk into the queue; false once the answer is complete. */
  async function pump(): Promise<boolean> {
    if (finished) return false;
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      sent.done();
      throw sent.failure(error);
    }
    sent.extendTimeout();
    try {
      if (chunk.done) {
        finished = true;
        sent.done();
        if (!parser.isEnded) parser.end();
      } else {
        parser.write(chunk.value);
      }
    } catch (error) {
      parseError ??= error;
    }
    if (parseError !== undefined) {
      if (parseError instanceof ReportingApiError)
        throw Object.assign(parseError, { attempts: sent.attempts });
      throw invalid(
        `The API's 200 answer is not valid JSON: ${(parseError as Error).message}`,
        sent,
        parseError,
      );
    }
    return !finished;
  }

  try {
    while (rawFields === undefined && (await pump()));
    if (rawFields === undefined) throw invalid("The API's 200 answer has no fields header", sent);
    if (validate) checkFields(rawFields);
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof ReportingApiError) Object.assign(error, { attempts: sent.attempts });
    throw error;
  }
  const fields = fieldsOfAnswer(rawFields, basic) as readonly FieldDescriptor[];

  async function* rows(): AsyncGenerator<unknown> {
    try {
      for (;;) {
        while (queue.length > 0) {
          const row = queue.shift();
          if (validate) checkRow(row, basic, rowIndex);
          rowIndex += 1;
          yield row;
        }
        if (!(await pump()) && queue.length === 0) return;
      }
    } finally {
      sent.done();
      if (!finished) await reader.cancel().catch(() => {});
    }
  }
  return { fields, rows: rows() };
}

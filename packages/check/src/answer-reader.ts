// Reads one attempt's answer within the run's bounds: a 200's rows audited as they stream, any other answer as bounded text.
import {
  AnswerAudit,
  AnswerSplitError,
  AnswerSplitter,
  type AuditedQuery,
  advancedRowSchema,
  basicRowSchema,
  compileCheck,
  type Deviation,
} from "@giosg-reporting/contract";
import { type Redact, redactDeep } from "./redact";

/** The most of one answer the run reads; past either bound the rest is not read (the body is cancelled). */
export interface AnswerBounds {
  /** Bytes of one answer (`--max-answer-bytes`). */
  readonly maxBytes: number;
  /** Rows of one 200 answer (`--max-answer-rows`). */
  readonly maxRows: number;
}

/** One attempt's answer as read: status, content type, what was kept of its body, and what its audit found. */
export interface ReadAnswer {
  /** The URL's path as sent. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  /**
   * A 200's `{ fields, data }` of the rows read (undefined when it is not that shape); any other answer's
   * body parsed as JSON, or its text when it is not JSON. Redacted.
   */
  readonly body: unknown;
  /** How many rows of a 200's `data` were read. */
  readonly rows?: number;
  /** What the contract's audit found, the rows audited one by one as they came. */
  readonly deviations: readonly Deviation[];
  /** Which bound the answer passed, such as `larger than 4194304 bytes (--max-answer-bytes)`; absent when read whole. */
  readonly cut?: string;
  /** The text handed on to the client, which decides retries and errors from the status and headers. */
  readonly text: string;
}

const FAST = { advanced: compileCheck(advancedRowSchema), basic: compileCheck(basicRowSchema) };
const fastCheck = (row: unknown, basic: boolean) => (basic ? FAST.basic : FAST.advanced)(row);

const bytesCut = (max: number) => `larger than ${max} bytes (--max-answer-bytes)`;

/** V8's reason a text is not JSON quotes a few characters of it: only the splitter's own words are kept. */
function splitFailure(error: AnswerSplitError): string {
  const at = error.message.indexOf(" is not JSON: ");
  return at < 0 ? error.message : `${error.message.slice(0, at)} is not JSON`;
}

/** A body's text, read chunk by chunk up to `maxBytes`; the body is cancelled past it or on any way out. */
export async function readText(
  response: Response,
  maxBytes: number,
): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: "", cut: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), cut: false };
      const room = maxBytes - bytes;
      bytes += value.byteLength;
      if (value.byteLength > room)
        return { text: text + decoder.decode(value.subarray(0, room)), cut: true };
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Reads `response`: a 200 to `query` row by row through the contract's `AnswerSplitter`, each row
 * redacted, audited and kept; any other answer (and one with no `query`, such as `info/`) as text.
 * Past `bounds` the answer is cut: what came is audited, the rest is not read. Throws only what
 * reading the body throws (a network failure, a timeout).
 */
export async function readAnswer(
  response: Response,
  path: string,
  query: AuditedQuery | undefined,
  bounds: AnswerBounds,
  redact: Redact,
): Promise<ReadAnswer> {
  const { status } = response;
  const contentType = response.headers.get("content-type");
  if (query === undefined || status !== 200) {
    const { text, cut } = await readText(response, bounds.maxBytes);
    const body = redactDeep(parsed(text), redact);
    const deviations: Deviation[] = [];
    if (query !== undefined) {
      const audit = new AnswerAudit(query);
      audit.head(status, contentType);
      if (status !== 200) audit.errorBody(status, body);
      deviations.push(...audit.finish());
    }
    return {
      path,
      status,
      contentType,
      body,
      deviations,
      ...(cut ? { cut: bytesCut(bounds.maxBytes) } : {}),
      text,
    };
  }
  const read = await readRows(response, query, bounds, redact);
  return { path, status, contentType, ...read, text: "{}" };
}

/** A 200's rows, streamed: split, redacted, audited and kept, up to the bounds. */
async function readRows(
  response: Response,
  query: AuditedQuery,
  bounds: AnswerBounds,
  redact: Redact,
): Promise<Pick<ReadAnswer, "body" | "rows" | "deviations" | "cut">> {
  const audit = new AnswerAudit(query, { fastCheck });
  audit.head(200, response.headers.get("content-type"));
  const splitter = new AnswerSplitter({ maxValueBytes: bounds.maxBytes });
  const data: unknown[] = [];
  let fields: unknown;
  let cut: string | undefined;
  let failure: string | undefined;
  const take = (rows: readonly unknown[]) => {
    if (fields === undefined && splitter.fields !== undefined) {
      fields = redactDeep(splitter.fields, redact);
      audit.fields(fields);
    }
    for (const row of rows) {
      if (data.length >= bounds.maxRows) {
        cut = `more than ${bounds.maxRows} rows (--max-answer-rows)`;
        return;
      }
      const kept = redactDeep(row, redact);
      audit.row(kept);
      data.push(kept);
    }
  };
  const reader = response.body?.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const };
      if (next.done) {
        splitter.end();
        break;
      }
      const room = bounds.maxBytes - bytes;
      const chunk = next.value.byteLength > room ? next.value.subarray(0, room) : next.value;
      bytes += chunk.byteLength;
      take(splitter.write(chunk));
      if (cut === undefined && chunk !== next.value) cut = bytesCut(bounds.maxBytes);
      if (cut !== undefined) break;
    }
  } catch (error) {
    if (!(error instanceof AnswerSplitError)) throw error;
    failure = splitFailure(error);
  } finally {
    await reader?.cancel().catch(() => {});
  }
  const deviations = audit.finish();
  if (failure !== undefined)
    deviations.push({
      check: "answer.shape",
      message: `the answer is not { fields, data: [rows] }: ${failure}`,
    });
  const extra = splitter.extraKeys;
  if (extra.length > 0)
    deviations.push({
      check: "answer.shape",
      message: redact(`unexpected top-level keys ${extra.join(", ")}`),
      actual: redactDeep([...extra], redact),
    });
  return {
    body: failure === undefined ? { fields, data } : undefined,
    rows: data.length,
    deviations,
    ...(cut === undefined ? {} : { cut }),
  };
}

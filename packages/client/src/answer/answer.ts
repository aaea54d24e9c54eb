// Reading a whole answer within its byte cap, and the one reader of error answers every call shares.
import { contract, fieldErrorSchema } from "@giosg-reporting/contract";
import { ReportingApiError } from "../errors";
import { printable } from "../printable";
import type { Sent } from "../transport/transport";
import { concatBytes } from "./concat-bytes";

/** An error answer's body is read up to this many bytes: beyond, its text is cut (its status says what matters). */
const ERROR_BODY_BYTES = 1024 * 1024;

/** The statuses the contract declares: any other is an error of its own, never a value of the raw client's union. */
export const DECLARED_STATUSES: ReadonlySet<number> = new Set(
  Object.keys(contract.getStepSourceData.responses).map(Number),
);

function textOfBody(body: unknown): string | undefined {
  return typeof body === "string" ? body.slice(0, 200) : undefined;
}

/**
 * The error for an answer other than 200: `api` for an error status, with the body's `code`, `detail`
 * and field errors when it has them; `invalid-response` for a status below 400 other than 200. `note`
 * says why no retry followed, when the API asked for a wait beyond the budget.
 */
export function apiErrorOf(
  status: number,
  body: unknown,
  attempts: number,
  note?: string,
): ReportingApiError {
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
    // The server's words escaped: the message stays one line, whatever the body held.
    message: `The API answered ${status}${code ? ` ${printable(code)}` : ""}${undeclared}${detail ? `: ${printable(detail)}` : ""}${note ? ` (${note})` : ""}`,
  });
}

/** What a `too-large` whole answer suggests: the calls that do not hold it whole. */
const STREAM_IT = "stream it with iterateStepSourceData or streamStepSourceData";
const DOWNLOAD_IT = "download it with downloadStepSourceData";

/** The `too-large` error of a whole answer past `maxAnswerBytes`, pointing at the calls that stream. */
function tooLarge(
  sent: Sent,
  maxBytes: number,
  declared?: number,
  advice = STREAM_IT,
): ReportingApiError {
  const what =
    declared === undefined ? "is larger than" : `declares content-length ${declared}, more than`;
  return new ReportingApiError({
    kind: "too-large",
    status: sent.response.status,
    message: `The API's answer ${what} maxAnswerBytes (${maxBytes} bytes): ${advice}, or raise maxAnswerBytes`,
    attempts: sent.attempts,
  });
}

/**
 * An answer's body as text, read chunk by chunk and counted as it comes: past `maxBytes` (or a
 * `content-length` that says so, refused before reading) a `too-large` error, or with `cut` the text
 * up to there. The body is cancelled on any way out.
 */
export async function readText(sent: Sent, maxBytes: number, cut = false): Promise<string> {
  const declared = Number(sent.response.headers.get("content-length") ?? Number.NaN);
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    if (!cut && declared > maxBytes) throw tooLarge(sent, maxBytes, declared);
    for (let chunk = await sent.read(); chunk !== undefined; chunk = await sent.read()) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        if (!cut) throw tooLarge(sent, maxBytes);
        text += decoder.decode(chunk.subarray(0, chunk.byteLength - (bytes - maxBytes)));
        return text;
      }
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    await sent.cancel();
  }
}

/** A whole answer's bytes (a raw download's file), counted as they come: past `maxBytes`, a `too-large` error. */
export async function readBytes(sent: Sent, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(sent.response.headers.get("content-length") ?? Number.NaN);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    if (declared > maxBytes) throw tooLarge(sent, maxBytes, declared, DOWNLOAD_IT);
    for (let chunk = await sent.read(); chunk !== undefined; chunk = await sent.read()) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw tooLarge(sent, maxBytes, undefined, DOWNLOAD_IT);
      chunks.push(chunk);
    }
  } finally {
    await sent.cancel();
  }
  return concatBytes(chunks, bytes);
}

/** A whole 200 answer parsed as JSON: `too-large` past `maxBytes`, `invalid-response` if it is not JSON. */
export async function readOkJson(sent: Sent, maxBytes: number): Promise<unknown> {
  const text = await readText(sent, maxBytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReportingApiError({
      kind: "invalid-response",
      status: sent.response.status,
      message: `The API's ${sent.response.status} answer is not JSON: ${(error as Error).message}`,
      body: text,
      attempts: sent.attempts,
      cause: error,
    });
  }
}

/** An error answer's body: JSON when it is, else its text (read up to 1 MiB, or `maxBytes` if less). */
export async function readErrorBody(sent: Sent, maxBytes: number): Promise<unknown> {
  const text = await readText(sent, Math.min(maxBytes, ERROR_BODY_BYTES), true);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The typed error of an answer other than 200, its body read by {@link readErrorBody}. */
export async function errorOfAnswer(sent: Sent, maxBytes: number): Promise<ReportingApiError> {
  const body = await readErrorBody(sent, maxBytes);
  return apiErrorOf(sent.response.status, body, sent.attempts, sent.note);
}

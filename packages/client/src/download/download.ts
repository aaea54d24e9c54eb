// A download: the file's name, type and size once its answer starts, then its bytes as they arrive, held to the call's bounds.
import { DOWNLOAD_CONTENT_TYPES, type DownloadFormat } from "@giosg-reporting/contract";
import { errorOfAnswer } from "../answer/answer";
import { ReportingApiError } from "../errors";
import { type Call, causes } from "../transport/call";
import {
  type OutgoingRequest,
  type Sent,
  send,
  type TransportOptions,
} from "../transport/transport";
import { fileNameOf, isSafeFileName } from "./content-disposition";

/** The server's file name when it is safe to save as it is (see {@link isSafeFileName}), else the contract's. */
function safeNameOf(name: string | undefined, format: string, fallback: string): string {
  return name !== undefined && isSafeFileName(name, format) ? name : fallback;
}

/**
 * A downloaded file whose answer has started: its name, type and size, and its bytes as they arrive
 * (through {@link StepSourceDataDownload.body}, or by iterating the download itself; once).
 */
export interface StepSourceDataDownload<Format extends DownloadFormat = DownloadFormat>
  extends AsyncIterable<Uint8Array> {
  /** The format asked for. */
  readonly format: Format;
  /** The file's name: `Content-Disposition`'s, or else the one the contract gives the query (`downloadFileName`). */
  readonly fileName: string;
  /** The answer's `Content-Type`, such as `text/csv; charset=utf-8`. */
  readonly contentType: string;
  /** The file's size in bytes when the answer declares it (`Content-Length`). */
  readonly size: number | undefined;
  /** The file's bytes as they arrive; an error ends it with the client's typed error. */
  readonly body: ReadableStream<Uint8Array>;
}

/** What downloading needs. */
export interface DownloadRequest<Format extends DownloadFormat> {
  readonly request: OutgoingRequest;
  /** The call's clocks (idle: `timeoutMs` counts the server's silence only), ended with the body. */
  readonly call: Call;
  readonly transport: TransportOptions;
  readonly format: Format;
  /** The name when the answer gives none. */
  readonly fallbackName: string;
  /** The largest file read; also caps an error answer's body. */
  readonly maxBytes: number;
  /** Whether to hold the answer's `Content-Type` to the format's. */
  readonly validateResponse: boolean;
}

const mediaTypeOf = (contentType: string) =>
  (contentType.split(";")[0] as string).trim().toLowerCase();

/** Whether an answer's `Content-Type` is the format's: the same media type, and for CSV no charset but UTF-8. */
export function isContentTypeOf(format: DownloadFormat, contentType: string | null): boolean {
  if (contentType === null) return false;
  if (mediaTypeOf(contentType) !== mediaTypeOf(DOWNLOAD_CONTENT_TYPES[format])) return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  return charset === undefined || charset.toLowerCase() === "utf-8";
}

/** The `Accept` of a download: the format's media type, and JSON for error answers. */
export const acceptOf = (format: DownloadFormat) =>
  `${mediaTypeOf(DOWNLOAD_CONTENT_TYPES[format])}, application/json`;

function tooLarge(sent: Sent, maxBytes: number, declared?: number): ReportingApiError {
  const what = declared === undefined ? "is larger than" : `declares ${declared} bytes, more than`;
  return new ReportingApiError({
    kind: "too-large",
    status: 200,
    message: `The download ${what} maxAnswerBytes (${maxBytes} bytes): raise maxAnswerBytes, or pass { maxBytes } to downloadStepSourceData`,
    attempts: sent.attempts,
  });
}

function invalid(sent: Sent, message: string): ReportingApiError {
  return new ReportingApiError({
    kind: "invalid-response",
    status: sent.response.status,
    message,
    attempts: sent.attempts,
  });
}

/** Throws `invalid-response` unless a 200 answer's `Content-Type` is the format's. */
export function checkContentType(sent: Sent, format: DownloadFormat): void {
  const contentType = sent.response.headers.get("content-type");
  if (isContentTypeOf(format, contentType)) return;
  const got = contentType === null ? "of no type" : `"${contentType}"`;
  throw invalid(
    sent,
    `The API's 200 answer is ${got}, not a ${format} file (${DOWNLOAD_CONTENT_TYPES[format]})`,
  );
}

/** The size a `Content-Length` declares, if it is a whole number of bytes. */
function declaredSize(sent: Sent): number | undefined {
  const header = sent.response.headers.get("content-length");
  return header !== null && /^\s*\d+\s*$/.test(header) ? Number(header) : undefined;
}

/**
 * Sends a download's request (retried as any call, until its answer starts) and checks the answer:
 * an error status is the `api` error; a 200 must be the format's type and within `maxBytes` as far as
 * it declares. Resolves with the download, whose body is read as the caller reads it.
 */
export async function startDownload<Format extends DownloadFormat>(
  request: DownloadRequest<Format>,
): Promise<StepSourceDataDownload<Format>> {
  const { call, maxBytes } = request;
  let sent: Sent;
  try {
    sent = await send(request.request, call, request.transport, async (answer) => answer);
  } catch (error) {
    call.end();
    throw error;
  }
  const contentType = sent.response.headers.get("content-type");
  const size = declaredSize(sent);
  try {
    if (sent.response.status !== 200) throw await errorOfAnswer(sent, maxBytes);
    if (request.validateResponse) checkContentType(sent, request.format);
    if (size !== undefined && size > maxBytes) throw tooLarge(sent, maxBytes, size);
    if (sent.response.body === null) throw invalid(sent, "The API's 200 answer has no body");
  } catch (error) {
    await sent.cancel();
    call.end();
    throw error;
  }

  let bytes = 0;
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    await sent.cancel();
    call.end();
  };
  /** A failure while reading, typed; a network failure says how far the file had come. */
  const failure = (error: unknown) => {
    const typed = error instanceof ReportingApiError ? error : sent.failure(error);
    if (typed.kind !== "network") return typed;
    return new ReportingApiError({
      kind: "network",
      status: 200,
      message: `The download broke off after ${bytes} bytes: ${causes(typed.cause)}`,
      attempts: typed.attempts,
      cause: typed.cause,
    });
  };

  // No high-water mark: nothing is read before the caller asks, so the body costs one chunk at most.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await sent.read();
          if (chunk === undefined) {
            if (size !== undefined && bytes !== size)
              throw invalid(sent, `The download ended after ${bytes} of its ${size} bytes`);
            await finish();
            controller.close();
            return;
          }
          bytes += chunk.byteLength;
          if (bytes > maxBytes) throw tooLarge(sent, maxBytes);
          controller.enqueue(chunk);
        } catch (error) {
          await finish();
          controller.error(failure(error));
        }
      },
      cancel: finish,
    },
    { highWaterMark: 0 },
  );

  return {
    format: request.format,
    fileName: safeNameOf(
      fileNameOf(sent.response.headers.get("content-disposition")),
      request.format,
      request.fallbackName,
    ),
    contentType: contentType ?? "",
    size,
    body,
    async *[Symbol.asyncIterator]() {
      const reader = body.getReader();
      let done = false;
      try {
        for (;;) {
          const next = await reader.read();
          if (next.done) {
            done = true;
            return;
          }
          yield next.value;
        }
      } finally {
        // Left early (a break, a throw in the caller's loop): the rest of the answer is not read.
        if (!done) await reader.cancel().catch(() => {});
        reader.releaseLock();
      }
    },
  };
}

// A fetch around the client's own that keeps what each attempt answered, exactly as it came.

/** One attempt's answer as received: status, content type and body text. */
export interface CapturedAnswer {
  /** The URL's path as sent. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  /** The body's text, cut at the capture's byte bound (`truncated` says so). */
  readonly text: string;
  readonly truncated: boolean;
}

type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** The most of one answer kept: the run's answers are bounded by `--sample`, a larger one is a deviation anyway. */
const MAX_CAPTURED_BYTES = 64 * 1024 * 1024;
// Statuses whose Response may carry no body.
const NULL_BODY = new Set([101, 204, 205, 304]);

async function readCapped(response: Response): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    bytes += value.byteLength;
    if (bytes > MAX_CAPTURED_BYTES) {
      await reader.cancel();
      return { text: text + decoder.decode(), truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * Wraps `base` so that every attempt's answer is read whole, handed to `keep`, and given to the client
 * as an equal Response: the client still decides retries, waits and errors; the run sees the bytes.
 */
export function capturingFetch(base: Fetch, keep: (answer: CapturedAnswer) => void): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const { text, truncated } = await readCapped(response);
    const url = input instanceof Request ? input.url : String(input);
    keep({
      path: new URL(url).pathname,
      status: response.status,
      contentType: response.headers.get("content-type"),
      text,
      truncated,
    });
    const headers = new Headers(response.headers);
    // The text is decoded and possibly cut: its length is not the one the server declared.
    headers.delete("content-length");
    headers.delete("content-encoding");
    return new Response(NULL_BODY.has(response.status) ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

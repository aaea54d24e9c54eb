// A fetch around the client's own that has each attempt's answer read by the run, and hands the client what it needs.

type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Reads one attempt's answer (its body consumed) and returns the text the client is given in its place. */
export type ReadBody = (response: Response, path: string) => Promise<string>;

// Statuses whose Response may carry no body.
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * Wraps `base` so that every attempt's answer is consumed by `read` as it streams, and the client is
 * given an answer of the same status and headers with the text `read` returns: the client still
 * decides retries, waits and errors; the run reads the bytes, within its bounds.
 */
export function capturingFetch(base: Fetch, read: ReadBody): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const url = input instanceof Request ? input.url : String(input);
    const text = await read(response, new URL(url).pathname);
    const headers = new Headers(response.headers);
    // The text is decoded and possibly cut or replaced: its length is not the one the server declared.
    headers.delete("content-length");
    headers.delete("content-encoding");
    return new Response(NULL_BODY.has(response.status) ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

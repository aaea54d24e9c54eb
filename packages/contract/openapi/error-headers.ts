// The headers an error answer carries that a client reads: when to try again (429, 503), which method
// the path takes (405), which credentials it asks for (401). Declared, so that generators expose them.
import type { HeaderObject } from "openapi3-ts/oas31";
import type { ErrorStatus } from "../src/index";

/** An IMF-fixdate (RFC 9110 §5.6.7), the HTTP-date form senders use: `Wed, 21 Oct 2015 07:28:00 GMT`. */
const HTTP_DATE = "[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT";

/** `Retry-After` (RFC 9110 §10.2.3): whole seconds, as the stub sends it, or an HTTP-date. */
const retryAfter = (when: string): HeaderObject => ({
  description: `${when} How long to wait before trying again: a number of seconds (\`30\`), or an HTTP-date (\`Wed, 21 Oct 2015 07:28:00 GMT\`), as RFC 9110 allows.`,
  required: false,
  schema: { type: "string", pattern: `^(?:[0-9]+|${HTTP_DATE})$` },
  example: "30",
});

/** The headers each error status declares, by their usual spelling. */
export const errorHeaders: Partial<
  Record<ErrorStatus, (method: string) => Record<string, HeaderObject>>
> = {
  401: () => ({
    "WWW-Authenticate": {
      description: "The authentication scheme the API asks for (RFC 9110 §11.6.1).",
      required: false,
      schema: { type: "string" },
      example: 'Token realm="api"',
    },
  }),
  405: (method) => ({
    Allow: {
      description: "The one method this path takes.",
      required: true,
      schema: { type: "string", enum: [method] },
      example: method,
    },
  }),
  429: () => ({ "Retry-After": retryAfter("Sent with a throttled answer when the API knows.") }),
  503: () => ({ "Retry-After": retryAfter("Sent when the service knows when it is back.") }),
};

// Reads what Prism says about one exchange: where the answer came from and which violations it found.
//
// How Prism 5 reports (read in its source, packages/http-server/src/server.ts, packages/core/src/factory.ts
// and packages/http/src/forwarder/index.ts, and observed):
// - every violation it found is listed in the `sl-violations` header, a JSON array of
//   `{ location: ["request" | "response", …], severity, code, message }`, when it sends an answer;
// - a request that breaks the document is not forwarded in proxy mode with `--errors`: Prism answers
//   422 `application/problem+json`, type `…#UNPROCESSABLE_ENTITY`, its violations in `validation`
//   (locations without the "request" prefix) and no header; one that fails the security requirement
//   gets Prism's own 401, type `…#UNAUTHORIZED`;
// - an upstream answer that breaks the document becomes, with `--errors`, a 500 problem, type
//   `…#VIOLATIONS`, listing the response's violations (and the header lists them too);
// - the mock answers an invalid request with the document's 4xx example and the header.

/** One violation as Prism reports it. */
export interface Violation {
  /** `["request" | "response", …]`: where in the exchange. */
  readonly location: readonly string[];
  /** `Error`, `Warning`, … */
  readonly severity: string;
  /** The failing keyword or status, such as `oneOf` or `additionalProperties`. */
  readonly code?: string | number;
  /** Prism's message. */
  readonly message?: string;
}

/** What an answer through Prism says. */
export interface Verdict {
  /** The HTTP status. */
  readonly status: number;
  /** `upstream` when the answer is the server's (or the mock's), `prism` when Prism wrote it. */
  readonly origin: "upstream" | "prism";
  /** Prism's problem type for its own answers (`UNPROCESSABLE_ENTITY`, `UNAUTHORIZED`, `VIOLATIONS`, …). */
  readonly problem?: string;
  /** Violations of the request. */
  readonly requestViolations: readonly Violation[];
  /** Violations of the response. */
  readonly responseViolations: readonly Violation[];
  /** The body, parsed when it is JSON. */
  readonly body: unknown;
  /** The body as text. */
  readonly text: string;
}

const PROBLEM_TYPE = /^https:\/\/stoplight\.io\/prism\/errors#(\w+)$/;

function parseHeader(value: string | null): Violation[] {
  if (value === null) return [];
  try {
    return JSON.parse(value) as Violation[];
  } catch {
    // Prism cuts the header at 8 kB and prefixes "Too many violations!": still one violation at least.
    const side = /"location":\["response"/.test(value) ? "response" : "request";
    return [{ location: [side], severity: "Error", message: value.slice(0, 200) }];
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads an answer received through Prism (the body is consumed). */
export async function verdictOf(response: Response): Promise<Verdict> {
  const text = await response.text();
  const body = parseBody(text);
  const header = parseHeader(response.headers.get("sl-violations"));
  const requestViolations = header.filter(({ location }) => location[0] === "request");
  const responseViolations = header.filter(({ location }) => location[0] === "response");
  const isProblem = /^application\/problem\+json/.test(response.headers.get("content-type") ?? "");
  const problemBody = isProblem
    ? (body as { type?: string; validation?: Violation[] } | undefined)
    : undefined;
  const problem = PROBLEM_TYPE.exec(problemBody?.type ?? "")?.[1];
  const listed = (side: string) =>
    (problemBody?.validation ?? []).map((violation) => ({
      ...violation,
      location: [side, ...violation.location],
    }));
  if (problem === "UNPROCESSABLE_ENTITY" && requestViolations.length === 0)
    requestViolations.push(...listed("request"));
  if (problem === "VIOLATIONS" && responseViolations.length === 0)
    responseViolations.push(...listed("response"));
  if (problem === "UNAUTHORIZED")
    requestViolations.push({ location: ["request", "security"], severity: "Error", code: 401 });
  return {
    status: response.status,
    origin: problem === undefined ? "upstream" : "prism",
    ...(problem === undefined ? {} : { problem }),
    requestViolations,
    responseViolations,
    body,
    text,
  };
}

/** One line per violation, for failure messages. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map(({ location, code, message }) => `${location.join(".")} [${code}] ${message}`)
    .join("\n");
}

// One request per error each route can answer, with the status and code it must get: every entry of
// the contract's ROUTE_ERROR_CODES, provoked on the stub (a scenario's failure for 429 and 5xx).
import {
  basicRequestExample,
  type CatalogueCode,
  type ContractRouteName,
  contract,
  downloadRequestExample,
  sourceDataRequestExample,
  workflowInfoExample,
} from "@giosg-reporting/contract";
import { apiHeaders } from "./requests";
import { fillPath } from "./sibling-requests";

/** The stub's largest request body in these cases: a body past it is a 413. */
export const CASES_MAX_BODY_BYTES = 4096;

/** An organization and a workflow no dataset has. */
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** One error to provoke: the request, the answer's status and code, and the failure to set first. */
export interface ErrorCase {
  readonly route: ContractRouteName;
  readonly status: number;
  readonly code: CatalogueCode;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body's text, as sent. */
  readonly body?: string;
  /** A status the stub's scenario answers the request with (429, 500, 502, 503, 504). */
  readonly fail?: 429 | 500 | 502 | 503 | 504;
  /** Only the stub's browser build answers it (`format_unavailable`). */
  readonly browserOnly?: boolean;
}

/** Each route's example URL attributes and payload: a request the stub answers 200. */
const EXAMPLES: Record<ContractRouteName, { readonly pathParams: object; readonly body?: object }> =
  {
    getStepSourceData: basicRequestExample,
    downloadStepSourceData: downloadRequestExample,
    getWorkflowInfo: {
      pathParams: {
        organization_id: workflowInfoExample.org_id,
        workflow_id: workflowInfoExample.id,
      },
    },
    getSourceData: sourceDataRequestExample,
  };

/** The path with its trailing slash the other way round. */
const otherSpelling = (path: string) => (path.endsWith("/") ? path.slice(0, -1) : `${path}/`);

/** Every error case of a route. */
function casesOf(route: ContractRouteName): ErrorCase[] {
  const { method, path: template } = contract[route];
  const { pathParams: example, body } = EXAMPLES[route];
  const path = (changes: Record<string, unknown> = {}) =>
    fillPath(template, { ...example, ...changes });
  const { "content-type": _, ...getHeaders } = apiHeaders();
  const headers = method === "GET" ? getHeaders : apiHeaders();
  const text = body === undefined ? undefined : JSON.stringify(body);
  const base = { route, method, path: path(), headers, ...(text ? { body: text } : {}) };
  const withToken = (token: string) => ({ ...headers, authorization: `Token ${token}` });
  const { authorization: __, ...anonymous } = headers;
  const cases: Omit<ErrorCase, "route">[] = [
    { ...base, status: 401, code: "not_authenticated", headers: anonymous },
    { ...base, status: 401, code: "authentication_failed", headers: withToken("nope") },
    {
      ...base,
      status: 403,
      code: "no_active_subscription",
      headers: withToken("demo-no-subscription"),
    },
    { ...base, status: 403, code: "no_organization_access", headers: withToken("demo-no-access") },
    {
      ...base,
      status: 403,
      code: "no_reporting_permission",
      headers: withToken("demo-no-reporting"),
    },
    {
      ...base,
      status: 404,
      code: "organization_not_found",
      path: path({ organization_id: UNKNOWN }),
    },
    { ...base, status: 404, code: "workflow_not_found", path: path({ workflow_id: UNKNOWN }) },
    { ...base, status: 404, code: "wrong_trailing_slash", path: otherSpelling(path()) },
    { ...base, status: 405, code: "method_not_allowed", method: "DELETE" },
    { ...base, status: 429, code: "throttled", fail: 429 },
    { ...base, status: 500, code: "internal_error", fail: 500 },
    { ...base, status: 502, code: "bad_gateway", fail: 502 },
    { ...base, status: 503, code: "service_unavailable", fail: 503 },
    { ...base, status: 504, code: "gateway_timeout", fail: 504 },
  ];
  if ("step_index" in example)
    cases.push({ ...base, status: 404, code: "step_not_found", path: path({ step_index: 99 }) });
  if (route === "getSourceData")
    cases.push({
      ...base,
      status: 404,
      code: "no_source_data",
      path: path(basicRequestExample.pathParams),
    });
  if (route === "getWorkflowInfo")
    cases.push({
      ...base,
      status: 400,
      code: "invalid_request",
      path: path({ workflow_id: "d3f3323f" }),
    });
  if (body !== undefined) {
    const filtered = { ...body, filters: [{ property: "country", values: ["Finland"] }] };
    cases.push(
      {
        ...base,
        status: 400,
        code: "invalid_request",
        body: JSON.stringify({ ...body, filters: undefined }),
      },
      { ...base, status: 400, code: "malformed_json", body: "{" },
      { ...base, status: 406, code: "filter_not_implemented", body: JSON.stringify(filtered) },
      {
        ...base,
        status: 413,
        code: "payload_too_large",
        body: JSON.stringify({ ...body, padding: "x".repeat(CASES_MAX_BODY_BYTES) }),
      },
      {
        ...base,
        status: 415,
        code: "unsupported_media_type",
        headers: { ...headers, "content-type": "text/plain" },
      },
    );
  }
  if (route === "downloadStepSourceData")
    cases.push({
      ...base,
      status: 406,
      code: "format_unavailable",
      body: JSON.stringify({ ...body, format: "xlsx" }),
      browserOnly: true,
    });
  return cases.map((item) => ({ ...item, route }));
}

/** Every error case of every route. */
export function routeErrorCases(): ErrorCase[] {
  return (Object.keys(EXAMPLES) as ContractRouteName[]).flatMap(casesOf);
}

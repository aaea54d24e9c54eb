// Requests to send through Prism: the documentation's examples, an unlimited answer and a handful of
// invalid requests (the generated valid ones are in valid-requests.ts), and how to send them.
import {
  advancedRequestExample,
  basicRequestExample,
  type RequestExample,
  STEP_SOURCE_DATA_PATH,
} from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";

/** The time range of the dataset the stub serves in the gate; it holds the documented examples' day. */
export const DATASET_RANGE = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
/** The dataset the stub serves (the fixtures' default seed over {@link DATASET_RANGE}). */
export const dataset = createDataset(DATASET_RANGE);

/** The URL attributes of a request. */
export interface PathParameters {
  readonly organization_id: string;
  readonly workflow_id: string;
  readonly step_index: string | number;
}

/** One request to the API route. */
export interface ApiRequest {
  /** What the request is, for messages. */
  readonly name: string;
  /** The URL attributes. */
  readonly pathParams: PathParameters;
  /** The payload: serialized as JSON unless it is a string already. */
  readonly body: unknown;
  /** The request headers. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The documented headers, with a token the stub accepts (`demo`) unless told. */
export function apiHeaders(token = "demo"): Record<string, string> {
  return {
    authorization: `Token ${token}`,
    "content-type": "application/json",
    accept: "application/json",
  };
}

/** The API route's path for these URL attributes. */
export function stepPath({ organization_id, workflow_id, step_index }: PathParameters): string {
  return STEP_SOURCE_DATA_PATH.replace(":organization_id", encodeURIComponent(organization_id))
    .replace(":workflow_id", encodeURIComponent(workflow_id))
    .replace(":step_index", encodeURIComponent(String(step_index)));
}

/** POSTs a request to the API route of the server at `baseUrl`. */
export function send(baseUrl: string, request: ApiRequest): Promise<Response> {
  return fetch(`${baseUrl}${stepPath(request.pathParams)}`, {
    method: "POST",
    headers: request.headers,
    body: typeof request.body === "string" ? request.body : JSON.stringify(request.body),
    signal: AbortSignal.timeout(30_000),
  });
}

function fromExample(name: string, example: RequestExample, token: string): ApiRequest {
  return { name, pathParams: example.pathParams, body: example.body, headers: apiHeaders(token) };
}

/** The documentation's two example requests, as written (`limit` is the string `"2"`). */
export function documentedRequests(token = "demo"): readonly ApiRequest[] {
  return [
    fromExample("the documented basic example", basicRequestExample, token),
    fromExample("the documented advanced example", advancedRequestExample, token),
  ];
}

/**
 * An answer without `limit`, which the stub streams: every advanced row of the documented example's
 * workflow step over the whole dataset.
 */
export function unlimitedRequest(): ApiRequest {
  return {
    ...fromExample("an unlimited streamed answer", advancedRequestExample, "demo"),
    body: { filters: [], interval: DATASET_RANGE },
  };
}

// --- invalid requests ----------------------------------------------------------------------------
/** The largest body the stub accepts in the gate, so that a body over it stays small. */
export const STUB_MAX_BODY_BYTES = 64 * 1024;

/** A handful of invalid requests, each a small change to the documented basic example. */
export function invalidRequests(): readonly ApiRequest[] {
  const [example] = documentedRequests();
  if (!example) throw new Error("no documented example");
  const body = example.body as Record<string, unknown>;
  const change = (name: string, changes: Partial<ApiRequest>): ApiRequest => ({
    ...example,
    name,
    ...changes,
  });
  const { filters: _, ...withoutFilters } = body;
  const { authorization: __, ...withoutAuthorization } = example.headers;
  return [
    change("step_index 0", { pathParams: { ...example.pathParams, step_index: 0 } }),
    change("no filters", { body: withoutFilters }),
    change('unknown key "filter"', { body: { ...body, filter: body.filters } }),
    change("interval end before start", {
      body: { ...body, interval: { start: "2022-11-04T00:00:00Z", end: "2022-11-03T00:00:00Z" } },
    }),
    change("interval start without an offset", {
      body: { ...body, interval: { start: "2022-11-03T00:00:00", end: "2022-11-04T00:00:00Z" } },
    }),
    change("unsupported filter property country", {
      body: { ...body, filters: [{ property: "country", values: ["Finland"] }] },
    }),
    change('limit "0"', { body: { ...body, limit: "0" } }),
    change("no Authorization", { headers: withoutAuthorization }),
    change("unknown token", { headers: apiHeaders("not-a-token") }),
    change("token without access to the organization", { headers: apiHeaders("demo-no-access") }),
    change("unknown workflow", {
      pathParams: { ...example.pathParams, workflow_id: "00000000-0000-4000-8000-000000000000" },
    }),
    change("body over the stub's limit", {
      body: {
        ...body,
        filters: [{ property: "action", values: ["x".repeat(STUB_MAX_BODY_BYTES)] }],
      },
    }),
  ];
}

// The one request of a query: URL, headers and body, as the whole-answer and the streaming calls send it.
import { contract, type PathParams, type StepSourceDataRequest } from "@giosg-reporting/contract";
import { insertParamsIntoPath } from "@ts-rest/core";
import type { ResolvedOptions } from "./options";
import type { OutgoingRequest } from "./transport";

/** The headers of every request: the caller's extra headers, then `Authorization` and `Accept`. */
export function headersOf(options: ResolvedOptions): Record<string, string> {
  return {
    ...options.headers,
    authorization: `${options.tokenType} ${options.token}`,
    accept: "application/json",
  };
}

/** The request of a query: POST to the step's URL with the JSON payload. */
export function requestOf(
  options: ResolvedOptions,
  params: PathParams,
  body: StepSourceDataRequest,
): OutgoingRequest {
  const route = contract.getStepSourceData;
  return {
    url: `${options.baseUrl}${insertParamsIntoPath({ path: route.path, params: params as never })}`,
    init: {
      method: route.method,
      headers: { ...headersOf(options), "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  };
}

// The one request of each route: URL, headers and body, as every call (whole, streamed, downloaded) sends it.
import { contract } from "@giosg-reporting/contract";
import type { ResolvedOptions } from "../options";
import type { OutgoingRequest } from "../transport/transport";

/** The contract's routes, by name. */
export type RouteName = keyof typeof contract;

/** The headers of every request: the caller's extra headers, then `Authorization` and `Accept`. */
export function headersOf(
  options: ResolvedOptions,
  accept = "application/json",
): Record<string, string> {
  return {
    ...options.headers,
    authorization: `${options.tokenType} ${options.token}`,
    accept,
  };
}

/** A route's URL: the base URL, and the contract's path with each `:param` URL-encoded from `params`. */
export function urlOf(options: ResolvedOptions, name: RouteName, params: object): string {
  const values = params as Readonly<Record<string, unknown>>;
  const path = contract[name].path.replace(/:(\w+)/g, (_, key: string) =>
    encodeURIComponent(String(values[key] ?? "")),
  );
  return `${options.baseUrl}${path}`;
}

/**
 * The request of a route: its method to its URL (the contract's path, trailing slash as documented),
 * with the JSON payload when the route takes one. `accept` names what a 200 answer may be (a
 * download's file type, and JSON for its errors).
 */
export function requestOf(
  options: ResolvedOptions,
  name: RouteName,
  params: object,
  body?: object,
  accept?: string,
): OutgoingRequest {
  const route = contract[name];
  const url = urlOf(options, name, params);
  const headers = headersOf(options, accept);
  if (body === undefined) return { url, init: { method: route.method, headers } };
  return {
    url,
    init: {
      method: route.method,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  };
}

// Requests to the step endpoint's siblings (download/, info/, source_data) to send through Prism: the
// contract's examples, a few per route drawn from the generated valid requests, and how to send them.
import {
  DOWNLOAD_CONTENT_TYPES,
  downloadRequestExample,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  sourceDataRequestExample,
  sourceDataTargetSchema,
  WORKFLOW_INFO_PATH,
  workflowInfoExample,
} from "@giosg-reporting/contract";
import { apiHeaders, dataset } from "./requests";
import { sampleValidRequests } from "./valid-requests";

/** One request to any route of the API. */
export interface RouteRequest {
  /** What the request is, for messages. */
  readonly name: string;
  readonly method: "GET" | "POST";
  /** The path, URL attributes filled in. */
  readonly path: string;
  /** The payload (POST only), serialized as JSON. */
  readonly body?: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** A route's path (ts-rest `:name` placeholders) with the URL attributes filled in. */
export function fillPath(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/:([A-Za-z_]\w*)/g, (_, name: string) =>
    encodeURIComponent(String(params[name])),
  );
}

/** Sends a request to the server at `baseUrl`. */
export function sendRoute(baseUrl: string, request: RouteRequest): Promise<Response> {
  return fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.method === "POST" ? { body: JSON.stringify(request.body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
}

/** The headers of a download: the file's type asked for by `Accept`. */
function downloadHeaders(format: "csv" | "xlsx", token: string): Record<string, string> {
  const type = DOWNLOAD_CONTENT_TYPES[format].split(";")[0] ?? "";
  return { ...apiHeaders(token), accept: type };
}

/** `info` of the documented workflow. */
export function infoRequest(token = "demo"): RouteRequest {
  const { org_id, id } = workflowInfoExample;
  const path = fillPath(WORKFLOW_INFO_PATH, { organization_id: org_id, workflow_id: id });
  const { "content-type": _, ...headers } = apiHeaders(token);
  return { name: "info of the documented workflow", method: "GET", path, headers };
}

/** The contract's `source_data` example (an interaction workflow's affected goal events). */
export function sourceDataRequest(token = "demo"): RouteRequest {
  return {
    name: "the source_data example",
    method: "POST",
    path: fillPath(SOURCE_DATA_PATH, sourceDataRequestExample.pathParams),
    body: sourceDataRequestExample.body,
    headers: apiHeaders(token),
  };
}

/** The contract's download example (the documented basic rows as CSV), or the same rows as XLSX. */
export function downloadRequest(format: "csv" | "xlsx", token = "demo"): RouteRequest {
  return {
    name: `the download example as ${format}`,
    method: "POST",
    path: fillPath(STEP_DOWNLOAD_PATH, downloadRequestExample.pathParams),
    body: { ...downloadRequestExample.body, format },
    headers: downloadHeaders(format, token),
  };
}

/**
 * `source_data` over the whole dataset, unlimited, for each interaction workflow: both targets, basic
 * and advanced rows, so that the validator sees many outer goal events.
 */
export function wholeRangeSourceDataRequests(range: {
  start: string;
  end: string;
}): RouteRequest[] {
  return dataset.workflows
    .filter(({ type }) => type === "interaction")
    .flatMap((workflow) =>
      sourceDataTargetSchema.options.flatMap((target) =>
        [false, true].map((basic) => ({
          name: `source_data of ${workflow.name}, ${target}, basic ${basic}`,
          method: "POST" as const,
          path: fillPath(SOURCE_DATA_PATH, {
            organization_id: workflow.organizationId,
            workflow_id: workflow.id,
          }),
          body: { filters: [], interval: range, target, basic },
          headers: apiHeaders(),
        })),
      ),
    );
}

/**
 * `count` generated requests per sibling route, from the step endpoint's generated valid requests:
 * the same payload as a download (CSV and XLSX in turn), and without `step_data` as `source_data` of
 * an interaction workflow of the same organization (both targets in turn).
 */
export function generatedSiblingRequests(count: number, seed: number): RouteRequest[] {
  const interaction = dataset.workflows.filter(({ type }) => type === "interaction");
  return sampleValidRequests(count, seed).flatMap((request, index) => {
    const format = index % 2 === 0 ? "csv" : "xlsx";
    const { step_data: _, target: __, ...query } = request.body as Record<string, unknown>;
    const workflow =
      interaction.find(
        ({ organizationId }) => organizationId === request.pathParams.organization_id,
      ) ?? interaction[0];
    return [
      {
        name: `download ${format} ${request.name}`,
        method: "POST" as const,
        path: fillPath(
          STEP_DOWNLOAD_PATH,
          request.pathParams as unknown as Record<string, unknown>,
        ),
        body: { ...(request.body as object), format },
        headers: downloadHeaders(format, "demo"),
      },
      {
        name: `source_data ${workflow?.id} ${JSON.stringify(query)}`,
        method: "POST" as const,
        path: fillPath(SOURCE_DATA_PATH, {
          organization_id: workflow?.organizationId,
          workflow_id: workflow?.id,
        }),
        body: { ...query, target: sourceDataTargetSchema.options[index % 2] },
        headers: apiHeaders(),
      },
    ];
  });
}

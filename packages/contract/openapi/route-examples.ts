// Each route's examples in the document, all from the contract's typed examples and error catalogue:
// URL attributes, request bodies, 200 answers and the error bodies that route can answer.
import {
  advancedRequestExample,
  advancedResponseExample,
  BASIC_FIELDS,
  basicRequestExample,
  basicResponseExample,
  basicSourceDataResponseExample,
  type CatalogueCode,
  contract,
  csvHeader,
  csvRow,
  downloadFileName,
  downloadRequestExample,
  type ErrorStatus,
  errorBody,
  errorExamples,
  exampleErrorBody,
  ROUTE_ERROR_CODES,
  sourceDataRequestExample,
  sourceDataResponseExample,
  stepDownloadRequestSchema,
  toFieldErrors,
  workflowInfoExample,
  workflowPathParamsSchema,
} from "../src/index";

/** A route of the contract, by its name. */
export type RouteName = keyof typeof contract;

/** One named example of the document: a one-line summary and its value. */
export interface Example {
  readonly summary: string;
  readonly value: unknown;
}

/** A named example. */
export function example(summary: string, value: unknown): Example {
  return { summary, value };
}

/** Each route's example URL attributes: the documented ones, an interaction workflow for `source_data`. */
export const pathParameterExamples: Record<RouteName, Record<string, unknown>> = {
  getStepSourceData: basicRequestExample.pathParams,
  downloadStepSourceData: downloadRequestExample.pathParams,
  getWorkflowInfo: {
    organization_id: workflowInfoExample.org_id,
    workflow_id: workflowInfoExample.id,
  },
  getSourceData: sourceDataRequestExample.pathParams,
};

/** The request bodies' examples, by the name of their `components.requestBodies` entry. */
export const requestBodyExamples: Record<string, Record<string, Example>> = {
  StepSourceDataRequest: {
    basic: example("Basic rows of the action User dialed (documented)", basicRequestExample.body),
    advanced: example(
      "Advanced rows of the action User dialed (documented)",
      advancedRequestExample.body,
    ),
  },
  StepDownloadRequest: {
    csv: example("The documented basic example's rows as CSV", downloadRequestExample.body),
    xlsx: example("The documented advanced example's rows as XLSX", {
      ...advancedRequestExample.body,
      format: "xlsx",
    }),
  },
  SourceDataRequest: {
    affected_goal: example(
      "Advanced rows of the outer goal events the workflow affected",
      sourceDataRequestExample.body,
    ),
    affected_goal_total: example("Basic rows of every outer goal event of the organization", {
      ...sourceDataRequestExample.body,
      target: "affected_goal_total",
      basic: true,
    }),
  },
};

const downloaded = stepDownloadRequestSchema.parse(downloadRequestExample.body);

/** The CSV file of the download example: the documented basic rows under their header. */
export const csvDownloadExample =
  csvHeader(BASIC_FIELDS) +
  basicResponseExample.data.map((row) => csvRow(BASIC_FIELDS, row)).join("");

/** The `Content-Disposition` of the download example. */
export const contentDispositionExample = `attachment; filename="${downloadFileName(
  String(downloadRequestExample.pathParams.workflow_id),
  Number(downloadRequestExample.pathParams.step_index),
  downloaded,
)}"`;

/** Each JSON route's 200 examples (the download answers a file, see {@link csvDownloadExample}). */
export const okExamples: Record<
  Exclude<RouteName, "downloadStepSourceData">,
  Record<string, Example>
> = {
  getStepSourceData: {
    advanced: example("Advanced rows (`basic: false`)", advancedResponseExample),
    basic: example("Basic rows (`basic: true`)", basicResponseExample),
  },
  getWorkflowInfo: {
    documented: example("The documented voice & video workflow", workflowInfoExample),
  },
  getSourceData: {
    advanced: example(
      "Outer goal events, advanced rows (`basic: false`)",
      sourceDataResponseExample,
    ),
    basic: example("Outer goal events, basic rows (`basic: true`)", basicSourceDataResponseExample),
  },
};

/** The route's path with the example URL attributes filled in. */
function examplePath(name: RouteName): string {
  const values = pathParameterExamples[name];
  return contract[name].path.replace(/:([A-Za-z_]\w*)/g, (_, key: string) => String(values[key]));
}

/** The same path with its trailing slash the other way round: the misspelling of `wrong_trailing_slash`. */
function misspelled(path: string): string {
  return path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
}

/** A route's own form of a code's example: its path in `wrong_trailing_slash`, its method in a 405. */
function ownForm(name: RouteName, body: { code: string; detail: string }) {
  const { method } = contract[name];
  if (body.code === "wrong_trailing_slash") {
    const path = examplePath(name);
    return errorBody("wrong_trailing_slash", method, misspelled(path), path);
  }
  if (body.code === "method_not_allowed")
    return errorBody("method_not_allowed", method === "GET" ? "POST" : "GET", method);
  if (body.code === "invalid_request" && method === "GET") {
    // No body to get wrong: the URL attributes are what a GET's 400 lists.
    const parsed = workflowPathParamsSchema.safeParse({
      ...pathParameterExamples[name],
      workflow_id: "d3f3323f",
    });
    return { ...errorBody("invalid_request"), errors: toFieldErrors(parsed.error?.issues ?? []) };
  }
  return body;
}

/** A route's error examples for one status: each code the route answers there, in its form. */
export function errorExamplesOf(name: RouteName, status: ErrorStatus): Record<string, Example> {
  const bodies = errorExamples[status] as readonly { code: string; detail: string }[];
  const codes: readonly CatalogueCode[] =
    (ROUTE_ERROR_CODES[name] as Partial<Record<ErrorStatus, readonly CatalogueCode[]>>)[status] ??
    [];
  return Object.fromEntries(
    codes
      .map((code) => bodies.find((body) => body.code === code) ?? exampleErrorBody(code))
      .map((body) => ownForm(name, body))
      .map((body) => [body.code, example(body.detail, body)]),
  );
}

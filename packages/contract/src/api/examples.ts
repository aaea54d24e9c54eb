import type { StepDownloadRequestInput } from "./download";
import { exampleErrorBody } from "./errors/error-catalogue";
import { ERROR_CODES, type ErrorStatus } from "./errors/error-codes";
import type { ErrorBodyOf } from "./errors/errors";
import type { PathParamsInput, StepSourceDataRequestInput, WorkflowPathParams } from "./request";
import type { AdvancedResponse, BasicResponse } from "./response";
import { ADVANCED_FIELDS, BASIC_FIELDS } from "./rows/fields";
import { type AdvancedRow, type BasicRow, toBasicRow } from "./rows/rows";
import type { SourceDataRequestInput } from "./source-data";
import type { WorkflowInfo } from "./workflow-info";

/** The organization of the documentation's examples. */
export const EXAMPLE_ORGANIZATION_ID = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
/** The workflow of the documentation's examples: a voice & video workflow. */
export const EXAMPLE_WORKFLOW_ID = "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9";

/**
 * An interaction workflow of the documented organization (the documented workflow is a voice & video
 * one, which keeps no source data): the workflow of the `source_data` example.
 */
export const EXAMPLE_INTERACTION_WORKFLOW_ID = "04fc81a4-ec7d-4b68-b30b-a41308faaafc";

/** A request as sent: URL attributes and payload (the step endpoint's unless told). */
export interface RequestExample<
  Body = StepSourceDataRequestInput,
  Params extends object = PathParamsInput,
> {
  /** The URL attributes. */
  readonly pathParams: Params;
  /** The payload. */
  readonly body: Body;
}

const examplePathParams = {
  organization_id: EXAMPLE_ORGANIZATION_ID,
  workflow_id: EXAMPLE_WORKFLOW_ID,
  step_index: 1,
} satisfies PathParamsInput;

/** The documentation's basic example request, as documented (`limit` is the string `"2"`). */
export const basicRequestExample: RequestExample = {
  pathParams: examplePathParams,
  body: {
    filters: [{ property: "action", values: ["User dialed"] }],
    interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
    limit: "2",
    basic: true,
  },
};

/** The documentation's advanced example request, as documented (`limit` is the string `"2"`). */
export const advancedRequestExample: RequestExample = {
  pathParams: examplePathParams,
  body: { ...basicRequestExample.body, basic: false },
};

const documentedBasicRow: BasicRow = {
  "Date & Time": "2023-04-13T00:00:06.000Z",
  "View title": "view 3",
  Browser: "Edge",
  Device: "desktop",
  City: "Helsinki",
  Country: "Finland",
  "ISP or organisation": "Giosg.com Oy",
  "OS (operating system)": "Windows",
  "Interaction Workflow ID": EXAMPLE_WORKFLOW_ID,
  "Workflow Session ID": "53390618-53fe-4491-bc3f-9edf4b56a27e",
  "Visitor ID": "f7f8957a-accc-4202-9ba3-c297c903f017",
};

/** The documentation's basic example response (rows written in `fields` order). */
export const basicResponseExample: BasicResponse = {
  fields: [...BASIC_FIELDS],
  data: [documentedBasicRow, structuredClone(documentedBasicRow)],
};

const documentedAdvancedRow: AdvancedRow = {
  timestamp: "2022-11-03T10:45:54.000Z",
  source: "",
  event_version: 1,
  organization_id: EXAMPLE_ORGANIZATION_ID,
  organization_name: "",
  category: "Call",
  action: "User dialed",
  label: EXAMPLE_WORKFLOW_ID,
  vendor: "com.giosg.chat",
  properties: [],
  dim1: "34d69edb-22c2-4193-be0c-71623fa55fb9",
  dim2: null,
  dim3: null,
  dim4: "Call start",
  dim5: "1",
  visitor_id: "89e42b58-d67c-4bd5-b035-71485ed57234",
  session_id: null,
  user_id: null,
  partner_organization_ids: [],
  browser_name: null,
  browser_version: null,
  device_screen_height: null,
  device_screen_width: null,
  device_type: null,
  geo_city: null,
  geo_country: null,
  ip_organization: null,
  os_name: null,
  os_version: null,
  value: 1,
};

/**
 * The documentation's advanced example response. Its first field is named `timestamp`, as its rows
 * say (the documentation's header calls it "Date & Time"; see the README's reading of the gaps).
 */
export const advancedResponseExample: AdvancedResponse = {
  fields: [...ADVANCED_FIELDS],
  data: [documentedAdvancedRow, structuredClone(documentedAdvancedRow)],
};

/** A download of the documented basic example's rows as CSV: its request plus `format: "csv"`. */
export const downloadRequestExample: RequestExample<StepDownloadRequestInput> = {
  pathParams: examplePathParams,
  body: { ...basicRequestExample.body, format: "csv" },
};

/** What `info` answers for the documented workflow (voice & video, so `giosg-default`). */
export const workflowInfoExample: WorkflowInfo = {
  id: EXAMPLE_WORKFLOW_ID,
  org_id: EXAMPLE_ORGANIZATION_ID,
  type: "giosg-default",
  name: "Video call service",
  description: "Video calls from the call button to an agent, with screen sharing when needed.",
  modified_at: "2022-10-19T02:54:12.410Z",
  is_published: true,
  start_date: "2022-06-29T14:00:57.125Z",
  end_date: null,
};

/** The outer goal events of the interaction workflow on the documented day, advanced rows of the target `affected_goal`. */
export const sourceDataRequestExample: RequestExample<SourceDataRequestInput, WorkflowPathParams> =
  {
    pathParams: {
      organization_id: EXAMPLE_ORGANIZATION_ID,
      workflow_id: EXAMPLE_INTERACTION_WORKFLOW_ID,
    },
    body: {
      filters: [],
      interval: basicRequestExample.body.interval,
      limit: "2",
      target: "affected_goal",
      basic: false,
    },
  };

const outerGoalRow: AdvancedRow = {
  ...documentedAdvancedRow,
  timestamp: "2022-11-03T11:02:17.000Z",
  source: "trusted",
  category: "Goal",
  action: "Lead submitted",
  label: EXAMPLE_INTERACTION_WORKFLOW_ID,
  vendor: "com.giosg.goals",
  properties: ["Description=SUM"],
  // The session of the interaction workflow that affected the goal; no step.
  dim1: "933a0aa0-b4d7-461b-b2fb-0ba7675fe547",
  dim4: null,
  dim5: null,
};

/** An answer of `source_data` (advanced rows): outer goal events, `category` `Goal` and no step. */
export const sourceDataResponseExample: AdvancedResponse = {
  fields: [...ADVANCED_FIELDS],
  data: [
    outerGoalRow,
    {
      ...outerGoalRow,
      timestamp: "2022-11-03T14:40:05.000Z",
      visitor_id: "0b7a3c1e-6a55-4d0e-9f0c-2f1d5e8b9a47",
    },
  ],
};

/** The same answer with `basic: true`: each row projected to its basic columns. */
export const basicSourceDataResponseExample: BasicResponse = {
  fields: [...BASIC_FIELDS],
  data: sourceDataResponseExample.data.map(toBasicRow),
};

/** A payload with the typo `filter` (for `filters`): the 400 example's request. */
export const invalidRequestExample = {
  filter: [{ property: "action", values: ["User dialed"] }],
  interval: { start: "2022-11-04T00:00:00+00:00", end: "2022-11-03T00:00:00+00:00" },
} as const;

/** Example error bodies, by status: one per code of the catalogue, in catalogue order. */
export type ErrorExamples = { readonly [Status in ErrorStatus]: readonly ErrorBodyOf<Status>[] };

/** Example error bodies, by status: every code's documented example (the 400 with its `errors`). */
export const errorExamples: ErrorExamples = Object.fromEntries(
  Object.entries(ERROR_CODES).map(([status, codes]) => [
    status,
    codes.map((code) =>
      code === "invalid_request"
        ? {
            ...exampleErrorBody(code),
            errors: [
              { path: "filters", message: "Required" },
              { path: "interval.end", message: "Must be later than interval.start" },
              { path: "filter", message: 'Unknown key "filter"' },
            ],
          }
        : code === "malformed_json"
          ? {
              ...exampleErrorBody(code),
              errors: [{ path: "body", message: "Unexpected end of JSON input" }],
            }
          : exampleErrorBody(code),
    ),
  ]),
) as unknown as ErrorExamples;

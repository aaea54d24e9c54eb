// The contract's readings of the documentation's gaps, by name: what a deviation found in an answer contradicts.

/**
 * Each reading the contract's README gives under "How the documentation is read", by id: its title
 * (the bold words that open its bullet there) and what it says, in one line.
 */
export const READINGS = {
  "url-attributes": {
    title: "URL attributes",
    says: "UUIDs in any case; step_index an integer ≥ 1, anything else a 400 naming step_index",
  },
  limit: {
    title: "`limit`",
    says: "a positive integer or a string of digits; at most that many rows, the first ones of the answer without it",
  },
  "unknown-keys": {
    title: "Unknown payload keys",
    says: "a 400 naming the key",
  },
  filters: {
    title: "Filters",
    says: "AND between filters, OR between one filter's values, exact match; an unsupported property is a 406",
  },
  interval: {
    title: "`interval`",
    says: "half-open [start, end): answers for adjacent intervals add up to the answer for their union",
  },
  "empty-answers": {
    title: "Empty answers",
    says: "a query that matches no event is a 200 with `data: []`, not a 404",
  },
  rows: {
    title: "Rows",
    says: "rows in time order, ties stable; timestamps written YYYY-MM-DDTHH:mm:ss.sssZ",
  },
  "advanced-rows": {
    title: "Advanced rows' first column is `timestamp`",
    says: "advanced rows have the 30 documented columns, the first named timestamp in fields and rows alike",
  },
  "basic-rows": {
    title: "Basic rows",
    says: "basic rows have the 11 documented columns, each projected from one advanced column",
  },
  fields: {
    title: "`fields`",
    says: "fields lists every key of the rows, in row order, with its type; datetime fields carry tz UTC",
  },
  errors: {
    title: "Errors",
    says: "errors are JSON { detail, code } with the codes of their status; a 400 adds errors[]",
  },
  "workflow-types": {
    title: "Workflow types",
    says: "every event names its workflow in label and its step index in dim5",
  },
  "step-data": {
    title: "`step_data`",
    says: "the chart's funnel: only ever fewer events of the step than without step_data",
  },
  "goal-events": {
    title: "Goal events",
    says: "triggered_goal returns the step's goal events (category Goal), default never does",
  },
} as const satisfies Record<string, { readonly title: string; readonly says: string }>;

/** The id of one of the contract's readings ({@link READINGS}). */
export type ReadingId = keyof typeof READINGS;

/** Where partners read the readings: the section of the contract package's README. */
export const READINGS_SECTION = "@giosg-reporting/contract README, “How the documentation is read”";

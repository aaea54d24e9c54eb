// Valid requests generated with fast-check from the contract's parts and the fixtures' dataset. Half
// are anchored on an event of the dataset (its workflow step, an interval around it, filters on its own
// values), so that most answers carry rows for the validator to check; the rest are drawn freely.
import {
  type AdvancedRow,
  FILTER_PROPERTIES,
  type FilterProperty,
  GOAL_CATEGORY,
  stepIndexOf,
  targetSchema,
  WORKFLOW_COLUMN,
} from "@giosg-reporting/contract";
import { generateEvents } from "@giosg-reporting/fixtures";
import fc from "fast-check";
import { type ApiRequest, apiHeaders, dataset } from "./requests";

const HOUR = 3_600_000;

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("User dialed", "Call", "desktop", "Finland", "1", ""),
);
const offset = fc.constantFrom("Z", "+00:00", "+02:00", "-05:30", "+0300");

/** The instant `ms` written with the offset `suffix` (`Z`, `±hh:mm` or `±hhmm`). */
function withOffset(ms: number, suffix: string): string {
  if (suffix === "Z") return new Date(ms).toISOString();
  const sign = suffix.startsWith("-") ? -1 : 1;
  const minutes = sign * (Number(suffix.slice(1, 3)) * 60 + Number(suffix.slice(-2)));
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 23)}${suffix}`;
}

/** An interval `[start, end)` that holds `[from, to)`, each end written with its own offset. */
function intervalAround(from: number, to: number, maxMargin: number) {
  return fc
    .tuple(
      fc.integer({ min: 0, max: maxMargin }),
      fc.integer({ min: 1, max: maxMargin }),
      offset,
      offset,
    )
    .map(([before, after, a, b]) => ({
      start: withOffset(from - before, a),
      end: withOffset(to + after, b),
    }));
}

const limit = fc.oneof(
  fc.integer({ min: 1, max: 50 }),
  fc.integer({ min: 1, max: 50 }).map(String),
);
const stepData = fc.array(
  fc.record(
    {
      actions: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  { maxLength: 5 },
);

// --- drawn freely ---------------------------------------------------------------------------------
const freeTarget = fc.constantFrom(...dataset.workflows).chain((workflow) =>
  fc.record({
    organization_id: fc.constant(workflow.organizationId),
    workflow_id: fc.constant(workflow.id),
    step_index: fc.integer({ min: 1, max: workflow.steps.length - 1 }),
  }),
);
const freePayload = fc.record(
  {
    filters: fc.array(
      fc.record({
        property: fc.constantFrom(...FILTER_PROPERTIES),
        values: fc.array(text, { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    step_data: stepData,
    interval: fc
      .integer({ min: Date.parse(dataset.start) - 24 * HOUR, max: Date.parse(dataset.end) })
      .chain((start) => intervalAround(start, start, 6 * HOUR)),
    limit,
    target: fc.constantFrom(...targetSchema.options),
    basic: fc.boolean(),
  },
  { requiredKeys: ["filters", "interval"] },
);
const free = fc.record({ pathParams: freeTarget, body: freePayload });

// --- anchored on an event of the dataset -----------------------------------------------------------
/** Events of the dataset's first days that belong to a step after the source step. */
const anchors = generateEvents(dataset, {
  to: new Date(Date.parse(dataset.start) + 3 * 24 * HOUR).toISOString(),
}).filter((row) => (stepIndexOf(row) ?? 0) >= 1);

/** A filter on one of the event's own values (so that it still matches), maybe with other values. */
function ownFilters(row: AdvancedRow) {
  const properties = FILTER_PROPERTIES.filter(
    (property): property is FilterProperty & keyof AdvancedRow =>
      typeof row[property as keyof AdvancedRow] === "string",
  );
  return fc
    .uniqueArray(fc.constantFrom(...properties), { maxLength: 3 })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((property) =>
          fc
            .array(text, { maxLength: 2 })
            .map((others) => ({ property, values: [String(row[property]), ...others] })),
        ),
      ),
    );
}

const anchored = fc.constantFrom(...anchors).chain((row) => {
  const at = Date.parse(row.timestamp);
  return fc.record({
    pathParams: fc.constant({
      organization_id: row.organization_id,
      workflow_id: String(row[WORKFLOW_COLUMN]),
      step_index: stepIndexOf(row) ?? 1,
    }),
    body: fc.record(
      {
        filters: ownFilters(row),
        interval: intervalAround(at, at, 6 * HOUR),
        limit,
        target: fc.constant(row.category === GOAL_CATEGORY ? "triggered_goal" : "default"),
        basic: fc.boolean(),
      },
      { requiredKeys: ["filters", "interval", "target"] },
    ),
  });
});

/** Valid requests: a workflow step of the dataset and a payload the contract accepts. */
export const validRequest: fc.Arbitrary<ApiRequest> = fc
  .oneof(anchored, free)
  .map(({ pathParams, body }) => ({
    name: `${JSON.stringify(pathParams)} ${JSON.stringify(body)}`,
    pathParams,
    body,
    headers: apiHeaders(),
  }));

/** `count` valid requests drawn with `seed` (the same seed draws the same requests). */
export function sampleValidRequests(count: number, seed: number): ApiRequest[] {
  return fc.sample(validRequest, { numRuns: count, seed });
}

import { z } from "zod/v3";
import type { FilterProperty } from "./filter-properties";
import { dateTimeWithOffsetSchema, positiveIntegerSchema, uuidSchema } from "./primitives";

/**
 * The same list schema with its input typed `readonly`, so that a list written `as const` is
 * accepted; what it parses to is unchanged.
 */
function acceptingReadonly<Item extends z.ZodTypeAny>(
  list: z.ZodArray<Item, "atleastone" | "many">,
): z.ZodType<z.output<Item>[], z.ZodArrayDef<Item>, readonly z.input<Item>[]> {
  return list as z.ZodType<z.output<Item>[], z.ZodArrayDef<Item>, readonly z.input<Item>[]>;
}

/**
 * A filter's property: written, one of the supported properties, so that a typo or an unsupported
 * property is a compile error; parsed, any non-empty string, so the API's 406 for an unsupported
 * property stays reachable (through a cast).
 */
const filterPropertySchema = z
  .string()
  .min(1, { message: "Must name a property, such as action" })
  .describe("The property to filter on, such as `action`; see the supported list.") as z.ZodType<
  string,
  z.ZodStringDef,
  FilterProperty
>;

/** The URL attributes: `organization_id`, `workflow_id` (UUIDs) and `step_index` (1, 2, …). */
export const pathParamsSchema = z.object({
  organization_id: uuidSchema.describe("ID of the organization for which the data is requested."),
  workflow_id: uuidSchema.describe("ID of the workflow for which the data is requested."),
  step_index: positiveIntegerSchema.describe(
    "Index of the step for which the data is requested: 1 is the first step after the source step.",
  ),
});

/** The URL attributes of the routes about a whole workflow (`info`, `source_data`): no step. */
export const workflowPathParamsSchema = pathParamsSchema.omit({ step_index: true });

/** The URL attributes of a workflow's routes, once parsed. */
export type WorkflowPathParams = z.output<typeof workflowPathParamsSchema>;

/** The URL attributes as sent (`step_index` may be a number or a string of digits). */
export type PathParamsInput = z.input<typeof pathParamsSchema>;
/** The URL attributes once parsed (lowercase UUIDs, numeric `step_index`). */
export type PathParams = z.output<typeof pathParamsSchema>;

/**
 * One filter: the rows whose `property` equals one of `values`. Filters AND together; the values of
 * one filter OR together; matching is exact.
 */
export const filterSchema = z
  .object({
    property: filterPropertySchema,
    values: acceptingReadonly(
      z
        .array(z.string())
        .min(1, { message: "Must list at least one value" })
        .describe("Values to match exactly; a row matches when its property equals any of them."),
    ),
  })
  .strict()
  .describe("Keeps the rows whose `property` equals one of `values`.");

/** One filter, parsed: `property` may be any non-empty string (the API answers 406 for an unsupported one). */
export type Filter = z.output<typeof filterSchema>;
/** One filter as written: `property` is a {@link FilterProperty}, `values` may be `readonly`. */
export type FilterInput = z.input<typeof filterSchema>;

/** The step's description in `step_data`: the action identifiers the chart shows for it. */
export const stepDataSchema = z
  .object({
    actions: acceptingReadonly(
      z
        .array(z.string().min(1, { message: "Must not be empty" }))
        .min(1, { message: "Must list at least one action identifier, or be left out" }),
    )
      .optional()
      .describe(
        "Action identifiers: `page_url` values in web navigation workflows, `view_uid` values in interaction workflows.",
      ),
  })
  .strict()
  .describe("Describes one step of the chart; `step_data[0]` is the source step and may be `{}`.");

/** One step's description in `step_data`. */
export type StepData = z.output<typeof stepDataSchema>;
/** One step's description as written: `actions` may be `readonly`. */
export type StepDataInput = z.input<typeof stepDataSchema>;

/** The half-open time interval `[start, end)` of the query. */
export const intervalSchema = z
  .object({
    start: dateTimeWithOffsetSchema.describe("Start of the interval, included."),
    end: dateTimeWithOffsetSchema.describe("End of the interval, excluded."),
  })
  .strict()
  .superRefine(({ start, end }, ctx) => {
    const from = Date.parse(start);
    const to = Date.parse(end);
    if (Number.isFinite(from) && Number.isFinite(to) && from >= to) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["end"],
        message: "Must be later than interval.start",
      });
    }
  })
  .describe("Time interval of the query, `[start, end)`: ISO 8601 date-times with an offset.");

/** The half-open time interval of the query. */
export type Interval = z.infer<typeof intervalSchema>;

/** Which events to return: the step's own (`default`) or the goals triggered at it (`triggered_goal`). */
export const targetSchema = z
  .enum(["default", "triggered_goal"])
  .describe(
    "`default` returns the step's events; `triggered_goal` returns the goal events triggered at the step.",
  );

/** Which events to return. */
export type Target = z.infer<typeof targetSchema>;

/** The request payload. Unknown keys are rejected, so a typo such as `filter` cannot go unnoticed. */
export const stepSourceDataRequestSchema = z
  .object({
    filters: acceptingReadonly(z.array(filterSchema)).describe(
      "Filters on the events; may be empty. Several filters AND together.",
    ),
    step_data: acceptingReadonly(z.array(stepDataSchema))
      .optional()
      .describe(
        "Describes the steps of the chart, `step_data[k]` for step k. Used by web navigation and interaction workflows to return the events shown on the chart; ignored by the other types. Omitted: all events of the step.",
      ),
    interval: intervalSchema,
    limit: positiveIntegerSchema
      .optional()
      .describe(
        "How many rows to return at most (a positive integer; a string of digits is accepted). Omitted: all matching rows.",
      ),
    target: targetSchema.default("default"),
    basic: z
      .boolean()
      .default(false)
      .describe(
        "`true` returns basic (human readable) rows, `false` advanced (raw) rows with every column.",
      ),
  })
  .strict()
  .describe("The query: filters, interval and what to return.");

/**
 * The request payload as sent (`limit` may be a string of digits; defaults may be left out; filter
 * properties are the supported ones; every list may be `readonly`, so a payload written `as const` fits).
 */
export type StepSourceDataRequestInput = z.input<typeof stepSourceDataRequestSchema>;
/** The request payload once parsed (numeric `limit`, `target` and `basic` filled in). */
export type StepSourceDataRequest = z.output<typeof stepSourceDataRequestSchema>;

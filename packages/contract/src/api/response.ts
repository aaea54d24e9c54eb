import { z } from "zod/v3";
import { fieldDescriptorSchema } from "./rows/fields";
import { advancedRowSchema, basicRowSchema } from "./rows/rows";

const fieldsSchema = z
  .array(fieldDescriptorSchema)
  .describe("Describes the columns of the rows in `data`, in row order.");

function responseOf<Row extends z.ZodTypeAny>(row: Row, description: string) {
  return z
    .object({
      fields: fieldsSchema,
      data: z.array(row).describe("One row per event, in time order."),
    })
    .describe(description);
}

/** The zod object of a 200 body with rows of `Row`. */
type ResponseObject<Row extends z.ZodTypeAny> = ReturnType<typeof responseOf<Row>>;

/** A 200 body schema whose parsed and written types are the named `Response`, as for rows. */
type ResponseSchema<Row extends z.ZodTypeAny, Response> = z.ZodObject<
  ResponseObject<Row>["shape"],
  "strip",
  z.ZodTypeAny,
  Response,
  Response
>;

/** The 200 body of an advanced query: the `fields` header and advanced rows. */
export interface AdvancedResponse extends z.output<ResponseObject<typeof advancedRowSchema>> {}

/** The 200 body of a basic query: the `fields` header and basic rows. */
export interface BasicResponse extends z.output<ResponseObject<typeof basicRowSchema>> {}

/** 200 with `basic: false`: the `fields` header and advanced rows. */
export const advancedResponseSchema: ResponseSchema<typeof advancedRowSchema, AdvancedResponse> =
  responseOf(advancedRowSchema, "Advanced step source data (`basic: false`).");

/** 200 with `basic: true`: the `fields` header and basic rows. */
export const basicResponseSchema: ResponseSchema<typeof basicRowSchema, BasicResponse> = responseOf(
  basicRowSchema,
  "Basic step source data (`basic: true`).",
);

/** The 200 body: advanced or basic rows, as the request's `basic` asked. */
export const stepSourceDataResponseSchema = z
  .union([advancedResponseSchema, basicResponseSchema])
  .describe("Step source data: `fields` describes the columns, `data` holds one row per event.");

/** The 200 body, advanced or basic. */
export type StepSourceDataResponse = z.infer<typeof stepSourceDataResponseSchema>;

/** The 200 body for a request whose `basic` is `Basic`: basic rows for `true`, advanced otherwise. */
export type StepSourceDataResponseFor<Basic extends boolean | undefined> = Basic extends true
  ? BasicResponse
  : AdvancedResponse;

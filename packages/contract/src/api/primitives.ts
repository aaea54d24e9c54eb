import { z } from "zod/v3";

/** A giosg identifier: a dashed UUID, accepted in any case and normalised to lowercase. */
export const uuidSchema = z
  .string()
  .uuid({ message: "Must be a dashed UUID such as e40bcb66-8c63-4aa7-8d81-68d8e8cef907" })
  .transform((id) => id.toLowerCase());

/** Decimal digits of a positive integer written as a string, e.g. `"2"` (the documentation's `limit`). */
const POSITIVE_INTEGER_STRING = /^[1-9][0-9]*$/;

/**
 * A positive integer (1, 2, …), also accepted as a string of digits since the documentation sends
 * `"limit": "2"` and path parameters arrive as text. Parses to a number.
 */
export const positiveIntegerSchema = z
  .union(
    [
      z
        .number({ invalid_type_error: "Must be a positive integer" })
        .int({ message: "Must be a positive integer (a whole number)" })
        .min(1, { message: "Must be a positive integer (1 or more)" })
        .max(Number.MAX_SAFE_INTEGER, { message: "Must be at most 2^53 - 1" }),
      z.string().regex(POSITIVE_INTEGER_STRING, {
        message: "Must be a positive integer (1 or more), written with digits only",
      }),
    ],
    { errorMap: () => ({ message: "Must be a positive integer (1 or more)" }) },
  )
  .transform((value, ctx) => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Must be at most 2^53 - 1" });
      return z.NEVER;
    }
    return parsed;
  });

/** The numeric offset at the end of a date-time, `+05:30` or `+0530`: its hours and minutes. */
const NUMERIC_OFFSET = /[+-](\d{2}):?(\d{2})$/;

const DATE_TIME_MESSAGE =
  "Must be an ISO 8601 date-time with Z or an offset from -23:59 to +23:59, e.g. 2022-11-03T00:00:00+00:00";

/**
 * An ISO 8601 date-time with `Z` or a numeric offset (`2022-11-03T00:00:00+00:00`). A date-time
 * without an offset is ambiguous, so it is rejected; so is a day that does not exist (February 30)
 * and an offset no clock has (`+24:00`, `+12:60`, `+99:99`: RFC 3339's hours 00–23 and minutes 00–59),
 * which would otherwise pass as text and then name no instant.
 */
export const dateTimeWithOffsetSchema = z
  .string()
  .datetime({ offset: true, message: DATE_TIME_MESSAGE })
  .refine(
    (value) => {
      // Only an offset out of range fails here; any other fault is the check above's to name.
      const offset = NUMERIC_OFFSET.exec(value);
      return offset === null || (Number(offset[1]) <= 23 && Number(offset[2]) <= 59);
    },
    { message: DATE_TIME_MESSAGE },
  );

/** A timestamp as the API writes it: UTC with milliseconds, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export const timestampSchema = z.string().datetime({
  precision: 3,
  message: "Must be a UTC timestamp written YYYY-MM-DDTHH:mm:ss.sssZ",
});

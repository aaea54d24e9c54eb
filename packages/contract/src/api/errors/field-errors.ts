import type { ZodIssue } from "zod/v3";
import type { FieldError } from "./errors";

/** Writes an issue path as `filters[0].values`; the request root is `body`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let text = "";
  for (const segment of path) {
    text += typeof segment === "number" ? `[${segment}]` : text === "" ? segment : `.${segment}`;
  }
  return text === "" ? "body" : text;
}

/**
 * Turns zod issues into the 400 body's `errors`: one entry per failing input, with unknown keys
 * named one by one (`filter`, not the object that holds it).
 */
export function toFieldErrors(issues: readonly ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: formatIssuePath([...issue.path, key]),
          message: `Unknown key "${key}"`,
        }))
      : [{ path: formatIssuePath(issue.path), message: issue.message }],
  );
}

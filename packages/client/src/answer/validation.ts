// The checks of 200 answers against the contract: compiled once, with zod to say why one fails.
import {
  advancedResponseSchema,
  advancedRowSchema,
  basicResponseSchema,
  basicRowSchema,
  type Check,
  compileCheck,
  type FieldDescriptor,
  fieldDescriptorSchema,
  toFieldErrors,
  type WorkflowInfo,
  workflowInfoSchema,
} from "@giosg-reporting/contract";
import type { z } from "zod/v3";
import { ReportingApiError } from "../errors";

const MAX_REPORTED_ISSUES = 20;

/** Checks compiled once from the contract's schemas. */
const checks = {
  advanced: compileCheck(advancedResponseSchema),
  basic: compileCheck(basicResponseSchema),
  advancedRow: compileCheck(advancedRowSchema),
  basicRow: compileCheck(basicRowSchema),
  field: compileCheck(fieldDescriptorSchema),
  workflowInfo: compileCheck(workflowInfoSchema),
};

function breach(
  schema: z.ZodTypeAny,
  value: unknown,
  what: string,
  status: number,
  attempts: number,
  prefix: (string | number)[] = [],
): ReportingApiError {
  const issues = schema.safeParse(value).error?.issues ?? [];
  const fieldErrors = toFieldErrors(
    issues
      .slice(0, MAX_REPORTED_ISSUES)
      .map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })),
  );
  const first = fieldErrors[0];
  return new ReportingApiError({
    kind: "invalid-response",
    status,
    message: `The API's ${what} breaks the contract${first ? `: ${first.path}: ${first.message}` : ""}`,
    fieldErrors,
    body: value,
    attempts,
  });
}

/**
 * Checks a whole 200 body (fast path; zod explains a failure); throws `invalid-response` if it breaks
 * the contract, saying how many `attempts` the answer took.
 */
export function checkOkBody(body: unknown, basic: boolean, attempts = 1): void {
  const check: Check = basic ? checks.basic : checks.advanced;
  if (!check(body))
    throw breach(
      basic ? basicResponseSchema : advancedResponseSchema,
      body,
      "200 answer",
      200,
      attempts,
    );
}

/** Checks a whole 200 body of `info`; throws `invalid-response` if it breaks the contract. */
export function checkWorkflowInfo(body: unknown, attempts = 1): asserts body is WorkflowInfo {
  if (!checks.workflowInfo(body))
    throw breach(workflowInfoSchema, body, "200 answer", 200, attempts);
}

/** Checks one streamed row; throws `invalid-response` naming its position if it breaks the contract. */
export function checkRow(row: unknown, basic: boolean, index: number, attempts: number): void {
  if (!(basic ? checks.basicRow : checks.advancedRow)(row)) {
    throw breach(basic ? basicRowSchema : advancedRowSchema, row, `row ${index}`, 200, attempts, [
      "data",
      index,
    ]);
  }
}

/** Checks a streamed `fields` header; throws `invalid-response` if it breaks the contract. */
export function checkFields(
  fields: unknown,
  attempts: number,
): asserts fields is FieldDescriptor[] {
  if (!Array.isArray(fields) || !fields.every(checks.field)) {
    throw new ReportingApiError({
      kind: "invalid-response",
      status: 200,
      message: "The API's fields header breaks the contract",
      body: fields,
      attempts,
    });
  }
}

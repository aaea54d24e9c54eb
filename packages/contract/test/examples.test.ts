import { describe, expect, it } from "vitest";
import {
  ADVANCED_FIELDS,
  advancedResponseExample,
  advancedResponseSchema,
  advancedRowSchema,
  BASIC_FIELDS,
  basicResponseExample,
  basicResponseSchema,
  basicRowSchema,
  contract,
  ERROR_CODES,
  type ErrorStatus,
  errorBodySchemas,
  errorExamples,
  invalidRequestExample,
  stepSourceDataRequestSchema,
  stepSourceDataResponseSchema,
  toFieldErrors,
} from "../src/index";

const strictAdvanced = advancedResponseSchema.extend({ data: advancedRowSchema.strict().array() });
const strictBasic = basicResponseSchema.extend({ data: basicRowSchema.strict().array() });

describe("documented example responses", () => {
  it("the advanced example parses strictly, with the timestamp reading of the first field", () => {
    expect(strictAdvanced.parse(advancedResponseExample)).toEqual(advancedResponseExample);
    expect(advancedResponseExample.fields).toEqual(ADVANCED_FIELDS);
    expect(advancedResponseExample.fields[0]?.name).toBe("timestamp");
    for (const row of advancedResponseExample.data) {
      expect(Object.keys(row)).toEqual(ADVANCED_FIELDS.map(({ name }) => name));
    }
  });

  it("the basic example parses strictly, its rows keyed in fields order", () => {
    expect(strictBasic.parse(basicResponseExample)).toEqual(basicResponseExample);
    expect(basicResponseExample.fields).toEqual(BASIC_FIELDS);
    for (const row of basicResponseExample.data) {
      expect(Object.keys(row)).toEqual(BASIC_FIELDS.map(({ name }) => name));
    }
  });

  it("both are 200 bodies of the contract", () => {
    const ok = contract.getStepSourceData.responses[200];
    expect(ok).toBe(stepSourceDataResponseSchema);
    expect(ok.safeParse(advancedResponseExample).success).toBe(true);
    expect(ok.safeParse(basicResponseExample).success).toBe(true);
  });

  it("a basic body does not pass as advanced, nor the other way round", () => {
    expect(advancedResponseSchema.safeParse(basicResponseExample).success).toBe(false);
    expect(basicResponseSchema.safeParse(advancedResponseExample).success).toBe(false);
  });
});

describe("example errors", () => {
  const statuses = Object.keys(ERROR_CODES).map(Number) as ErrorStatus[];

  it.each(statuses)("%i examples are valid %i bodies of the contract", (status) => {
    const schema = errorBodySchemas[status];
    const examples = errorExamples[status];
    expect(examples.length).toBeGreaterThan(0);
    for (const body of examples) expect(schema.parse(body)).toEqual(body);
  });

  it("each 403 cause has its own example and code", () => {
    expect(errorExamples[403].map(({ code }) => code)).toEqual(ERROR_CODES[403]);
  });

  it("the 400 example lists exactly what the contract reports for the invalid example request", () => {
    const result = stepSourceDataRequestSchema.safeParse(invalidRequestExample);
    expect(result.success).toBe(false);
    expect(toFieldErrors(result.error?.issues ?? [])).toEqual(errorExamples[400][0]?.errors);
  });

  it("error bodies reject codes that belong to another status", () => {
    const forbidden = contract.getStepSourceData.responses[403];
    expect(forbidden.safeParse({ detail: "x", code: "not_authenticated" }).success).toBe(false);
  });
});

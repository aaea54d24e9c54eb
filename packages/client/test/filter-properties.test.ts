// A filter on a property the API does not support: ruled out by the types, still the API's 406 at run time.
import { FILTER_PROPERTIES, type FilterProperty } from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isReportingApiError } from "../src/index";
import { toApiRequest } from "../src/request/query";
import { documented, failureOf, type Setup, setUp } from "./helpers";

// The cast is the point: it reaches what the query's type rules out.
const unsupported = { property: "country" as FilterProperty, values: ["Finland"] };

describe("a filter on an unsupported property, cast past the types", () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp("in-process");
  });
  afterAll(() => setup.close());

  it("is sent as written: the query's schema accepts any property name", () => {
    const { body } = toApiRequest({ ...documented, filters: [unsupported] });
    expect(body.filters).toEqual([unsupported]);
  });

  it("is answered 406 naming the supported properties", async () => {
    const error = await failureOf(() =>
      setup.client().getStepSourceData({ ...documented, filters: [unsupported] }),
    );
    expect(isReportingApiError(error, "api")).toBe(true);
    expect(error).toMatchObject({ status: 406, code: "filter_not_implemented" });
    expect(error.detail).toContain('"country"');
    for (const property of FILTER_PROPERTIES) expect(error.detail).toContain(property);
  });
});

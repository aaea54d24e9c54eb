import { isAppRoute } from "@ts-rest/core";
import { describe, expect, it } from "vitest";
import { API_BASE_URL, contract, STEP_SOURCE_DATA_PATH } from "../src/index";

describe("the ts-rest contract", () => {
  const route = contract.getStepSourceData;

  it("declares the one documented endpoint", () => {
    expect(Object.values(contract).filter(isAppRoute)).toHaveLength(1);
    expect(route.method).toBe("POST");
    expect(route.path).toBe(STEP_SOURCE_DATA_PATH);
    expect(`${API_BASE_URL}${route.path}`).toBe(
      "https://api.giosg.com/api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/step/:step_index",
    );
  });

  it("declares every documented status, and only those, strictly", () => {
    expect(Object.keys(route.responses).map(Number)).toEqual([200, 400, 401, 403, 404, 406, 500]);
    expect(route.strictStatusCodes).toBe(true);
  });

  it("validates the URL attributes it names in the path", () => {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
    expect(Object.keys(route.pathParams.shape)).toEqual(names);
  });
});

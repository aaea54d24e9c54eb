import { initContract, isAppRoute } from "@ts-rest/core";
import { describe, expect, it } from "vitest";
import { API_BASE_URL, contract, ERROR_STATUSES, STEP_SOURCE_DATA_PATH } from "../src/index";

describe("the ts-rest contract", () => {
  const route = contract.getStepSourceData;

  it("declares the documented endpoint and its three siblings, each path spelled as documented", () => {
    const routes = Object.values(contract).filter(isAppRoute);
    expect(routes.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `POST ${STEP_SOURCE_DATA_PATH}`,
      `POST ${STEP_SOURCE_DATA_PATH}/download/`,
      "GET /api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/info/",
      "POST /api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/source_data",
    ]);
    expect(route.method).toBe("POST");
    expect(route.path).toBe(STEP_SOURCE_DATA_PATH);
    expect(`${API_BASE_URL}${route.path}`).toBe(
      "https://api.giosg.com/api/reporting/workflow/v1/orgs/:organization_id/workflows/:workflow_id/step/:step_index",
    );
  });

  it("declares 200 and every status of the error catalogue, and only those, strictly", () => {
    expect(Object.keys(route.responses).map(Number)).toEqual([
      200, 400, 401, 403, 404, 405, 406, 413, 415, 429, 500, 502, 503, 504,
    ]);
    expect(Object.keys(route.responses).slice(1)).toEqual(Object.keys(ERROR_STATUSES));
    expect(route.strictStatusCodes).toBe(true);
  });

  it("is the router ts-rest's initContract makes of the same routes, though built without ts-rest", () => {
    const routes = Object.fromEntries(
      Object.entries(contract).map(([name, { strictStatusCodes: _, ...definition }]) => [
        name,
        definition,
      ]),
    );
    const made: Record<string, object> = initContract().router(routes, { strictStatusCodes: true });
    // ts-rest adds an empty `headers` to each route (its merge of no base headers with none).
    for (const route of Object.values(made)) expect(route).toMatchObject({ headers: {} });
    const withoutHeaders = Object.fromEntries(
      Object.entries(made).map(
        ([name, { headers: _, ...route }]: [string, { headers?: unknown }]) => [name, route],
      ),
    );
    expect(withoutHeaders).toEqual(contract);
  });

  it("validates the URL attributes it names in the path", () => {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
    expect(Object.keys(route.pathParams.shape)).toEqual(names);
  });
});

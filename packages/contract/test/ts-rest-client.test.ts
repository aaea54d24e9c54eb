import { type ApiFetcherArgs, initClient, validateResponse } from "@ts-rest/core";
import { describe, expect, it } from "vitest";
import { basicRequestExample, basicResponseExample, contract } from "../src/index";

/** A ts-rest client over a fake transport that records the request and answers `reply`. */
function clientAnswering(reply: { status: number; body: unknown }) {
  const sent: ApiFetcherArgs[] = [];
  const client = initClient(contract, {
    baseUrl: "https://api.giosg.com",
    baseHeaders: { Authorization: "Token demo" },
    validateResponse: true,
    api: async (args) => {
      sent.push(args);
      return { ...reply, headers: new Headers({ "content-type": "application/json" }) };
    },
  });
  return { client, sent };
}

describe("the contract under ts-rest's initClient (the README's example)", () => {
  it("sends the documented request to the documented URL", async () => {
    const { client, sent } = clientAnswering({ status: 200, body: basicResponseExample });
    const response = await client.getStepSourceData({
      params: basicRequestExample.pathParams,
      body: basicRequestExample.body,
    });
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.path).toBe(
      "https://api.giosg.com/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/step/1",
    );
    expect(JSON.parse(String(sent[0]?.body))).toEqual(basicRequestExample.body);
    expect(sent[0]?.headers).toMatchObject({ authorization: "Token demo" });
    expect(response.status).toBe(200);
    if (response.status === 200) expect(response.body).toEqual(basicResponseExample);
  });

  it("gives ts-rest's response validation the contract's schemas", () => {
    const appRoute = contract.getStepSourceData;
    const ok = { status: 200, body: basicResponseExample };
    expect(validateResponse({ appRoute, response: ok })).toEqual(ok);
    const broken = { fields: basicResponseExample.fields, data: [{ "Date & Time": 42 }] };
    expect(() => validateResponse({ appRoute, response: { status: 200, body: broken } })).toThrow();
  });

  it("hands an error status back with its typed body", async () => {
    const body = { detail: "Workflow not found.", code: "workflow_not_found" };
    const { client } = clientAnswering({ status: 404, body });
    const response = await client.getStepSourceData({
      params: basicRequestExample.pathParams,
      body: basicRequestExample.body,
    });
    expect(response).toMatchObject({ status: 404, body });
  });
});

// Prism's mock on openapi.json answers the documentation's two example requests with 200, and each
// sibling route's example from the document, as a partner who mocks the API from the document would see.
import {
  BASIC_FIELDS,
  basicResponseExample,
  csvHeader,
  csvRow,
  sourceDataResponseExample,
  workflowInfoExample,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../src/document";
import { type RunningPrism, startPrism } from "../src/prism";
import { documentedRequests, send } from "../src/requests";
import {
  downloadRequest,
  infoRequest,
  type RouteRequest,
  sendRoute,
  sourceDataRequest,
} from "../src/sibling-requests";
import { describeViolations, type Verdict, verdictOf } from "../src/verdict";

function expectClean(verdict: Verdict, status = 200) {
  const violations = [...verdict.requestViolations, ...verdict.responseViolations];
  expect(violations, describeViolations(violations)).toEqual([]);
  expect(verdict.status, verdict.text.slice(0, 500)).toBe(status);
}

describe("prism mock on openapi.json", () => {
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    prism = await startPrism(["mock", openApiPath()]);
  });
  afterAll(() => prism?.stop());
  const through = (request: RouteRequest) => sendRoute(prism?.url ?? "", request);

  it.each(documentedRequests("x").map((request) => [request.name, request] as const))(
    "answers %s with 200 and no violation",
    async (_, request) => {
      expectClean(await verdictOf(await send(prism?.url ?? "", request)));
    },
  );

  it("answers info with the document's WorkflowInfo example", async () => {
    const verdict = await verdictOf(await through(infoRequest("x")));
    expectClean(verdict);
    expect(verdict.body).toEqual(workflowInfoExample);
  });

  it("answers the source_data example with the document's outer goal events", async () => {
    const verdict = await verdictOf(await through(sourceDataRequest("x")));
    expectClean(verdict);
    expect(verdict.body).toEqual(sourceDataResponseExample);
  });

  it("answers the download example as the document's CSV, named by Content-Disposition", async () => {
    const response = await through(downloadRequest("csv", "x"));
    const verdict = await verdictOf(response);
    expectClean(verdict);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="workflow-[\w-]+-step-1-basic-20221103T000000Z-20221104T000000Z\.csv"$/,
    );
    expect(verdict.text).toBe(
      csvHeader(BASIC_FIELDS) +
        basicResponseExample.data.map((row) => csvRow(BASIC_FIELDS, row)).join(""),
    );
  });

  it("knows each path only as documented: info without its trailing slash is no route", async () => {
    const request = infoRequest("x");
    const verdict = await verdictOf(await through({ ...request, path: request.path.slice(0, -1) }));
    expect(verdict.status).toBe(404);
    expect(verdict.origin).toBe("prism");
  });
});

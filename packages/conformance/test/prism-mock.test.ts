// Prism's mock on openapi.json answers the documentation's two example requests with 200, as a partner
// who mocks the API from the document would see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../src/document";
import { type RunningPrism, startPrism } from "../src/prism";
import { documentedRequests, send } from "../src/requests";
import { describeViolations, verdictOf } from "../src/verdict";

describe("prism mock on openapi.json", () => {
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    prism = await startPrism(["mock", openApiPath()]);
  });
  afterAll(() => prism?.stop());

  it.each(documentedRequests("x").map((request) => [request.name, request] as const))(
    "answers %s with 200 and no violation",
    async (_, request) => {
      const verdict = await verdictOf(await send(prism?.url ?? "", request));
      const violations = [...verdict.requestViolations, ...verdict.responseViolations];
      expect(violations, describeViolations(violations)).toEqual([]);
      expect(verdict.status, verdict.text.slice(0, 500)).toBe(200);
    },
  );
});

// Negative controls, so that the gate can fail: a document broken on purpose makes Prism's mock reject
// the documented example, and a server whose rows break the document makes the validating proxy
// report response violations.
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openApiPath,
  readOpenApi,
  type WrittenDocument,
  withOverlappingStepIndex,
  withoutInfoDescription,
  writeTemporaryDocument,
} from "../src/document";
import { type RunningPrism, startPrism } from "../src/prism";
import { DATASET_RANGE, documentedRequests, send, unlimitedRequest } from "../src/requests";
import {
  addColumn,
  type RowChange,
  type RunningTamperer,
  renameTimestamp,
  startTamperer,
} from "../src/row-tamperer";
import { infoRequest, sendRoute } from "../src/sibling-requests";
import { describeViolations, verdictOf } from "../src/verdict";

describe("prism mock on a copy of openapi.json with an overlapping oneOf for step_index", () => {
  let broken: WrittenDocument | undefined;
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    broken = writeTemporaryDocument(withOverlappingStepIndex(readOpenApi()));
    prism = await startPrism(["mock", broken.path]);
  });
  afterAll(async () => {
    await prism?.stop();
    broken?.remove();
  });

  it("rejects the documented basic example: step_index must match exactly one schema in oneOf", async () => {
    const [example] = documentedRequests("x");
    if (!example) throw new Error("no documented example");
    const verdict = await verdictOf(await send(prism?.url ?? "", example));
    expect(verdict.status).not.toBe(200);
    expect(verdict.requestViolations).toContainEqual(
      expect.objectContaining({ location: ["request", "path", "step_index"], code: "oneOf" }),
    );
  });
});

describe.each([
  ["adds a column to every row", addColumn],
  ["renames timestamp", renameTimestamp],
] as const satisfies readonly (readonly [string, RowChange])[])(
  "prism proxy --errors in front of a server that %s",
  (_, change) => {
    let stub: RunningStub | undefined;
    let tamperer: RunningTamperer | undefined;
    let prism: RunningPrism | undefined;
    beforeAll(async () => {
      stub = await startStub({ dataset: DATASET_RANGE });
      tamperer = await startTamperer(stub.url, change);
      prism = await startPrism(["proxy", "--errors", openApiPath(), tamperer.url]);
    });
    afterAll(async () => {
      await prism?.stop();
      await tamperer?.close();
      await stub?.close();
    });

    // Renaming timestamp changes advanced rows only: the basic example's rows have no such column.
    const requests =
      change === renameTimestamp
        ? [unlimitedRequest(), ...documentedRequests().slice(1)]
        : [...documentedRequests(), unlimitedRequest()];
    it.each(requests.map((request) => [request.name, request] as const))(
      "reports response violations for %s",
      async (_, request) => {
        const verdict = await verdictOf(await send(prism?.url ?? "", request));
        expect(tamperer?.tampered(), "the tamperer changed no answer").toBeGreaterThan(0);
        expect(verdict.requestViolations, describeViolations(verdict.requestViolations)).toEqual(
          [],
        );
        expect(verdict.responseViolations.length).toBeGreaterThan(0);
        expect(verdict).toMatchObject({ status: 500, origin: "prism", problem: "VIOLATIONS" });
      },
    );
  },
);

describe("prism proxy --errors in front of the stub, on a copy of openapi.json whose WorkflowInfo lacks description", () => {
  let broken: WrittenDocument | undefined;
  let stub: RunningStub | undefined;
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    broken = writeTemporaryDocument(withoutInfoDescription(readOpenApi()));
    stub = await startStub({ dataset: DATASET_RANGE });
    prism = await startPrism(["proxy", "--errors", broken.path, stub.url]);
  });
  afterAll(async () => {
    await prism?.stop();
    await stub?.close();
    broken?.remove();
  });

  it("reports a response violation for info of the documented workflow", async () => {
    const verdict = await verdictOf(await sendRoute(prism?.url ?? "", infoRequest()));
    expect(verdict.requestViolations, describeViolations(verdict.requestViolations)).toEqual([]);
    expect(verdict.responseViolations.length).toBeGreaterThan(0);
    expect(verdict).toMatchObject({ status: 500, origin: "prism", problem: "VIOLATIONS" });
  });
});

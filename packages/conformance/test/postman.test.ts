// openapi.json converted to a Postman collection by openapi-to-postmanv2, with schema assertions added
// by the gate, run by newman (as a library) against the stub with a valid token: 0 failures.
import { readFileSync } from "node:fs";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import newman, { type NewmanRunSummary } from "newman";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath, readOpenApi, withoutInfoDescription } from "../src/document";
import { addSchemaAssertions, toCollection } from "../src/postman-collection";

/** Runs a collection with newman against a base URL and an API key (the `Authorization` value). */
function run(collection: object, baseUrl: string, apiKey: string): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        envVar: [
          { key: "baseUrl", value: baseUrl },
          { key: "apiKey", value: apiKey },
        ],
        reporters: [],
        timeoutRequest: 20_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

describe("openapi-to-postmanv2's collection, run by newman against the stub", () => {
  let stub: RunningStub | undefined;
  beforeAll(async () => {
    stub = await startStub();
  });
  afterAll(() => stub?.close());

  it("passes the schema assertions on every request with 0 failures", async () => {
    const collection = await toCollection(readFileSync(openApiPath(), "utf8"));
    const requests = addSchemaAssertions(collection, readOpenApi());
    const summary = await run(collection, stub?.url ?? "", "Token demo");
    const { assertions } = summary.run.stats;
    const failures = summary.run.failures.map(({ source, error }) =>
      `${source?.name}: ${error.test ?? ""} ${error.message}`.slice(0, 400),
    );
    console.log(
      `postman: ${requests} requests, ${assertions.total} assertions, ${failures.length} failures`,
    );
    expect(requests).toBe(4);
    expect(failures).toEqual([]);
  });

  it("can fail: a copy whose WorkflowInfo lacks description reports the stub's info answer", async () => {
    const document = withoutInfoDescription(readOpenApi());
    const collection = await toCollection(JSON.stringify(document));
    addSchemaAssertions(collection, document);
    const summary = await run(collection, stub?.url ?? "", "Token demo");
    expect(summary.run.failures.map(({ source, error }) => [source?.name, error.test])).toEqual([
      ["Workflow info", "the body satisfies the schema"],
    ]);
  });
});

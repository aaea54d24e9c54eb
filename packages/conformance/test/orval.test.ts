// orval's MSW mocks, served by msw 2 in Node, answer what the document declares (Ajv 2020) on every
// JSON route with many faker seeds; its zod schemas take the documented +00:00 interval with the
// README's setting; and the download is read as bytes from the stub the README's way.

import { faker } from "@faker-js/faker";
import {
  BASIC_FIELDS,
  basicRequestExample,
  csvHeader,
  EXAMPLE_ORGANIZATION_ID,
} from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getDownloadStepSourceDataUrl,
  getGiosgWorkflowStepSourceDataAPIMock,
} from "../generated/orval/endpoints";
import { getStepSourceDataBody } from "../generated/orval/zod";
import { getStepSourceDataBody as defaultStepSourceDataBody } from "../generated/orval-defaults/zod";
import { readOpenApi } from "../src/document";
import { bodyValidator, declaredAnswers } from "../src/response-schemas";

/** Faker seeds per route: each gives the mocks other arrays, nulls and branches of each `oneOf`. */
const SEEDS = 40;
const MOCKED_ORIGIN = "http://orval-mocks.test";
const document = readOpenApi();
const validate = bodyValidator(document);
/** The example path parameters, by the document's names. */
const PATH_PARAMETERS: Record<string, string> = Object.fromEntries(
  Object.entries(basicRequestExample.pathParams).map(([name, value]) => [name, String(value)]),
);

/** A document path with its parameters filled with the examples'. */
const filled = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => PATH_PARAMETERS[name] ?? name);

describe("orval's MSW mocks, served by msw 2", () => {
  const server = setupServer(...getGiosgWorkflowStepSourceDataAPIMock());
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  const jsonAnswers = declaredAnswers(document).filter(
    ({ status, mediaType }) => status === "200" && mediaType === "application/json",
  );

  it.each(jsonAnswers.map((answer) => [answer.operationId, answer]))(
    "%s answers bodies that validate against the document, seed after seed",
    async (_, answer) => {
      const failures: string[] = [];
      for (let seed = 1; seed <= SEEDS; seed += 1) {
        faker.seed(seed);
        const response = await fetch(`${MOCKED_ORIGIN}${filled(answer.path)}`, {
          method: answer.method.toUpperCase(),
          ...(answer.method !== "get" && {
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(basicRequestExample.body),
          }),
        });
        const text = await response.text();
        if (response.status !== 200) {
          failures.push(`seed ${seed}: ${response.status} ${text.slice(0, 200)}`);
          continue;
        }
        const errors = validate(answer, JSON.parse(text));
        if (errors.length > 0) failures.push(`seed ${seed}: ${errors.slice(0, 3).join("; ")}`);
      }
      console.log(
        `orval mocks: ${answer.operationId}: ${SEEDS - failures.length}/${SEEDS} seeds valid`,
      );
      expect(failures.slice(0, 3), `${failures.length} of ${SEEDS} seeds failed`).toEqual([]);
    },
  );

  it("mocks the download as JSON, not a file (why the README has partners mock it otherwise)", async () => {
    // orval 7.13 writes every answer that is not text/plain with JSON.stringify and Content-Type
    // application/json: neither of the download's media types. If this changes, update the README.
    const response = await fetch(
      `${MOCKED_ORIGIN}${getDownloadStepSourceDataUrl(EXAMPLE_ORGANIZATION_ID, basicRequestExample.pathParams.workflow_id, 1)}`,
      {
        method: "POST",
      },
    );
    expect(response.headers.get("content-type")).toBe("application/json");
  });
});

describe("orval's zod schemas and fetch client", () => {
  let stub: RunningStub | undefined;
  beforeAll(async () => {
    stub = await startStub();
  });
  afterAll(() => stub?.close());

  it("accept the documentation's +00:00 interval with the README's dateTimeOptions, not by default", () => {
    expect(getStepSourceDataBody.safeParse(basicRequestExample.body).success).toBe(true);
    const refused = defaultStepSourceDataBody.safeParse(basicRequestExample.body);
    expect(refused.error?.issues.map(({ path }) => path.join("."))).toEqual([
      "interval.start",
      "interval.end",
    ]);
  });

  it("downloads the CSV example as bytes the README's way: the generated URL and fetch", async () => {
    // orval 7.13's generated downloadStepSourceData runs JSON.parse on the file: call its URL instead.
    const { organization_id, workflow_id, step_index } = basicRequestExample.pathParams;
    const response = await fetch(
      `${stub?.url}${getDownloadStepSourceDataUrl(organization_id, workflow_id, Number(step_index))}`,
      {
        method: "POST",
        headers: { Authorization: "Token demo", "Content-Type": "application/json" },
        body: JSON.stringify({ ...basicRequestExample.body, format: "csv" }),
      },
    );
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes).startsWith(csvHeader(BASIC_FIELDS))).toBe(true);
  });
});

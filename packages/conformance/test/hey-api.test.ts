// hey-api's fetch client and SDK, validating with its zod plugin (the README's `dates: { offset: true }`),
// generated from openapi.json and calling the stub over a socket on its four routes: rows, downloads
// read as bytes the README's way (`parseAs: "arrayBuffer"`), and 401/403/404/406 read as typed errors.
import {
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  basicRequestExample,
  csvHeader,
  sourceDataRequestExample,
  workflowInfoExample,
} from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createClient, createConfig } from "../generated/hey-api/client";
import {
  downloadStepSourceData,
  getSourceData,
  getStepSourceData,
  getWorkflowInfo,
} from "../generated/hey-api/sdk.gen";
import type {
  GetSourceDataData,
  GetStepSourceDataData,
  GetStepSourceDataError,
} from "../generated/hey-api/types.gen";
import { zStepSourceDataRequest } from "../generated/hey-api/zod.gen";
import { zStepSourceDataRequest as zDefaultStepSourceDataRequest } from "../generated/hey-api-defaults/zod.gen";
import { readOpenApi } from "../src/document";
import { bodyValidator, declaredAnswers } from "../src/response-schemas";

/**
 * The documentation's basic example as hey-api's SDK takes it: the body exactly as documented (the
 * download example's is the same with `format`); the contract's lists are readonly, the generated ones not.
 */
const basicExample: GetStepSourceDataData = {
  url: "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}",
  path: {
    ...basicRequestExample.pathParams,
    step_index: Number(basicRequestExample.pathParams.step_index),
  },
  body: structuredClone(basicRequestExample.body) as GetStepSourceDataData["body"],
};
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const validate = bodyValidator(readOpenApi());

describe("hey-api's client, SDK and zod schemas, against the stub", () => {
  let stub: RunningStub | undefined;
  /** A client of the stub with a token (`Token demo` unless given). */
  const clientOf = (token = "demo"): Client =>
    createClient(
      createConfig({ baseUrl: stub?.url ?? "", headers: { Authorization: `Token ${token}` } }),
    );
  beforeAll(async () => {
    stub = await startStub();
  });
  afterAll(() => stub?.close());

  it("accepts the documentation's +00:00 interval with the README's dates setting, not by default", () => {
    expect(zStepSourceDataRequest.safeParse(basicRequestExample.body).success).toBe(true);
    // Why the README names the setting: hey-api's default `z.iso.datetime()` refuses any offset.
    const refused = zDefaultStepSourceDataRequest.safeParse(basicRequestExample.body);
    expect(refused.error?.issues.map(({ path }) => path.join("."))).toEqual([
      "interval.start",
      "interval.end",
    ]);
  });

  it("gets the documented basic rows, validated by the SDK's zod schemas", async () => {
    const { data, error, response } = await getStepSourceData({
      client: clientOf(),
      ...basicExample,
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.fields).toEqual(BASIC_FIELDS);
    expect(data?.data).toHaveLength(2);
  });

  it("gets info and the source_data example", async () => {
    const info = await getWorkflowInfo({
      client: clientOf(),
      path: { organization_id: workflowInfoExample.org_id, workflow_id: workflowInfoExample.id },
    });
    expect(info.error).toBeUndefined();
    expect(info.data).toMatchObject({ id: workflowInfoExample.id, type: workflowInfoExample.type });

    const sourceData = await getSourceData({
      client: clientOf(),
      path: sourceDataRequestExample.pathParams,
      body: structuredClone(sourceDataRequestExample.body) as GetSourceDataData["body"],
    });
    expect(sourceData.error).toBeUndefined();
    expect(sourceData.data?.fields).toEqual(ADVANCED_FIELDS);
    expect(sourceData.data?.data).toHaveLength(2);
  });

  it.each([
    [
      "csv",
      (bytes: Uint8Array) => new TextDecoder().decode(bytes).startsWith(csvHeader(BASIC_FIELDS)),
    ],
    ["xlsx", (bytes: Uint8Array) => ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte)],
  ] as const)(
    "downloads the example as %s, read as bytes with parseAs: arrayBuffer",
    async (format, isFile) => {
      const { data, error, response } = await downloadStepSourceData({
        client: clientOf(),
        path: basicExample.path,
        body: { ...basicExample.body, format },
        parseAs: "arrayBuffer",
      });
      expect(error).toBeUndefined();
      expect(response.headers.get("content-disposition")).toMatch(
        new RegExp(`^attachment; filename=".+\\.${format}"$`),
      );
      // hey-api types the download `string` (the document's two media types under one 200); with
      // `parseAs: "arrayBuffer"` the data is the file's bytes.
      expect(data).toBeInstanceOf(ArrayBuffer);
      expect(isFile(new Uint8Array(data as unknown as ArrayBuffer))).toBe(true);
    },
  );

  it("reads 401, 403, 404 and 406 as the document's typed errors", async () => {
    const cases = [
      {
        token: "wrong",
        body: basicExample.body,
        status: 401,
        code: "authentication_failed",
      },
      {
        token: "demo-no-access",
        body: basicExample.body,
        status: 403,
        code: "no_organization_access",
      },
      {
        token: "demo",
        body: basicExample.body,
        workflow_id: "00000000-0000-4000-8000-000000000000",
        status: 404,
        code: "workflow_not_found",
      },
      {
        token: "demo",
        body: { ...basicExample.body, filters: [{ property: "country", values: ["Finland"] }] },
        status: 406,
        code: "filter_not_implemented",
      },
    ];
    const errorAnswers = declaredAnswers(readOpenApi()).filter(
      ({ operationId, mediaType }) =>
        operationId === "getStepSourceData" && mediaType === "application/json",
    );
    for (const { token, body, workflow_id, status, code } of cases) {
      const { data, error, response } = await getStepSourceData({
        client: clientOf(token),
        ...basicExample,
        path: { ...basicExample.path, ...(workflow_id && { workflow_id }) },
        body,
      });
      expect(data).toBeUndefined();
      expect(response.status).toBe(status);
      // The SDK's error is typed by the document's error union (its `code` a union of literals), and
      // the body is what the document declares for the status.
      const typedCode: GetStepSourceDataError["code"] | undefined = error?.code;
      expect(typedCode).toBe(code);
      const declared = errorAnswers.find((answer) => answer.status === String(status));
      expect(declared && validate(declared, error)).toEqual([]);
    }
  });
});

// Prism as a validating proxy (`prism proxy --errors`) in front of the stub, for the step endpoint's
// siblings: info of every workflow, the contract's source_data and download examples (CSV and XLSX) and
// requests generated from the step endpoint's pass with no request and no response violation; the
// stub's own errors on these routes match the document too.
// CONFORMANCE_RUNS sets the number of generated requests (a tenth of it per route), CONFORMANCE_SEED replays a run.
import {
  BASIC_FIELDS,
  csvHeader,
  DOWNLOAD_CONTENT_TYPES,
  downloadFileName,
  downloadRequestExample,
  SOURCE_DATA_PATH,
  STEP_DOWNLOAD_PATH,
  stepDownloadRequestSchema,
  WORKFLOW_INFO_PATH,
  workflowInfoExample,
  workflowInfoSchema,
} from "@giosg-reporting/contract";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../src/document";
import { type RunningPrism, startPrism } from "../src/prism";
import { apiHeaders, DATASET_RANGE, dataset, STUB_MAX_BODY_BYTES } from "../src/requests";
import {
  downloadRequest,
  fillPath,
  generatedSiblingRequests,
  infoRequest,
  type RouteRequest,
  sendRoute,
  sourceDataRequest,
  wholeRangeSourceDataRequests,
} from "../src/sibling-requests";
import { describeViolations, type Verdict, verdictOf } from "../src/verdict";

const RUNS = Math.max(10, Math.round(Number(process.env.CONFORMANCE_RUNS ?? 500) / 10));
const SEED = Number(process.env.CONFORMANCE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`prism proxy (siblings) seed: ${SEED} (replay with CONFORMANCE_SEED=${SEED})`);

/** The first few failures in full, for the assertion messages. */
function report(failures: readonly { request: RouteRequest; verdict: Verdict }[]): string {
  return failures
    .slice(0, 5)
    .map(
      ({ request, verdict }) =>
        `${request.method} ${request.path} ${request.name.slice(0, 300)} → ${verdict.status} ${verdict.text.slice(0, 300)}\n${describeViolations(
          [...verdict.requestViolations, ...verdict.responseViolations],
        )}`,
    )
    .join("\n\n");
}

/** What the generated requests carried, printed in one line at the end. */
const figures = { downloads: 0, downloadBytes: 0, sourceData: 0, sourceDataRows: 0 };

const clean = (verdict: Verdict) =>
  verdict.requestViolations.length === 0 && verdict.responseViolations.length === 0;

describe("prism proxy --errors in front of the stub: download/, info/, source_data", () => {
  let stub: RunningStub | undefined;
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    stub = await startStub({ dataset: DATASET_RANGE, maxBodyBytes: STUB_MAX_BODY_BYTES });
    prism = await startPrism(["proxy", "--errors", openApiPath(), stub.url]);
  });
  afterAll(async () => {
    const f = figures;
    console.log(
      `prism proxy (siblings): ${f.downloads} downloads (${f.downloadBytes} bytes), ${f.sourceData} source_data queries (${f.sourceDataRows} rows)`,
    );
    await prism?.stop();
    await stub?.close();
  });
  const through = (request: RouteRequest) => sendRoute(prism?.url ?? "", request);

  /** Sends requests one after another; the ones not answered 200 without a violation are failures. */
  async function failuresOf(requests: readonly RouteRequest[]) {
    const failures: { request: RouteRequest; verdict: Verdict }[] = [];
    for (const request of requests) {
      const verdict = await verdictOf(await through(request));
      if (!clean(verdict) || verdict.status !== 200) failures.push({ request, verdict });
      const rows = (verdict.body as { data?: unknown[] } | undefined)?.data;
      if (request.path.endsWith("/download/")) {
        figures.downloads += 1;
        figures.downloadBytes += verdict.text.length;
      } else if (request.path.endsWith("/source_data")) {
        figures.sourceData += 1;
        figures.sourceDataRows += rows?.length ?? 0;
      }
    }
    return failures;
  }

  it("passes info of every workflow of the dataset", async () => {
    const requests = dataset.workflows.map((workflow) => ({
      ...infoRequest(),
      name: `info of ${workflow.name}`,
      path: fillPath(WORKFLOW_INFO_PATH, {
        organization_id: workflow.organizationId,
        workflow_id: workflow.id,
      }),
    }));
    const failures = await failuresOf(requests);
    expect(failures, report(failures)).toEqual([]);
    const verdict = await verdictOf(await through(infoRequest()));
    // The contract's example names the documented workflow as the fixtures do (its dates follow the dataset's range).
    expect(workflowInfoSchema.strict().parse(verdict.body)).toMatchObject({
      type: workflowInfoExample.type,
      name: workflowInfoExample.name,
      description: workflowInfoExample.description,
    });
  });

  it("passes the source_data example", async () => {
    const failures = await failuresOf([sourceDataRequest()]);
    expect(failures, report(failures)).toEqual([]);
  });

  it("passes source_data over the whole dataset: each interaction workflow, both targets, basic and advanced", async () => {
    const rowsBefore = figures.sourceDataRows;
    const failures = await failuresOf(wholeRangeSourceDataRequests(DATASET_RANGE));
    expect(failures, report(failures)).toEqual([]);
    expect(figures.sourceDataRows - rowsBefore).toBeGreaterThan(0);
  });

  it("passes the download example as CSV: its file, type and name", async () => {
    const request = downloadRequest("csv");
    const response = await through(request);
    const verdict = await verdictOf(response);
    expect(clean(verdict) && verdict.status, report([{ request, verdict }])).toBe(200);
    expect(response.headers.get("content-type")).toBe(DOWNLOAD_CONTENT_TYPES.csv);
    const name = downloadFileName(
      downloadRequestExample.pathParams.workflow_id,
      Number(downloadRequestExample.pathParams.step_index),
      stepDownloadRequestSchema.parse(request.body),
    );
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
    expect(verdict.text.startsWith(csvHeader(BASIC_FIELDS))).toBe(true);
  });

  it("passes the download example as XLSX, its bytes a zip archive", async () => {
    const request = downloadRequest("xlsx");
    const response = await through(request);
    const verdict = await verdictOf(response.clone());
    expect(clean(verdict) && verdict.status, report([{ request, verdict }])).toBe(200);
    expect(response.headers.get("content-type")).toBe(DOWNLOAD_CONTENT_TYPES.xlsx);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it(`passes ${RUNS} generated downloads and ${RUNS} generated source_data queries (seed ${SEED})`, async () => {
    const failures = await failuresOf(generatedSiblingRequests(RUNS, SEED));
    expect(failures.length, report(failures)).toBe(0);
  });

  it("lets the stub's errors on these routes through, matching the document", async () => {
    const voiceAndVideo = dataset.workflows.find(({ type }) => type === "voice-video");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const info = infoRequest();
    const cases: [RouteRequest, number, string][] = [
      [
        { ...info, path: info.path.replace(/[^/]+\/info\/$/, `${unknown}/info/`) },
        404,
        "workflow_not_found",
      ],
      [{ ...info, headers: apiHeaders("demo-no-access") }, 403, "no_organization_access"],
      [
        {
          ...sourceDataRequest(),
          path: fillPath(SOURCE_DATA_PATH, {
            organization_id: voiceAndVideo?.organizationId,
            workflow_id: voiceAndVideo?.id,
          }),
        },
        404,
        "no_source_data",
      ],
      [
        {
          ...downloadRequest("csv"),
          path: fillPath(STEP_DOWNLOAD_PATH, {
            ...downloadRequestExample.pathParams,
            step_index: 99,
          }),
        },
        404,
        "step_not_found",
      ],
    ];
    for (const [request, status, code] of cases) {
      const verdict = await verdictOf(await through(request));
      expect(verdict.origin, report([{ request, verdict }])).toBe("upstream");
      expect(clean(verdict), report([{ request, verdict }])).toBe(true);
      expect([verdict.status, (verdict.body as { code?: string }).code]).toEqual([status, code]);
    }
  });

  it("answers Prism's own 422 for a download without its format", async () => {
    const { format: _, ...withoutFormat } = downloadRequest("csv").body as Record<string, unknown>;
    const verdict = await verdictOf(
      await through({ ...downloadRequest("csv"), body: withoutFormat }),
    );
    expect(verdict).toMatchObject({ status: 422, origin: "prism" });
  });
});

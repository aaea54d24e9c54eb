// Prism as a validating proxy (`prism proxy --errors`) in front of the stub: valid requests generated
// from the contract, the documentation's examples and a streamed unlimited answer pass with no request
// and no response violation; invalid requests get the stub's own 4xx through the proxy, or Prism's.
// CONFORMANCE_RUNS sets the number of generated requests (default 500), CONFORMANCE_SEED replays a run.
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../src/document";
import { type RunningPrism, startPrism } from "../src/prism";
import {
  type ApiRequest,
  DATASET_RANGE,
  documentedRequests,
  invalidRequests,
  STUB_MAX_BODY_BYTES,
  send,
  unlimitedRequest,
} from "../src/requests";
import { sampleValidRequests } from "../src/valid-requests";
import { describeViolations, type Verdict, verdictOf } from "../src/verdict";

const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 500);
const SEED = Number(process.env.CONFORMANCE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`prism proxy seed: ${SEED} (replay with CONFORMANCE_SEED=${SEED}), ${RUNS} requests`);

/** What the gate counts, printed in one line at the end whatever the outcome. */
const figures = {
  valid: 0,
  rows: 0,
  requestViolations: 0,
  responseViolations: 0,
  invalid: 0,
  stub4xx: 0,
  /** Invalid requests Prism answered itself, by status (422 for the document's rules, 401 for security). */
  prism: {} as Record<number, number>,
  invalidResponseViolations: 0,
};

function rowsOf(verdict: Verdict): number {
  const data = (verdict.body as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? data.length : 0;
}

/** The first few failures in full, for the assertion messages. */
function report(failures: readonly { request: ApiRequest; verdict: Verdict }[]): string {
  return failures
    .slice(0, 5)
    .map(
      ({ request, verdict }) =>
        `${request.name.slice(0, 300)} → ${verdict.status}\n${describeViolations([
          ...verdict.requestViolations,
          ...verdict.responseViolations,
        ])}`,
    )
    .join("\n\n");
}

describe("prism proxy --errors in front of the stub", () => {
  let stub: RunningStub | undefined;
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    stub = await startStub({ dataset: DATASET_RANGE, maxBodyBytes: STUB_MAX_BODY_BYTES });
    prism = await startPrism(["proxy", "--errors", openApiPath(), stub.url]);
  });
  afterAll(async () => {
    const f = figures;
    console.log(
      `prism proxy: ${f.valid} valid requests (${f.rows} rows), ${f.requestViolations} request violations, ` +
        `${f.responseViolations} response violations; ${f.invalid} invalid: ${f.stub4xx} stub 4xx, ` +
        Object.entries(f.prism)
          .map(([status, count]) => `${count} prism ${status}, `)
          .join("") +
        `${f.invalidResponseViolations} response violations`,
    );
    await prism?.stop();
    await stub?.close();
  });

  /** Sends valid requests one after another and counts what Prism says. */
  async function sendValid(requests: readonly ApiRequest[]) {
    const failures: { request: ApiRequest; verdict: Verdict }[] = [];
    for (const request of requests) {
      const verdict = await verdictOf(await send(prism?.url ?? "", request));
      figures.valid += 1;
      figures.rows += rowsOf(verdict);
      figures.requestViolations += verdict.requestViolations.length;
      figures.responseViolations += verdict.responseViolations.length;
      const clean =
        verdict.requestViolations.length === 0 && verdict.responseViolations.length === 0;
      if (!clean || verdict.status !== 200) failures.push({ request, verdict });
    }
    return failures;
  }

  it("passes the documentation's examples, basic and advanced", async () => {
    const failures = await sendValid(documentedRequests());
    expect(failures, report(failures)).toEqual([]);
  });

  it("passes a streamed unlimited answer", async () => {
    const rowsBefore = figures.rows;
    const failures = await sendValid([unlimitedRequest()]);
    expect(failures, report(failures)).toEqual([]);
    // The dataset is seeded: 146 advanced rows (about 117 kB), which the stub sends chunked.
    expect(figures.rows - rowsBefore).toBeGreaterThan(100);
  });

  it(`passes ${RUNS} valid requests generated from the contract (seed ${SEED})`, async () => {
    const failures = await sendValid(sampleValidRequests(RUNS, SEED));
    expect(failures.length, report(failures)).toBe(0);
  });

  it("lets the stub answer invalid requests with its own 4xx, or answers Prism's 422", async () => {
    const unexpected: { request: ApiRequest; verdict: Verdict }[] = [];
    for (const request of invalidRequests()) {
      const verdict = await verdictOf(await send(prism?.url ?? "", request));
      figures.invalid += 1;
      figures.invalidResponseViolations += verdict.responseViolations.length;
      const isError = verdict.status >= 400 && verdict.status < 500;
      if (verdict.origin === "upstream") figures.stub4xx += isError ? 1 : 0;
      else figures.prism[verdict.status] = (figures.prism[verdict.status] ?? 0) + 1;
      // The stub's error bodies are in the API's shape, and they too must match the document.
      const stubError =
        verdict.origin === "upstream" &&
        isError &&
        typeof (verdict.body as { code?: unknown } | undefined)?.code === "string";
      const prismRejection = verdict.origin === "prism" && isError;
      if (!(stubError || prismRejection) || verdict.responseViolations.length > 0)
        unexpected.push({ request, verdict });
    }
    expect(unexpected, report(unexpected)).toEqual([]);
  });
});

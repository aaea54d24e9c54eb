// The client-browser pages' calls, shared with Node (which runs them against the stub in process for the expected results): the documented queries, each call's result or error made plain.
import { isReportingApiError } from "@giosg-reporting/client";
import {
  basicRequestExample,
  downloadRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  sourceDataRequestExample,
} from "@giosg-reporting/contract";

const ids = { organizationId: EXAMPLE_ORGANIZATION_ID, workflowId: EXAMPLE_WORKFLOW_ID };

/** The documentation's basic example: two rows. */
export const basicQuery = { ...ids, stepIndex: 1, ...basicRequestExample.body };
/** Every advanced row of the example's step over the dataset's range: an answer of about 1.4 MB, streamed. */
export const everyRowQuery = {
  ...ids,
  stepIndex: 1,
  filters: [],
  interval: { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" },
};
/** The documented `source_data` example (an interaction workflow's outer goal events). */
export const sourceDataQuery = {
  organizationId: sourceDataRequestExample.pathParams.organization_id,
  workflowId: sourceDataRequestExample.pathParams.workflow_id,
  ...sourceDataRequestExample.body,
};
/** The documented download: the basic example's rows as CSV. */
export const csvQuery = { ...ids, stepIndex: 1, ...downloadRequestExample.body };
/** Where the documented step and its download are, under a base URL. */
export const examplePath = `/api/reporting/workflow/v1/orgs/${EXAMPLE_ORGANIZATION_ID}/workflows/${EXAMPLE_WORKFLOW_ID}/step/1`;

/** An error as plain data: a `ReportingApiError`'s kind, status, code, attempts and message, or any other's name and message. */
export function plainError(error) {
  if (isReportingApiError(error)) {
    const { kind, status, code, attempts, message } = error;
    return { kind, status: status ?? null, code: code ?? null, attempts, message };
  }
  return { name: error?.name ?? typeof error, message: String(error?.message ?? error) };
}

/** `{ value }` of what `run` resolves, or `{ error }` made plain. */
export async function outcome(run) {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: plainError(error) };
  }
}

/** SHA-256 of a text, in hex (Web Crypto: in a page and in Node alike). */
export async function digest(text) {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(hash)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The calls each mode makes with `client`, each resolving plain data to compare with Node's. */
export function calls(client) {
  return {
    rows: () => client.getStepSourceData(basicQuery),
    async stream() {
      const rows = [];
      for await (const row of client.iterateStepSourceData(everyRowQuery)) rows.push(row);
      return { rows: rows.length, sha256: await digest(JSON.stringify(rows)) };
    },
    /** The same rows a batch at a time with their NDJSON: counted, hashed, and the lines read back as rows. */
    async batches() {
      const answer = await client.streamStepSourceDataBatches(everyRowQuery);
      const rows = [];
      const decoder = new TextDecoder();
      let ndjson = "";
      for await (const batch of answer.batches) {
        rows.push(...batch.rows);
        ndjson += decoder.decode(batch.ndjson, { stream: true });
      }
      ndjson += decoder.decode();
      const lines = ndjson === "" ? [] : ndjson.slice(0, -1).split("\n");
      return {
        rows: rows.length,
        sha256: await digest(JSON.stringify(rows)),
        ndjsonSha256: await digest(ndjson),
        linesAreRows:
          ndjson.endsWith("\n") &&
          JSON.stringify(lines.map((line) => JSON.parse(line))) === JSON.stringify(rows),
      };
    },
    info: () => client.getWorkflowInfo(ids),
    sourceData: () => client.getSourceData(sourceDataQuery),
    async csv() {
      const download = await client.downloadStepSourceData(csvQuery);
      const text = await new Response(download.body).text();
      return { fileName: download.fileName, contentType: download.contentType, text };
    },
  };
}

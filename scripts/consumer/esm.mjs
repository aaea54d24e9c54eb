// The ESM consumer: the packages as installed from their tarballs, used as the READMEs show.
import assert from "node:assert/strict";
import { createClient, isReportingApiError, toCsv } from "@giosg-reporting/client";
import {
  advancedRowSchema,
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { startStub } from "@giosg-reporting/stub";

const stub = await startStub();
try {
  const client = createClient({ token: "demo", baseUrl: stub.url });
  const query = {
    organizationId: EXAMPLE_ORGANIZATION_ID,
    workflowId: EXAMPLE_WORKFLOW_ID,
    stepIndex: 1,
    filters: basicRequestExample.body.filters,
    interval: basicRequestExample.body.interval,
    limit: 2,
  };
  const basic = await client.getStepSourceData({ ...query, basic: true });
  assert.equal(basic.data.length, 2);
  assert.equal(basic.data[0]["View title"], "Call start");
  assert.match(toCsv(basic.fields, basic.data), /^Date & Time,View title,/);
  let streamed = 0;
  for await (const row of client.iterateStepSourceData({
    ...query,
    limit: undefined,
    filters: [],
  })) {
    assert.equal(row.label, EXAMPLE_WORKFLOW_ID);
    streamed += 1;
  }
  assert.ok(streamed > 2);
  await assert.rejects(
    client.getStepSourceData({ ...query, stepIndex: 9 }),
    (error) => isReportingApiError(error, "api") && error.status === 404,
  );
  const rows = generateEvents(
    createDataset({ start: "2023-04-13T00:00:00Z", end: "2023-04-14T00:00:00Z" }),
  );
  for (const row of rows) advancedRowSchema.strict().parse(row);
  console.log(`esm: ok (${streamed} streamed rows, ${rows.length} fixture rows)`);
} finally {
  await stub.close();
}

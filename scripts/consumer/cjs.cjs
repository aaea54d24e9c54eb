// The CommonJS consumer: the same packages through require().
const assert = require("node:assert/strict");
const { createClient } = require("@giosg-reporting/client");
const {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} = require("@giosg-reporting/contract");
const { createDataset, generateBasicEvents } = require("@giosg-reporting/fixtures");
const { createStub } = require("@giosg-reporting/stub");

(async () => {
  const stub = createStub({
    dataset: { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" },
  });
  const client = createClient({ token: "demo", baseUrl: "http://stub.local", fetch: stub.fetch });
  const answer = await client.getStepSourceData({
    organizationId: EXAMPLE_ORGANIZATION_ID,
    workflowId: EXAMPLE_WORKFLOW_ID,
    stepIndex: 1,
    filters: basicRequestExample.body.filters,
    interval: basicRequestExample.body.interval,
    limit: 2,
  });
  assert.equal(answer.data.length, 2);
  assert.equal(answer.data[0].action, "User dialed");
  const basic = generateBasicEvents(
    createDataset({ start: "2023-04-13T00:00:00Z", end: "2023-04-14T00:00:00Z" }),
  );
  assert.ok(basic.length > 100);
  const docs = await stub.fetch("http://stub.local/docs");
  assert.equal(docs.status, 200);
  console.log("cjs: ok");
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

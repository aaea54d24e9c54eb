// The MSW consumer: the stub's handlers from the installed tarball answer plain fetch to the API's URL, with no socket.
import assert from "node:assert/strict";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createStubHandlers } from "@giosg-reporting/stub/msw";
import { setupServer } from "msw/node";

const { handlers } = createStubHandlers();
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: "error" });
try {
  const answer = await fetch(
    `https://api.giosg.com/api/reporting/workflow/v1/orgs/${EXAMPLE_ORGANIZATION_ID}/workflows/${EXAMPLE_WORKFLOW_ID}/step/1`,
    {
      method: "POST",
      headers: { Authorization: "Token demo", "Content-Type": "application/json" },
      body: JSON.stringify(basicRequestExample.body),
    },
  );
  assert.equal(answer.status, 200);
  const body = await answer.json();
  assert.equal(body.data.length, 2);
  console.log(`msw: ok (${body.data.length} rows from https://api.giosg.com, no socket)`);
} finally {
  server.close();
}

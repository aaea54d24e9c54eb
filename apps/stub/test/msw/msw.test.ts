// MSW handlers in Node (msw/node): code that calls the API with plain fetch or node:http gets the stub's answers, with no socket.
import https from "node:https";
import {
  basicRequestExample,
  basicResponseExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStubHandlers } from "../../src/msw";
import { stepPath } from "../helpers/harness";

const { handlers, stub } = createStubHandlers();
const server = setupServer(...handlers);
const example = `https://api.giosg.com${stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1)}`;
const post = (token: string, body: unknown) =>
  fetch(example, {
    method: "POST",
    headers: { authorization: `Token ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** The example's answer from the same stub called in process (`stub.fetch`), as text. */
async function documented(): Promise<string> {
  const answer = await stub.fetch(`http://stub.test${new URL(example).pathname}`, {
    method: "POST",
    headers: { authorization: "Token demo", "content-type": "application/json" },
    body: JSON.stringify(basicRequestExample.body),
  });
  return JSON.stringify(await answer.json());
}

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => stub.scenario.reset());
afterAll(() => server.close());

describe("the stub's MSW handlers in Node", () => {
  it("answer the documentation's example with its two basic rows (plain fetch)", async () => {
    const answer = await post("demo", basicRequestExample.body);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { fields: unknown; data: unknown[] };
    expect(body.fields).toEqual(basicResponseExample.fields);
    expect(body.data).toHaveLength(basicResponseExample.data.length);
    expect(JSON.stringify(body)).toBe(await documented());
  });

  it("answer node:http's https.request too", async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const request = https.request(
        example,
        {
          method: "POST",
          headers: { authorization: "Token demo", "content-type": "application/json" },
        },
        (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            body += chunk;
          });
          response.on("end", () => resolve(`${response.statusCode} ${body}`));
        },
      );
      request.on("error", reject);
      request.end(JSON.stringify(basicRequestExample.body));
    });
    expect(text).toBe(`200 ${await documented()}`);
  });

  it("answer 401 to a wrong token and 406 to an unsupported filter, in the API's shape", async () => {
    const unauthorized = await post("nope", basicRequestExample.body);
    expect(unauthorized.status).toBe(401);
    expect(((await unauthorized.json()) as { code: string }).code).toBe("authentication_failed");
    const unsupported = await post("demo", {
      ...basicRequestExample.body,
      filters: [{ property: "colour", values: ["red"] }],
    });
    expect(unsupported.status).toBe(406);
  });

  it("take the stub's scenario control in process, and journal each request", async () => {
    stub.clearRequests();
    stub.scenario.fail(503, 1);
    expect((await post("demo", basicRequestExample.body)).status).toBe(503);
    expect((await post("demo", basicRequestExample.body)).status).toBe(200);
    // The journal sees what came through the handlers, as over a socket.
    expect(stub.requests.map(({ status, token }) => [status, token])).toEqual([
      [503, "demo"],
      [200, "demo"],
    ]);
  });

  it("answer on another base URL, with a path of its own", async () => {
    const { handlers: elsewhere } = createStubHandlers({ baseUrl: "http://gateway.test/giosg/" });
    server.use(...elsewhere);
    const answer = await fetch(
      `http://gateway.test/giosg${stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1)}`,
      {
        method: "POST",
        headers: { authorization: "Token demo", "content-type": "application/json" },
        body: JSON.stringify(basicRequestExample.body),
      },
    );
    expect(JSON.stringify(await answer.json())).toBe(await documented());
    server.resetHandlers();
  });
});

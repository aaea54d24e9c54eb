// MSW handlers facing what a hostile or careless caller sends: answered as over HTTP, never left pending, never with a stack trace.
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
} from "@giosg-reporting/contract";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStubHandlers } from "../../src/msw";
import { checkAnswer, stepPath } from "../helpers/harness";

const MAX_BODY_BYTES = 1024;
const { handlers, stub } = createStubHandlers({ maxBodyBytes: MAX_BODY_BYTES });
const server = setupServer(...handlers);
const API = "https://api.giosg.com";
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const headers = { authorization: "Token demo", "content-type": "application/json" };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

/** `answer`, or a failure naming `what` if none comes in a generous while (a hang guard, not a timing). */
function orHang<T>(answer: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer`)), 10_000);
  });
  return Promise.race([answer, hang]).finally(() => clearTimeout(timer));
}

describe("the stub's MSW handlers facing hostile requests", () => {
  it("answer a body over maxBodyBytes 413 payload_too_large instead of leaving it pending", async () => {
    const body = JSON.stringify({
      ...basicRequestExample.body,
      pad: "x".repeat(4 * MAX_BODY_BYTES),
    });
    const response = await orHang(
      fetch(`${API}${example}`, { method: "POST", headers, body }),
      "a body over the limit",
    );
    const answer = await checkAnswer(response);
    expect([answer.status, answer.body]).toEqual([
      413,
      errorBody("payload_too_large", MAX_BODY_BYTES),
    ]);
  });

  it("answer a streamed body over maxBodyBytes 413 too", async () => {
    const chunk = new TextEncoder().encode(`{"pad":"${"x".repeat(MAX_BODY_BYTES)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless: only stopping at the limit answers it.
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await orHang(
      fetch(`${API}${example}`, {
        method: "POST",
        headers,
        body: stream,
        duplex: "half",
      } as RequestInit),
      "an endless body",
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe("payload_too_large");
    expect(sent).toBeGreaterThan(0);
  });

  it("still answer a body within maxBodyBytes as the stub does", async () => {
    const body = JSON.stringify(basicRequestExample.body);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const response = await orHang(
      fetch(`${API}${example}`, { method: "POST", headers, body }),
      "a body within the limit",
    );
    expect(response.status).toBe(200);
  });

  it("answer a malformed percent escape in the path 400 naming the parameter, as over HTTP, with no stack", async () => {
    const path = stepPath("%E0%A4%A", EXAMPLE_WORKFLOW_ID, 1);
    const body = JSON.stringify(basicRequestExample.body);
    const response = await fetch(`${API}${path}`, { method: "POST", headers, body });
    const answer = await checkAnswer(response);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("invalid_request");
    expect(answer.body.errors.map(({ path }: { path: string }) => path)).toEqual([
      "organization_id",
    ]);
    const direct = await stub.fetch(`http://stub.test${path}`, { method: "POST", headers, body });
    expect(answer.text).toBe(await direct.text());
    expect(answer.text).not.toMatch(/stack|URIError|node_modules|file:|"\/\w+\/|\s\/\w+\//);
  });
});

// The answer audit's view of an answer as a whole: its status, content type, error body and shape.
import { describe, expect, it } from "vitest";
import { ADVANCED_FIELDS, AnswerAudit, auditAnswer, ERROR_STATUSES, errorBody } from "../src/index";
import { json, query, row } from "./helpers/audit-answers";

/** What `head` finds in a status and content type. */
function head(status: number, contentType: string | null) {
  const audit = new AnswerAudit(query);
  audit.head(status, contentType);
  return audit.finish();
}

/** What `errorBody` finds in an error's body. */
function error(status: number, body: unknown) {
  const audit = new AnswerAudit(query);
  audit.errorBody(status, body);
  return audit.finish();
}

describe("the status and content type", () => {
  it.each([
    ["200, JSON", 200, json],
    ["a charset", 200, "application/json; charset=utf-8"],
    ["another case, spaces around", 200, " Application/JSON ; charset=UTF-8"],
    ["each declared error status", 404, json],
    ["a 400", 400, json],
    ["a 504", 504, json],
  ])("finds nothing in %s", (_, status, contentType) => {
    expect(head(status, contentType)).toEqual([]);
  });

  it("names a status the contract does not declare, with those it does", () => {
    expect(head(418, json)).toEqual([
      {
        check: "status",
        reading: "errors",
        message: "status 418 is none the contract declares",
        expected: [200, ...Object.keys(ERROR_STATUSES).map(Number)],
        actual: 418,
      },
    ]);
    expect(head(201, json).map(({ check }) => check)).toEqual(["status"]);
  });

  it("names a 200 without a content type against the documentation, and an error's against Errors", () => {
    expect(head(200, null)).toEqual([
      {
        check: "headers.content-type",
        message: "content-type is missing, not application/json",
        expected: "application/json",
        actual: null,
      },
    ]);
    expect(head(404, "text/html; charset=utf-8")).toEqual([
      {
        check: "headers.content-type",
        reading: "errors",
        message: 'content-type is "text/html; charset=utf-8", not application/json',
        expected: "application/json",
        actual: "text/html; charset=utf-8",
      },
    ]);
    expect(head(200, "").map(({ message }) => message)).toEqual([
      'content-type is "", not application/json',
    ]);
    expect(head(200, "application/jsonp").map(({ check }) => check)).toEqual([
      "headers.content-type",
    ]);
  });
});

describe("an error's body", () => {
  it("finds nothing in the catalogue's body, nor in the body of a status without one", () => {
    expect(error(404, errorBody("workflow_not_found"))).toEqual([]);
    expect(error(418, "<html>")).toEqual([]);
    expect(error(200, "<html>")).toEqual([]);
  });

  it("names a body that is not JSON as a whole, with its text", () => {
    expect(error(404, "<html>")).toEqual([
      {
        check: "error.body",
        reading: "errors",
        message: "error body: body: Expected object, received string",
        at: "body",
        actual: "<html>",
      },
    ]);
  });

  it("names a missing code where it is, with the body as JSON text, a long one cut", () => {
    expect(error(404, { detail: "Not found." })).toEqual([
      {
        check: "error.body",
        reading: "errors",
        message: "error body: code: Required",
        at: "code",
        actual: '{"detail":"Not found."}',
      },
    ]);
    const long = "x".repeat(200);
    expect(error(503, long)[0]?.actual).toBe(`${"x".repeat(117)}…`);
  });

  it("names another status's code", () => {
    expect(error(404, errorBody("throttled"))).toEqual([
      expect.objectContaining({ check: "error.body", at: "code" }),
    ]);
  });
});

describe("auditAnswer's shape of an answer", () => {
  const answer = (body: unknown, status = 200) =>
    auditAnswer(query, { status, contentType: json, body });

  it.each([
    ["a string (not JSON)", "<html>", "string"],
    ["null", null, "null"],
    ["an array", [row], "array"],
    ["a number", 1, "number"],
  ])("names a 200 that is %s", (_, body, kind) => {
    expect(answer(body)).toEqual([
      { check: "answer.shape", message: `the answer is ${kind}, not { fields, data }` },
    ]);
  });

  it("keeps what head found before the shape", () => {
    const found = auditAnswer(query, { status: 200, contentType: "text/html", body: "<html>" });
    expect(found.map(({ check }) => check)).toEqual(["headers.content-type", "answer.shape"]);
  });

  it("names data that is missing or not an array, and top-level keys beyond fields and data", () => {
    expect(answer({ fields: ADVANCED_FIELDS })).toEqual([
      { check: "answer.shape", message: "data is undefined, not an array", at: "data" },
    ]);
    expect(answer({ fields: ADVANCED_FIELDS, data: null })).toEqual([
      { check: "answer.shape", message: "data is null, not an array", at: "data" },
    ]);
    expect(answer({ fields: ADVANCED_FIELDS, data: [], more: 1, next: null })).toEqual([
      {
        check: "answer.shape",
        message: "unexpected top-level keys more, next",
        actual: ["more", "next"],
      },
    ]);
  });

  it("reads an error's body as an error, never as rows", () => {
    expect(answer({ fields: "x", data: [null] }, 404).map(({ at }) => at)).toEqual([
      "detail",
      "code",
    ]);
  });
});

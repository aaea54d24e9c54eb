// The stub's answers to bad input, and answers without a limit, in-process and over a socket.
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID as ORG,
  EXAMPLE_WORKFLOW_ID as WORKFLOW,
} from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WHOLE_BODY_BYTES } from "../../src/http/bodies/rows-body";
import {
  apiHeaders,
  checkAnswer,
  type Harness,
  type Mode,
  post,
  startHarness,
  stepPath,
} from "../helpers/harness";

const example = stepPath(ORG, WORKFLOW, 1);
const payload = { filters: [], interval: basicRequestExample.body.interval };

describe.each<Mode>(["in-process", "socket"])("the stub (%s)", (mode) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(mode, { admin: true, maxBodyBytes: 64 * 1024 });
  });
  afterEach(() => harness.stub.scenario.reset());
  afterAll(() => harness.close());

  describe("bad input", () => {
    it.each<[string, string, unknown, string[]]>([
      ["step_index abc", stepPath(ORG, WORKFLOW, "abc"), payload, ["step_index"]],
      ["step_index 0", stepPath(ORG, WORKFLOW, 0), payload, ["step_index"]],
      ["step_index 1.5", stepPath(ORG, WORKFLOW, "1.5"), payload, ["step_index"]],
      [
        "a malformed organization id",
        stepPath("e40bcb66", WORKFLOW, 1),
        payload,
        ["organization_id"],
      ],
      [
        "a typo: filter",
        example,
        { filter: [], interval: payload.interval },
        ["filters", "filter"],
      ],
      ["missing interval", example, { filters: [] }, ["interval"]],
      [
        "start after end",
        example,
        { filters: [], interval: { start: "2022-11-04T00:00:00Z", end: "2022-11-03T00:00:00Z" } },
        ["interval.end"],
      ],
      [
        "no offset",
        example,
        { filters: [], interval: { start: "2022-11-03T00:00:00", end: "2022-11-04T00:00:00Z" } },
        ["interval.start"],
      ],
      ["limit -3", example, { ...payload, limit: -3 }, ["limit"]],
      ['limit "x"', example, { ...payload, limit: "x" }, ["limit"]],
      [
        "empty values",
        example,
        { ...payload, filters: [{ property: "action", values: [] }] },
        ["filters[0].values"],
      ],
      ['target "other"', example, { ...payload, target: "other" }, ["target"]],
      ["a JSON array", example, [payload], ["body"]],
      [
        "everything at once",
        stepPath(ORG, WORKFLOW, -1),
        { filter: 1, limit: 0 },
        ["step_index", "filters", "interval", "limit", "filter"],
      ],
    ])("%s → 400 naming %j", async (_, path, body, paths) => {
      const answer = await post(harness, path, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("invalid_request");
      expect(answer.body.errors.map(({ path }: { path: string }) => path)).toEqual(paths);
    });
  });

  describe("answers without limit", () => {
    it("stream the same rows a large limit returns", async () => {
      const interval = { start: "2022-11-01T00:00:00Z", end: "2022-12-01T00:00:00Z" };
      const path = stepPath(ORG, WORKFLOW, 1);
      const response = await harness.fetch(path, {
        method: "POST",
        headers: apiHeaders(),
        body: JSON.stringify({ filters: [], interval }),
      });
      const streamed = await checkAnswer(response);
      const limited = await post(harness, path, { filters: [], interval, limit: 1_000_000 });
      expect(streamed.body.data.length).toBeGreaterThan(100);
      expect(streamed.text).toBe(limited.text);
    });

    it.each([
      ["without limit", {}],
      ["with a limit larger than the answer", { limit: "9007199254740991" }],
    ])("stream by the answer's size, not by limit: %s", async (_, limit) => {
      const path = stepPath(ORG, WORKFLOW, 1);
      const send = (interval: object) =>
        harness.fetch(path, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({ filters: [], interval, ...limit }),
        });
      const large = await send({ start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" });
      const small = await send({ start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" });
      const [largeText, smallText] = [await large.text(), await small.text()];
      expect(Buffer.byteLength(largeText)).toBeGreaterThan(WHOLE_BODY_BYTES);
      expect(Buffer.byteLength(smallText)).toBeLessThan(WHOLE_BODY_BYTES);
      if (mode === "socket") {
        expect(large.headers.get("transfer-encoding")).toBe("chunked");
        expect(small.headers.get("content-length")).toBe(String(Buffer.byteLength(smallText)));
      }
      expect(JSON.parse(largeText).data.length).toBeGreaterThan(1000);
    });

    it("stream an empty answer as valid JSON", async () => {
      const interval = { start: "2019-01-01T00:00:00Z", end: "2019-01-02T00:00:00Z" };
      const answer = await post(harness, example, { filters: [], interval });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual([]);
    });
  });
});

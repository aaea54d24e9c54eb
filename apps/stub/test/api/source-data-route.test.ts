// POST …/source_data in process and over a socket, from a hand-made source: targets, interval,
// filters, limit, basic, the 404 of other workflow types, 400s and 405, checked against the contract.
import {
  BASIC_FIELDS,
  contract,
  errorBody,
  SOURCE_DATA_PATH,
  toBasicRow,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL, ORG } from "../helpers/fixtures";
import { apiHeaders, checkAnswer, type Harness, type Mode, startHarness } from "../helpers/harness";
import { INTERACTION, OUTER_GOALS, outerGoalSource } from "../helpers/outer-goals";

const JANUARY = { start: "2023-01-01T00:00:00Z", end: "2023-02-01T00:00:00Z" };
const sourceDataPath = (workflowId = INTERACTION) =>
  SOURCE_DATA_PATH.replace(":organization_id", ORG).replace(":workflow_id", workflowId);

describe.each(["in-process", "socket"] as Mode[])("the source_data route (%s)", (mode) => {
  let outer: Harness;
  beforeAll(async () => {
    outer = await startHarness(mode, { source: outerGoalSource() });
  });
  afterAll(() => outer.close());
  const postTo = (on: Harness, path: string, body: unknown) =>
    on.fetch(path, { method: "POST", headers: apiHeaders(), body: JSON.stringify(body) });

  describe("POST …/source_data", () => {
    const post = async (body: unknown, workflowId = INTERACTION) =>
      checkAnswer(await postTo(outer, sourceDataPath(workflowId), body), contract.getSourceData);
    const sorted = [...OUTER_GOALS].sort((a, b) => a.timestamp.localeCompare(b.timestamp));

    it("answers the outer goal events the workflow affected (the default target), in time order", async () => {
      const answer = await post({ filters: [], interval: JANUARY });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual(
        sorted.filter(
          ({ label, organization_id }) => label === INTERACTION && organization_id === ORG,
        ),
      );
    });

    it("answers every outer goal event of the organization with affected_goal_total", async () => {
      const answer = await post({ filters: [], interval: JANUARY, target: "affected_goal_total" });
      expect(answer.body.data).toEqual(
        sorted.filter(({ organization_id }) => organization_id === ORG),
      );
      expect(answer.body.data.map(({ label }: { label: string }) => label)).toContain("");
    });

    it("keeps [start, end), filters, limit and basic as the step endpoint does", async () => {
      const day = { start: "2023-01-01T12:00:00.000Z", end: "2023-01-03T00:00:00.000Z" };
      const inDay = await post({ filters: [], interval: day });
      expect(inDay.body.data.map(({ timestamp }: { timestamp: string }) => timestamp)).toEqual([
        "2023-01-01T12:00:00.000Z",
        "2023-01-02T10:00:00.000Z",
      ]);
      const firefox = await post({
        filters: [{ property: "browser_name", values: ["Firefox"] }],
        interval: JANUARY,
      });
      expect(firefox.body.data).toHaveLength(1);
      const first = await post({ filters: [], interval: JANUARY, limit: "1", basic: true });
      expect(first.body.fields).toEqual(BASIC_FIELDS);
      const affected = sorted.filter(({ label }) => label === INTERACTION);
      expect(first.body.data).toEqual(affected.slice(0, 1).map(toBasicRow));
    });

    it("answers 404 no_source_data for a workflow that is not an interaction workflow", async () => {
      const answer = await post({ filters: [], interval: JANUARY }, CALL);
      expect(answer.body).toEqual(errorBody("no_source_data", "giosg-default"));
    });

    it("answers 400 for step_data or an unknown target, 405 for another method", async () => {
      const stepData = await post({ filters: [], interval: JANUARY, step_data: [] });
      expect(stepData.status).toBe(400);
      const target = await post({ filters: [], interval: JANUARY, target: "default" });
      expect(target.body.errors[0].path).toBe("target");
      const response = await outer.fetch(sourceDataPath(), {
        method: "PUT",
        headers: apiHeaders(),
      });
      const answer = await checkAnswer(response, contract.getSourceData);
      expect([answer.status, answer.headers.get("allow")]).toEqual([405, "POST"]);
    });
  });
});

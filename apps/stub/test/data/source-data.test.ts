// source_data over the fixtures' dataset: the outer goal events a memory source and a generated one
// answer are the fixtures' own narrowed stream, for both targets, through the same HTTP route.
import {
  type AdvancedRow,
  contract,
  isOuterGoalEvent,
  SOURCE_DATA_PATH,
  type Workflow,
} from "@giosg-reporting/contract";
import { createDataset, iterateEvents } from "@giosg-reporting/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureSource } from "../../src/data/fixtures/fixture-source";
import { createStub, type Stub } from "../../src/index";
import { apiHeaders, checkAnswer } from "../helpers/harness";

const dataset = createDataset();
const RANGE = { start: "2022-12-01T00:00:00Z", end: "2023-02-01T00:00:00Z" };
const interaction = dataset.workflows.find(({ type }) => type === "interaction") as Workflow;

/** The fixtures' own stream of outer goal events for a target (their README's narrowing). */
function expected(target: "affected_goal" | "affected_goal_total"): AdvancedRow[] {
  return [
    ...iterateEvents(dataset, {
      ...(target === "affected_goal"
        ? { workflowIds: [interaction.id] }
        : { organizationIds: [interaction.organizationId] }),
      outerGoals: "only",
      from: RANGE.start,
      to: RANGE.end,
    }),
  ];
}

async function sourceData(stub: Stub, body: object) {
  const path = SOURCE_DATA_PATH.replace(":organization_id", interaction.organizationId).replace(
    ":workflow_id",
    interaction.id,
  );
  const response = await stub.fetch(`http://stub.test${path}`, {
    method: "POST",
    headers: apiHeaders(),
    body: JSON.stringify(body),
  });
  return checkAnswer(response, contract.getSourceData);
}

describe.each([
  ["in memory", true],
  ["generated per query", false],
] as const)("source_data from the fixtures' dataset (%s)", (_, materialize) => {
  let stub: Stub;
  beforeAll(() => {
    stub = createStub({ source: fixtureSource({}, materialize) });
  });

  it.each(["affected_goal", "affected_goal_total"] as const)(
    "answers the fixtures' outer goal events for %s",
    async (target) => {
      const rows = expected(target);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every(isOuterGoalEvent)).toBe(true);
      const answer = await sourceData(stub, { filters: [], interval: RANGE, target });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual(rows);
    },
  );

  it("keeps outer goal events out of the step endpoint's rows and its funnel", async () => {
    const all = [
      ...stub.source.events(interaction, Date.parse(RANGE.start), Date.parse(RANGE.end)),
    ];
    expect(all.length).toBeGreaterThan(0);
    expect(all.some(isOuterGoalEvent)).toBe(false);
  });
});

// A web navigation workflow (rows through the step_data funnel) exported for a month, every step and both targets: each (step, target) is the unlimited answer, as a multiset.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, isReportingApiError, type Target } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSourceData, openFileSink, parseInterval } from "../src";
import { type Covered, expectExact, multiset, rowsUnder } from "./helpers/exactness";
import { MONTH, ORGANIZATION } from "./helpers/files";

const TARGETS: readonly Target[] = ["default", "triggered_goal"];

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
  dir = await mkdtemp(join(tmpdir(), "export-web-"));
});
afterAll(async () => {
  await stub.close();
  await rm(dir, { recursive: true, force: true });
});

/** Daily windows over a month; hourly ones over two days, where more sessions cross a boundary. */
const CASES = [
  { window: "1d", interval: MONTH, windows: 30 },
  { window: "1h", interval: "2022-11-14T00:00:00Z/2022-11-16T00:00:00Z", windows: 48 },
] as const;

describe("the example organization's web navigation workflow", () => {
  it.each(CASES)(
    "$window windows over $interval: every step and both targets, each equal as a multiset to one unlimited request",
    async ({ window, interval, windows }) => {
      // The stub's embedded dataset has one web navigation workflow in the example organization.
      const web = stub.source.catalog.workflows.filter(
        (workflow) =>
          workflow.type === "web-navigation" && workflow.organizationId === ORGANIZATION,
      );
      expect(web).toHaveLength(1);
      const workflow = web[0];
      if (!workflow) throw new Error("no web navigation workflow");
      const steps = workflow.steps.map(({ index }) => index).filter((index) => index >= 1);
      expect(steps).toEqual([1, 2, 3, 4]);
      const client = createClient({ token: "demo", baseUrl: stub.url });
      // The step after the last is 404 step_not_found: these are every step the API answers for.
      const beyond = await client
        .getStepSourceData({
          organizationId: ORGANIZATION,
          workflowId: workflow.id,
          stepIndex: steps.length + 1,
          filters: [],
          interval: parseInterval(interval),
        })
        .catch((error: unknown) => error);
      expect(isReportingApiError(beyond, "api") && beyond.code).toBe("step_not_found");

      const covered: Covered = {
        organizationId: ORGANIZATION,
        workflowId: workflow.id,
        interval,
        steps,
        targets: TARGETS,
      };
      const summary = await exportSourceData({
        client,
        organizationId: ORGANIZATION,
        workflowId: workflow.id,
        interval: parseInterval(interval),
        steps,
        targets: TARGETS,
        window,
        sink: await openFileSink({ dir: join(dir, window), workflowId: workflow.id }),
      });
      expect(summary).toMatchObject({
        units: 4 * 2 * windows,
        written: 4 * 2 * windows,
        failures: [],
      });
      const out = join(dir, window);
      await expectExact(out, stub.url, covered);
      // Not vacuous: every step has rows, and goals were triggered somewhere in the funnel.
      let goals = 0;
      for (const step of steps) {
        expect(multiset(await rowsUnder(out, workflow.id, step, "default")).length).toBeGreaterThan(
          0,
        );
        goals += (await rowsUnder(out, workflow.id, step, "triggered_goal")).length;
      }
      expect(goals).toBeGreaterThan(0);
      expect(summary.rows).toBeGreaterThan(100);
    },
  );
});

// @ts-nocheck
// `steps: "all"` against the stub over a socket: the steps found are the catalogue's, probing ends at 404 step_not_found, other errors end the export.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExportError, exportSourceData, findSteps, openFileSink, parseInterval } from "../src";
import { wholeAnswer } from "./helpers/answers";
import { ndjsonRows, ORGANIZATION, WORKFLOW } from "./helpers/files";

const DAYS = parseInterval("2022-11-01T00:00:00Z/2022-11-04T00:00:00Z");

let stub: RunningStub;
let dir: string;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-steps-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The last step of the example workflow in the stub's catalogue (step 0 is the source step). */
function lastStep(): number {
  const workflow = stub.source.catalog.workflows.find(({ id }) => id === WORKFLOW);
  if (!workflow) throw new Error("the stub's catalogue has no example workflow");
  return workflow.steps.length - 1;
}

describe("steps: all", () => {
  it("finds steps 1 to the catalogue's last, one cheap request each, then exports each", async () => {
    const client = createClient({ token: "demo", baseUrl: stub.url });
    expect(lastStep()).toBeGreaterThan(1);
    const steps = Array.from({ length: lastStep() }, (_, index) => index + 1);
    stub.clearRequests();
    const summary = await exportSourceData({
      client,
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: DAYS,
      steps: "all",
      sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    });
    expect(summary.steps).toEqual(steps);
    expect(summary).toMatchObject({
      units: steps.length * 3,
      written: steps.length * 3,
      failures: [],
    });
    // The probes: one per step and the one answered step_not_found, each asking one row.
    const probes = stub.requests.filter((entry) => JSON.stringify(entry).includes('"limit":1'));
    expect(probes).toHaveLength(steps.length + 1);
    for (const step of steps)
      expect(await ndjsonRows(dir, step, "default")).toEqual(
        await wholeAnswer(client, DAYS, step, "default"),
      );
  });

  it("ends the export with an ExportError naming steps when a probe fails otherwise than step_not_found", async () => {
    // An unknown workflow answers 404 workflow_not_found: not the end of the steps, an error.
    const client = createClient({ token: "demo", baseUrl: stub.url });
    const probe = findSteps({
      client,
      organizationId: ORGANIZATION,
      workflowId: "00000000-0000-4000-8000-000000000000",
      window: DAYS,
    });
    await expect(probe).rejects.toThrow(ExportError);
    await expect(probe).rejects.toThrow(
      /^steps: all: finding the workflow's steps failed at step 1: /,
    );
    // A token the stub refuses: 401, an error too, and no file is written.
    const refused = exportSourceData({
      client: createClient({ token: "wrong", baseUrl: stub.url, retry: false }),
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: DAYS,
      steps: "all",
      sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    });
    await expect(refused).rejects.toThrow(/^steps: all: .*step 1/);
  });
});

// Asking the steps before any unit against the stub over a socket: `steps: "all"` finds the catalogue's (ending at 404 step_not_found), named steps are checked, errors end the export.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, isReportingApiError, type ReportingClient } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
} from "vitest";
import {
  ExportError,
  exportSourceData,
  findSteps,
  MAX_PROBED_STEPS,
  openFileSink,
  parseInterval,
} from "../src";
import { probeSteps } from "../src/plan/steps";
import { wholeAnswer } from "./helpers/answers";
import { startFakeRows } from "./helpers/fake-rows";
import { ndjsonRows, ORGANIZATION, WORKFLOW } from "./helpers/files";
import { startSilentServer } from "./helpers/silent-server";

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

describe("steps: all against servers that never end the list right", () => {
  const probeOf = (baseUrl: string) => ({
    client: createClient({ token: "demo", baseUrl, retry: false }),
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    window: DAYS,
  });

  it("a workflow whose step 1 is not found has no step: an ExportError saying so", async () => {
    const server = createServer((_, response) => {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ detail: "Step not found.", code: "step_not_found" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    await expect(findSteps(probeOf(`http://127.0.0.1:${port}`))).rejects.toThrow(
      "steps: all: the workflow has no step (step 1 answered 404 step_not_found)",
    );
  });

  it(`a server that answers every step: ${MAX_PROBED_STEPS + 1} probes, then an ExportError`, async () => {
    let asked = 0;
    const fake = await startFakeRows(() => {
      asked += 1;
      return [];
    });
    onTestFinished(() => fake.close());
    await expect(findSteps(probeOf(fake.url))).rejects.toThrow(
      `steps: all: step ${MAX_PROBED_STEPS + 1} still answered: a workflow has fewer steps; name them with --steps 1,2,…`,
    );
    expect(asked).toBe(MAX_PROBED_STEPS + 1);
  });
});

describe("named steps", () => {
  const exportDays = async (client: ReportingClient, steps: number[], workflowId = WORKFLOW) =>
    exportSourceData({
      client,
      organizationId: ORGANIZATION,
      workflowId,
      interval: DAYS,
      steps,
      sink: await openFileSink({ dir, workflowId }),
    });
  /** The requests the stub saw that asked for more than one row: a unit's. */
  const unitRequests = () =>
    stub.requests.filter((entry) => !JSON.stringify(entry.body).includes('"limit":1'));

  it.each([
    [
      "a token the API refuses",
      () => createClient({ token: "wrong", baseUrl: stub.url, retry: false }),
      [1, 2],
      WORKFLOW,
      /^steps: step 1 could not be read \(one row of 2022-11-01T00:00:00.000Z\/2022-11-02T00:00:00.000Z, asked before any unit\): .*401 authentication_failed/,
    ],
    [
      "a workflow the API does not know",
      () => createClient({ token: "demo", baseUrl: stub.url }),
      [1],
      "00000000-0000-4000-8000-000000000000",
      /^steps: step 1 could not be read .*404 workflow_not_found/,
    ],
    [
      "a step past the workflow's last, after one that is there",
      () => createClient({ token: "demo", baseUrl: stub.url }),
      [1, 99],
      WORKFLOW,
      /^steps: step 99 is not one of the workflow's \(404 step_not_found\): name its steps, or use --steps all$/,
    ],
  ])(
    "%s: an ExportError before any unit is asked",
    async (_name, clientOf, steps, workflowId, message) => {
      stub.clearRequests();
      const run = exportDays(clientOf(), steps, workflowId);
      await expect(run).rejects.toThrow(ExportError);
      await expect(run).rejects.toThrow(message);
      expect(stub.requests.length).toBeGreaterThan(0);
      expect(unitRequests()).toEqual([]);
    },
  );

  it("are each asked for one row of the first window left; a rerun with nothing left asks nothing", async () => {
    const client = createClient({ token: "demo", baseUrl: stub.url });
    // The first day is written alone; the three days' export then asks its probes for the second.
    await exportSourceData({
      client,
      organizationId: ORGANIZATION,
      workflowId: WORKFLOW,
      interval: parseInterval("2022-11-01T00:00:00Z/2022-11-02T00:00:00Z"),
      steps: [1, 2],
      sink: await openFileSink({ dir, workflowId: WORKFLOW }),
    });
    stub.clearRequests();
    expect(await exportDays(client, [1, 2])).toMatchObject({ written: 4, skipped: 2 });
    const probes = stub.requests.filter((entry) => !unitRequests().includes(entry));
    expect(probes.map(({ params, body }) => [params?.step_index, body])).toEqual(
      [1, 2].map((step) => [
        step,
        expect.objectContaining({
          limit: 1,
          interval: { start: "2022-11-02T00:00:00.000Z", end: "2022-11-03T00:00:00.000Z" },
        }),
      ]),
    );
    stub.clearRequests();
    expect(await exportDays(client, [1, 2])).toMatchObject({ written: 0, skipped: 6 });
    expect(stub.requests).toEqual([]);
  });

  it.each([
    ["named steps", [1]],
    ["steps: all", "all"],
  ] as const)(
    "%s: an abort while a probe waits rejects with the client's aborted error, not an ExportError",
    async (_name, steps) => {
      const silent = await startSilentServer();
      onTestFinished(() => silent.close());
      const controller = new AbortController();
      const reason = new Error("stopped by the caller");
      const run = exportSourceData({
        client: createClient({ token: "demo", baseUrl: silent.url }),
        organizationId: ORGANIZATION,
        workflowId: WORKFLOW,
        interval: DAYS,
        steps: steps === "all" ? "all" : [...steps],
        sink: await openFileSink({ dir, workflowId: WORKFLOW }),
        signal: controller.signal,
      });
      await silent.asked;
      controller.abort(reason);
      const error = await run.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).not.toBeInstanceOf(ExportError);
      expect(isReportingApiError(error, "aborted")).toBe(true);
      expect((error as Error).cause).toBe(reason);
    },
  );

  it("lets a probe's answer go once it has begun: a server that ignores limit and never ends holds nothing", async () => {
    const fake = await startFakeRows(
      () => ["2022-11-01T10:00:00.000Z"],
      () => true,
      { ignoresLimit: true },
    );
    onTestFinished(() => fake.close());
    await probeSteps(
      {
        client: createClient({ token: "demo", baseUrl: fake.url, retry: false }),
        organizationId: ORGANIZATION,
        workflowId: WORKFLOW,
        window: DAYS,
      },
      [1, 2],
    );
    // Each answer was cut by the client before its end (it never ends).
    await expect.poll(() => fake.cut()).toBe(2);
  });
});

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStub, startStub } from "../../src/index";
import { dataset, mutation, pathOf, range, SEED, validRequest } from "../helpers/fuzz-cases";
import { apiHeaders } from "../helpers/harness";

// Each case is bounded; the time-out only guards against a hang. 10^4 cases took 50–80 s of one
// test on a 2-core machine with another CPU-bound process running, past the suite's 60 s default.
const HANG_GUARD = { timeout: 600_000 };

describe("a fuzzed server over a socket", HANG_GUARD, () => {
  let running: RunningStub;
  beforeAll(async () => {
    running = await startStub({ dataset: range });
  });
  afterAll(() => running.close());

  it("stays up: 300 hostile requests, then the documentation's example still answers 200", async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest,
        mutation,
        async ({ target: { workflow, step } }, { apply }) => {
          const body = JSON.stringify(apply({ filters: [], interval: range }));
          const response = await fetch(
            `${running.url}${pathOf(workflow.organizationId, workflow.id, step)}`,
            { method: "POST", headers: apiHeaders(), body },
          );
          expect(response.status).toBeLessThan(500);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    const workflow = dataset.workflows[0];
    const ok = await fetch(
      `${running.url}${pathOf(workflow?.organizationId ?? "", workflow?.id ?? "", 1)}`,
      {
        method: "POST",
        headers: apiHeaders(),
        body: JSON.stringify({ filters: [], interval: range }),
      },
    );
    expect(ok.status).toBe(200);
  });
});

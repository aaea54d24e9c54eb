// Fuzzing the stub from the contract (fast-check): valid requests must get a 200 that the contract and
// the OpenAPI document accept; mutated ones the documented 4xx naming the failing field, never a 500.
// FUZZ_RUNS sets the number of cases (default 10^4 in all), FUZZ_SEED replays a run (its seed is printed).
import { stepSourceDataRequestSchema } from "@giosg-reporting/contract";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStub } from "../../src/index";
import { dataset, mutation, pathOf, RUNS, range, SEED, validRequest } from "../helpers/fuzz-cases";
import { apiHeaders, checkAnswer } from "../helpers/harness";

const stub = createStub({ dataset: range, maxBodyBytes: 256 * 1024 });

async function send(path: string, body: string, headers: Record<string, string> = apiHeaders()) {
  return checkAnswer(await stub.fetch(`http://stub${path}`, { method: "POST", headers, body }));
}

// Each case is bounded; the time-out only guards against a hang. 10^4 cases took 50–80 s of one
// test on a 2-core machine with another CPU-bound process running, past the suite's 60 s default.
const HANG_GUARD = { timeout: 600_000 };

describe("fuzzing the stub from the contract", HANG_GUARD, () => {
  it(`answers ${Math.round(RUNS * 0.2)} valid requests with a 200 the contract and the OpenAPI document accept`, async () => {
    await fc.assert(
      fc.asyncProperty(validRequest, async ({ target: { workflow, step }, payload: body }) => {
        expect(stepSourceDataRequestSchema.safeParse(body).success).toBe(true);
        const answer = await send(
          pathOf(workflow.organizationId, workflow.id, step),
          JSON.stringify(body),
        );
        expect(answer.status).toBe(200);
      }),
      { numRuns: Math.round(RUNS * 0.2), seed: SEED },
    );
  });

  it(`answers ${Math.round(RUNS * 0.7)} mutated payloads with the documented 4xx naming the field, never a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest,
        mutation,
        async ({ target: { workflow, step } }, { apply, paths }) => {
          const valid = { filters: [], interval: { start: range.start, end: range.end } };
          const mutated = apply(valid);
          const answer = await send(
            pathOf(workflow.organizationId, workflow.id, step),
            JSON.stringify(mutated),
          );
          // A mutation can land on a valid payload (filters = []): the contract is the oracle.
          if (stepSourceDataRequestSchema.safeParse(mutated).success) {
            expect([200, 406]).toContain(answer.status);
            return;
          }
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          if (answer.status === 400) {
            expect(answer.body.errors.length).toBeGreaterThan(0);
            expect(
              answer.body.errors.some(({ path }: { path: string }) => paths.test(path)),
              JSON.stringify(answer.body.errors),
            ).toBe(true);
          } else {
            expect([406, 413]).toContain(answer.status);
            if (answer.status === 406) expect(paths.test("406")).toBe(true);
          }
        },
      ),
      { numRuns: Math.round(RUNS * 0.7), seed: SEED },
    );
  });

  it(`answers ${Math.round(RUNS * 0.1)} bad URLs, content types and bodies with a 4xx in the API's shape`, async () => {
    const badId = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.uuid().map((id) => id.slice(1)),
        fc.constant("00000000-0000-4000-8000-00000000000g"),
      )
      // A valid UUID is no bad input; dot segments are resolved away from the route by URL parsing.
      .filter(
        (id) =>
          ![".", ".."].includes(id) &&
          !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
      );
    const badStep = fc
      .oneof(
        fc.constantFrom("0", "-1", "1.5", "abc", "01", "99999999999999999999", "%20"),
        fc.string({ maxLength: 5 }),
      )
      .filter((step) => ![".", ".."].includes(step) && !/^[1-9][0-9]*$/.test(step));
    const badBody = fc.oneof(
      fc.constantFrom("", "{", "[", "null", "true", '{"filters":', "\u0000", "{}".repeat(3)),
      fc.string({ maxLength: 50 }),
    );
    const contentType = fc.constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "",
      "application/jsonx",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(3),
        badId,
        badStep,
        badBody,
        contentType,
        async (which, id, step, body, type) => {
          const workflow = dataset.workflows[0];
          const org = workflow?.organizationId ?? "";
          const good = JSON.stringify({ filters: [], interval: range });
          const [path, payload, headers] =
            which === 0
              ? [pathOf(encodeURIComponent(id) || "x", workflow?.id ?? "", 1), good, apiHeaders()]
              : which === 1
                ? [
                    pathOf(org, workflow?.id ?? "", encodeURIComponent(step) || "x"),
                    good,
                    apiHeaders(),
                  ]
                : which === 2
                  ? [pathOf(org, workflow?.id ?? "", 1), body, apiHeaders()]
                  : [
                      pathOf(org, workflow?.id ?? "", 1),
                      good,
                      { ...apiHeaders(), "content-type": type },
                    ];
          const answer = await checkAnswer(
            await stub.fetch(`http://stub${path}`, { method: "POST", headers, body: payload }),
          );
          expect(answer.status, `${path} ${payload.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
        },
      ),
      { numRuns: Math.round(RUNS * 0.1), seed: SEED },
    );
  });
});
